package mim.cli.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import mim.core.MimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondHolderFailsAtOnceNamingThePidOfTheFirst() throws Exception {
        Path state = dir.resolve("state/mim/server");
        try (StateLock first = StateLock.acquire(state)) {
            MimException e = assertThrows(MimException.class, () -> StateLock.acquire(state));
            long pid = ProcessHandle.current().pid();
            assertTrue(e.getMessage().equals("another mim server (pid " + pid + ") is using " + state
                    + "; stop it first, or start this one with --disable-persistence"), e.getMessage());
        }
        try (StateLock again = StateLock.acquire(state)) {
            assertTrue(Files.readString(state.resolve("lock")).strip().equals(Long.toString(ProcessHandle.current().pid())));
        }
    }
}
