package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import mim.core.MimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dht.json: round trip, missing and broken files, and no temporary file left behind. */
class StateFileTest {
    @TempDir
    Path dir;
    private final Random random = new Random(13);

    @Test
    void savesAndLoadsOurIdAndNodes() throws Exception {
        Path file = dir.resolve("state/mim/dht.json");
        StateFile.State state = new StateFile.State(NodeId.random(random), List.of(
                new NodeInfo(NodeId.random(random), new InetSocketAddress("192.0.2.1", 6881)),
                new NodeInfo(NodeId.random(random), new InetSocketAddress("198.51.100.7", 51413))));
        StateFile.save(file, state);
        assertEquals(state, StateFile.load(file));

        StateFile.State next = new StateFile.State(state.id(), List.of());
        StateFile.save(file, next);
        assertEquals(next, StateFile.load(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void aMissingFileIsNoState() throws Exception {
        assertNull(StateFile.load(dir.resolve("absent.json")));
    }

    @Test
    void aBrokenFileIsAStorageFailureNamingIt() throws Exception {
        Path file = dir.resolve("dht.json");
        for (String content : List.of("{", "[]", "{\"id\":\"zz\"}",
                "{\"id\":\"" + "ab".repeat(20) + "\",\"nodes\":[{\"id\":\"" + "cd".repeat(20)
                        + "\",\"ip\":\"router.example\",\"port\":1}]}")) {
            Files.writeString(file, content);
            MimException.Storage e = assertThrows(MimException.Storage.class, () -> StateFile.load(file), content);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }
}
