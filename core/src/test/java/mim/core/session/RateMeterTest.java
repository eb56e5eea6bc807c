package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateMeterTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aSteadyStreamReadsAsItsRate() {
        RateMeter m = new RateMeter();
        for (int t = 0; t < 60; t++) {
            m.add(1000, t * S);
        }
        assertEquals(1000, m.rate(59 * S + S / 2), 60);
        assertEquals(60_000, m.total());
    }

    @Test
    void aNewMeterAveragesOverTheTimeSeenSoFar() {
        RateMeter m = new RateMeter();
        m.add(5000, 100 * S);
        assertEquals(5000, m.rate(100 * S), "at least one bucket of time");
        m.add(5000, 101 * S);
        assertEquals(5000, m.rate(102 * S), "10,000 bytes over 2 seconds");
    }

    @Test
    void oldBytesSlideOutOfTheWindow() {
        RateMeter m = new RateMeter(Duration.ofSeconds(20), 20);
        m.add(20_000, 0);
        assertEquals(1000, m.rate(19 * S + S - 1), 1);
        assertEquals(0, m.rate(20 * S), "the burst left the window");
        m.add(40_000, 1000 * S);
        assertEquals(2000, m.rate(1019 * S + S - 1), 1, "a long idle spell is skipped in one step");
    }

    @Test
    void timeGoingBackwardsCountsAsTheLatestTime() {
        RateMeter m = new RateMeter(Duration.ofSeconds(4), 4);
        m.add(4000, 10 * S);
        m.add(4000, 5 * S);
        assertEquals(8000, m.rate(10 * S));
    }

    @Test
    void idleIsZero() {
        assertEquals(0, new RateMeter().rate(123));
        assertThrows(IllegalArgumentException.class, () -> new RateMeter().add(-1, 0));
    }
}
