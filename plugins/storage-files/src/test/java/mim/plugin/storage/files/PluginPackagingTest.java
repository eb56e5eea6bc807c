package mim.plugin.storage.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What goes into the plugin jar, checked on the compiled classes: PF4J's index of extensions, and
 * nothing but this plugin's own package (the application's classes must come from the application,
 * or PF4J would load a second copy of them from the plugin).
 */
class PluginPackagingTest {
    private static Path classesFolder() throws Exception {
        return Path.of(FilesPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theExtensionIndexListsTheBackend() throws Exception {
        Path index = classesFolder().resolve("META-INF/extensions.idx");
        List<String> entries = Files.readAllLines(index, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(List.of(FilesStorageBackend.class.getName()), entries);
    }

    @Test
    void onlyThePluginsOwnClassesAreCompiledIn() throws Exception {
        Path classes = classesFolder();
        try (Stream<Path> walk = Files.walk(classes)) {
            List<String> foreign = walk.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.startsWith("mim/plugin/storage/files/"))
                    .toList();
            assertEquals(List.of(), foreign);
        }
    }
}
