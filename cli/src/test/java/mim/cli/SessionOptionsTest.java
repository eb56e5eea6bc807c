package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import mim.core.MimException;
import mim.core.spi.Limits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SessionOptionsTest {
    private final Limits kept = new Limits(1000L, 2000L, 1.5, Duration.ofHours(3));

    private static SessionOptions parse(String... args) {
        SessionOptions options = new SessionOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void optionsNotGivenKeepTheLimitsTheApiSetBeforeARestart() {
        assertEquals(kept, parse().limitsOver(kept));
    }

    @Test
    void optionsGivenWinAndZeroMeansNoLimit() {
        assertEquals(new Limits(5L << 20, null, 1.5, Duration.ofMinutes(30)),
                parse("--download-limit", "5M", "--upload-limit", "0", "--seed-time", "30m").limitsOver(kept));
        assertEquals(new Limits(1000L, 2000L, 2.0, Duration.ofHours(3)), parse("--seed-ratio", "2").limitsOver(kept));
    }

    @Test
    void theReadCacheIsASizeThirtyTwoMebibytesUnlessGiven() throws Exception {
        assertEquals(32L << 20, parse().readCacheBytes());
        assertEquals(8L << 20, parse("--read-cache", "8M").readCacheBytes());
        assertEquals(0, parse("--read-cache", "0").readCacheBytes());
        assertEquals("--read-cache lots: not a size (examples: 32M, 8M, 0)",
                assertThrows(MimException.BadInput.class, () -> parse("--read-cache", "lots").readCacheBytes()).getMessage());
    }
}
