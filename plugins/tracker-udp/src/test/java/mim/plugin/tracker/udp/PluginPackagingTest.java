package mim.plugin.tracker.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What goes into the plugin jar, checked on the compiled classes: PF4J's index naming the client,
 * and only this plugin's package (Netty, core and PF4J must come from the application).
 */
class PluginPackagingTest {
    private static Path classesFolder() throws Exception {
        return Path.of(UdpTrackerPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theExtensionIndexListsTheClient() throws Exception {
        Path index = classesFolder().resolve("META-INF/extensions.idx");
        List<String> entries = Files.readAllLines(index, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(List.of(UdpTrackerClient.class.getName()), entries);
    }

    @Test
    void onlyThePluginsOwnClassesAreCompiledIn() throws Exception {
        Path classes = classesFolder();
        try (Stream<Path> walk = Files.walk(classes)) {
            List<String> foreign = walk.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.startsWith("mim/plugin/tracker/udp/"))
                    .toList();
            assertEquals(List.of(), foreign);
        }
    }
}
