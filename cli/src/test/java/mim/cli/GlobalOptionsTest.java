package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import mim.cli.plugins.PluginSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class GlobalOptionsTest {
    private final PluginSettings configured = new PluginSettings(Set.of("peers-file"), Set.of("tracker-udp"));

    @AfterEach
    void forgetTheProperty() {
        System.clearProperty("mim.dht.persistence");
        System.clearProperty("mim.dht.bootstrap");
        System.clearProperty("mim.dht.port");
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
    void dhtBootstrapNodesAndPortReachThePluginsProperties() {
        PluginSettings applied = parse("--dht-bootstrap", "127.0.0.9:6881", "--dht-bootstrap", "[::1]:7000",
                "--dht-bootstrap", "router.example:6881", "--dht-port", "7777").applyTo(configured);
        assertEquals("127.0.0.9:6881,[::1]:7000,router.example:6881", System.getProperty("mim.dht.bootstrap"));
        assertEquals("7777", System.getProperty("mim.dht.port"));
        assertSame(configured, applied, "the plugin stays as configured");
    }

    @Test
    void withoutDhtFlagsThePluginKeepsItsDefaults() {
        parse().applyTo(configured);
        assertNull(System.getProperty("mim.dht.bootstrap"));
        assertNull(System.getProperty("mim.dht.port"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "host:", ":6881", "host:0", "host:65536", "::1:6881", "a,b:6881", "h:x"})
    void refusesADhtBootstrapThatIsNotHostAndPort(String value) {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--dht-bootstrap", value));
        assertTrue(e.getMessage().contains("'" + value + "' is not HOST:PORT"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "port"})
    void refusesADhtPortOutOfRange(String value) {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--dht-port", value));
        assertTrue(e.getMessage().contains("is not a port from 1 to 65535"), e.getMessage());
    }

    @Test
    void singleThreadRuntimeMeansOneNetworkThread() {
        assertEquals(1, parse("-s", "-t", "8").networkThreads());
        assertEquals(8, parse("-t", "8").networkThreads());
    }
}
