package mim.plugin.tui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RefreshesTest {
    private static final long MS = 1_000_000;

    @Test
    void refreshesOnEachEventAndNeverOnAClockWhileTicksCome() {
        Refreshes r = new Refreshes(0);
        assertTrue(r.start(0, false), "the first frame reads the session");
        r.done();
        for (long t = 1000; t <= 10_000; t += 1000) {
            assertFalse(r.start(t * MS - 1, false), "nothing between ticks, at " + t);
            r.news();
            assertTrue(r.start(t * MS, false), "a tick reads the session, at " + t);
            r.done();
        }
    }

    @Test
    void newsDuringARefreshIsKeptForTheNext() {
        Refreshes r = new Refreshes(0);
        assertTrue(r.start(0, false));
        r.news();
        assertFalse(r.start(10 * MS, false), "one refresh at a time");
        r.done();
        assertTrue(r.start(20 * MS, false), "the event that came meanwhile");
        r.done();
        assertFalse(r.start(30 * MS, false));
    }

    @Test
    void aSilenceReadsTheSessionAnywayAndAFailureIsRetriedEachSecond() {
        Refreshes r = new Refreshes(0);
        assertTrue(r.start(0, false));
        r.done();
        assertFalse(r.start(Refreshes.SILENCE_MILLIS * MS - 1, false));
        assertTrue(r.start(Refreshes.SILENCE_MILLIS * MS, false), "no event for the silence: the events stopped");
        r.done();
        long failedAt = Refreshes.SILENCE_MILLIS * MS;
        assertTrue(r.start(failedAt + Refreshes.SILENCE_MILLIS * MS, true));
        r.done();
        long next = failedAt + Refreshes.SILENCE_MILLIS * MS + Refreshes.RETRY_MILLIS * MS;
        assertFalse(r.start(next - 1, true));
        assertTrue(r.start(next, true), "while failing, again a second later");
    }
}
