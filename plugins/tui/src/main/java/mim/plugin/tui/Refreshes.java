package mim.plugin.tui;

/**
 * When the view reads the session afresh: at once on news (an event), else after a silence of
 * {@link #SILENCE_MILLIS} (the ticks come every second, so that long without one means the events
 * stopped), and every {@link #RETRY_MILLIS} while the session does not answer. One refresh at a time: news
 * that comes during one is kept for the next. Times are {@link System#nanoTime} readings. Confined to the
 * interface's thread.
 */
final class Refreshes {
    static final long SILENCE_MILLIS = 3000;
    static final long RETRY_MILLIS = 1000;

    private boolean news;
    private boolean running;
    private long next;

    /** Starts with a refresh due at {@code now}. */
    Refreshes(long now) {
        next = now;
    }

    /** Something happened in the session. */
    void news() {
        news = true;
    }

    /** Whether to start a refresh at {@code now}; if so it is counted as running until {@link #done}. */
    boolean start(long now, boolean failing) {
        if (running || !news && now - next < 0) {
            return false;
        }
        news = false;
        running = true;
        next = now + (failing ? RETRY_MILLIS : SILENCE_MILLIS) * 1_000_000;
        return true;
    }

    /** The refresh started last is over. */
    void done() {
        running = false;
    }
}
