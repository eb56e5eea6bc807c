package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Set;
import mim.cli.plugins.PluginSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GlobalOptionsTest {
    private final PluginSettings configured = new PluginSettings(Set.of("peers-file"), Set.of("tracker-udp"));

    @AfterEach
    void forgetTheProperty() {
        System.clearProperty("mim.dht.persistence");
    }

    private static GlobalOptions parse(String... args) {
        GlobalOptions options = new GlobalOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void disableDhtTurnsTheDhtPluginOffAndKeepsTheRest() {
        PluginSettings applied = parse("--disable-dht").applyTo(configured);
        assertEquals(Set.of("tracker-udp", "dht"), applied.disable());
        assertEquals(Set.of("peers-file"), applied.enable());
        assertEquals("--disable-dht", applied.overrides().get("dht"));
    }

    @Test
    void withoutDhtOptionsTheSettingsAreUnchanged() {
        assertSame(configured, parse().applyTo(configured));
        assertEquals(null, System.getProperty("mim.dht.persistence"));
    }

    @Test
    void disableDhtPersistenceReachesThePluginsProperties() {
        parse("--disable-dht-persistence").applyTo(configured);
        assertEquals("false", System.getProperty("mim.dht.persistence"));
    }

    @Test
    void singleThreadRuntimeMeansOneNetworkThread() {
        assertEquals(1, parse("-s", "-t", "8").networkThreads());
        assertEquals(8, parse("-t", "8").networkThreads());
    }
}
