package mim.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The plugins the distribution bundles, as packaged. */
class BundledPluginsIT {
    @Test
    void everyBundledPluginJarHoldsOnlyItsOwnClassesAndAnExtensionIndex() throws Exception {
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("mim.home"), "plugins"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        assertFalse(jars.isEmpty(), "the distribution bundles no plugin");
        for (Path jar : jars) {
            PluginJars.assertSelfContained(jar);
        }
    }
}
