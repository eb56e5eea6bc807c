package mim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on stderr for long hashing runs: percent, bytes, rate and time left,
 * redrawn five times a second by a daemon thread. It draws only on a terminal; otherwise
 * {@link #none()} counts and draws nothing, so output that goes to a file or a program stays clean.
 *
 * <p>{@link #add} is safe from any thread. States: drawing from {@link #start} until {@link #close},
 * which erases the line and stops the thread; closing twice is harmless.
 */
final class ProgressBar implements AutoCloseable {
    private static final long REDRAW_MILLIS = 200;
    private static final int WIDTH = 24;

    private final String label;
    private final long total;
    private final PrintWriter err;
    private final AtomicLong done = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private final Thread painter;

    private ProgressBar(String label, long total, PrintWriter err, boolean draw) {
        this.label = label;
        this.total = total;
        this.err = err;
        this.painter = draw ? new Thread(this::paintLoop, "mim-progress") : null;
        if (painter != null) {
            painter.setDaemon(true);
            painter.start();
        }
    }

    /** A bar for {@code total} bytes, drawn only when this process runs on a terminal. */
    static ProgressBar start(String label, long total, PrintWriter err) {
        return new ProgressBar(label, total, err, onTerminal());
    }

    /** A bar that draws nothing. */
    static ProgressBar none() {
        return new ProgressBar("", 0, null, false);
    }

    /** Java gives a console only when both standard input and output are terminals. */
    static boolean onTerminal() {
        return System.console() != null;
    }

    void add(long bytes) {
        done.addAndGet(bytes);
    }

    private void paintLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(REDRAW_MILLIS);
                draw();
            }
        } catch (InterruptedException e) {
            // close() stops the painter.
        }
    }

    private synchronized void draw() {
        err.print("\r" + line(label, total, done.get(), System.nanoTime() - startNanos) + "\u001b[K");
        err.flush();
    }

    /** The text of a bar for {@code total} bytes after {@code bytes} bytes and {@code nanos} nanoseconds. */
    static String line(String label, long total, long bytes, long nanos) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) bytes / total);
        int filled = (int) (fraction * WIDTH);
        double seconds = nanos / 1e9;
        double rate = seconds > 0 ? bytes / seconds : 0;
        String eta = rate > 0 ? clock((long) ((total - bytes) / rate)) : "--:--";
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s / %s %s/s ETA %s", label,
                "#".repeat(filled), " ".repeat(WIDTH - filled), (int) (fraction * 100),
                Sizes.human(bytes), Sizes.human(total), Sizes.human((long) rate), eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void close() {
        if (painter == null || !painter.isAlive()) {
            return;
        }
        painter.interrupt();
        try {
            painter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
