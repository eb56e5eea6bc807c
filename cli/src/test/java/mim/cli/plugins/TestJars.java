package mim.cli.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes plugin jars for tests: a manifest, some of the test classes, an extension index. */
public final class TestJars {
    private TestJars() {}

    public static Path plugin(Path folder, String file, Map<String, String> manifest, Class<?>... classes) throws IOException {
        return write(folder, file, manifest, classes);
    }

    public static Path pluginWithExtensions(Path folder, String file, Map<String, String> manifest,
            Class<?> pluginClass, Class<?>... extensions) throws IOException {
        Class<?>[] classes = new Class<?>[extensions.length + 1];
        classes[0] = pluginClass;
        System.arraycopy(extensions, 0, classes, 1, extensions.length);
        Path jar = write(folder, file, manifest, classes);
        StringBuilder index = new StringBuilder();
        for (Class<?> e : extensions) {
            index.append(e.getName()).append('\n');
        }
        try (var fs = java.nio.file.FileSystems.newFileSystem(jar)) {
            Path idx = fs.getPath("META-INF/extensions.idx");
            Files.writeString(idx, index.toString(), StandardCharsets.UTF_8);
        }
        return jar;
    }

    public static Map<String, String> manifest(String id, String version, String pluginClass) {
        return Map.of("Plugin-Id", id, "Plugin-Version", version, "Plugin-Class", pluginClass);
    }

    private static Path write(Path folder, String file, Map<String, String> entries, Class<?>... classes)
            throws IOException {
        Files.createDirectories(folder);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        entries.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        Path jar = folder.resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            for (Class<?> c : classes) {
                String name = c.getName().replace('.', '/') + ".class";
                j.putNextEntry(new JarEntry(name));
                try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(j);
                }
                j.closeEntry();
            }
        }
        return jar;
    }
}
