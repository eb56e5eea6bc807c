package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * What a plugin jar must hold: PF4J's index of its extensions, each indexed class inside the jar, and
 * outside the plugin's own package only libraries the application does not have (the tui plugin's
 * JLine). The application's classes (core, PF4J, Netty, OkHttp, Jackson, SLF4J) must come from the
 * application, or PF4J, which loads a plugin's own classes first, would load a second copy of them.
 */
final class PluginJars {
    private static Set<String> applicationClasses;

    private PluginJars() {}

    /** The class files of the distribution's lib/ jars. */
    private static synchronized Set<String> applicationClasses() throws IOException {
        if (applicationClasses == null) {
            Set<String> classes = new HashSet<>();
            List<Path> jars;
            try (Stream<Path> files = Files.list(Path.of(System.getProperty("mim.home"), "lib"))) {
                jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
            }
            for (Path jar : jars) {
                try (JarFile zip = new JarFile(jar.toFile())) {
                    zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).forEach(classes::add);
                }
            }
            applicationClasses = Set.copyOf(classes);
        }
        return applicationClasses;
    }

    static void assertSelfContained(Path jar) throws IOException {
        try (JarFile zip = new JarFile(jar.toFile())) {
            String pluginClass = zip.getManifest().getMainAttributes().getValue("Plugin-Class");
            assertNotNull(pluginClass, jar + " names no Plugin-Class");
            String ownPackage = pluginClass.substring(0, pluginClass.lastIndexOf('.') + 1).replace('.', '/');

            ZipEntry index = zip.getEntry("META-INF/extensions.idx");
            assertNotNull(index, jar + " has no extension index");
            List<String> extensions;
            try (InputStream in = zip.getInputStream(index)) {
                extensions = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            }
            assertFalse(extensions.isEmpty(), jar + " indexes no extension");
            for (String extension : extensions) {
                assertNotNull(zip.getEntry(extension.replace('.', '/') + ".class"),
                        jar + " indexes " + extension + " but does not hold it");
            }

            Set<String> application = applicationClasses();
            List<String> copies = zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith(ownPackage) && application.contains(n)).toList();
            assertEquals(List.of(), copies, jar + " holds copies of the application's classes");
        }
    }
}
