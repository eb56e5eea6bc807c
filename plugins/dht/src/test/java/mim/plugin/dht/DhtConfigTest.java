package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mim.core.MimException;
import org.junit.jupiter.api.Test;

/** The mim.dht.* properties the application sets from its flags. */
class DhtConfigTest {
    private final DhtConfig defaults = new DhtConfig();

    @Test
    void defaultsToThePublicRoutersTheListenPortAndTheStateFolder() throws Exception {
        DhtConfig c = DhtConfig.fromProperties(Map.of(), defaults);
        assertEquals(DhtConfig.PUBLIC_ROUTERS, c.bootstrap());
        assertEquals(0, c.port());
        assertEquals(Path.of("/s/mim/dht.json"), DhtConfig.defaultStateFile(Map.of("XDG_STATE_HOME", "/s"), "/h"));
        assertEquals(Path.of("/h/.local/state/mim/dht.json"), DhtConfig.defaultStateFile(Map.of(), "/h"));
        assertEquals(Path.of("/h/.local/state/mim/dht.json"),
                DhtConfig.defaultStateFile(Map.of("XDG_STATE_HOME", "relative"), "/h"));
    }

    @Test
    void readsEveryFlag() throws Exception {
        DhtConfig c = DhtConfig.fromProperties(Map.of("mim.dht.bootstrap", "127.0.0.1:6881,[::1]:7000, node.example:1",
                "mim.dht.port", "6999", "mim.dht.persistence", "false", "mim.dht.disabled", "true"), defaults);
        assertEquals(List.of(new DhtConfig.HostPort("127.0.0.1", 6881), new DhtConfig.HostPort("::1", 7000),
                new DhtConfig.HostPort("node.example", 1)), c.bootstrap());
        assertEquals("[::1]:7000", c.bootstrap().get(1).toString());
        assertEquals(6999, c.port());
        assertFalse(c.persistence());
        assertFalse(c.enabled());
    }

    @Test
    void refusesWhatIsNoAddressOrPort() {
        for (String bad : List.of("host", "host:", ":80", "host:0", "host:65536", "host:x")) {
            MimException.BadInput e = assertThrows(MimException.BadInput.class,
                    () -> DhtConfig.fromProperties(Map.of("mim.dht.bootstrap", bad), defaults));
            assertEquals("--dht-bootstrap: '" + bad + "' is not HOST:PORT", e.getMessage());
        }
        MimException.BadInput e = assertThrows(MimException.BadInput.class,
                () -> DhtConfig.fromProperties(Map.of("mim.dht.port", "70000"), defaults));
        assertEquals("--dht-port: '70000' is not a port (0 to 65535)", e.getMessage());
    }
}
