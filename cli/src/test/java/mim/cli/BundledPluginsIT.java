package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugins the distribution bundles, as packaged. */
class BundledPluginsIT {
    @TempDir
    Path home;

    @Test
    void everyBundledPluginJarHoldsAnExtensionIndexAndNoCopyOfTheApplication() throws Exception {
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("mim.home"), "plugins"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        assertFalse(jars.isEmpty(), "the distribution bundles no plugin");
        for (Path jar : jars) {
            PluginJars.assertSelfContained(jar);
        }
    }

    @Test
    void peerExchangeIsListedAsAnActiveBundledWireExtension() throws Exception {
        List<String> command = List.of(Programs.mim().toString(), "plugins", "--json");
        Programs.Run r = Programs.run(command, home, Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_DATA_HOME", home.resolve("data").toString()), 120);
        assertEquals(0, r.exit(), r.err());
        JsonNode pex = StreamSupport.stream(new ObjectMapper().readTree(r.out()).path("plugins").spliterator(), false)
                .filter(p -> p.path("id").asText().equals("pex")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(pex.path("active").asBoolean(), r.out());
        assertEquals("bundled", pex.path("origin").asText(), r.out());
        assertEquals("WireExtension", pex.path("extensions").get(0).path("point").asText(), r.out());
        assertEquals("mim.plugin.pex.PexExtension", pex.path("extensions").get(0).path("class").asText(), r.out());
    }
}
