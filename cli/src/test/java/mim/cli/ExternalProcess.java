package mim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program a test starts (mim's launcher, a libtorrent peer): its output lines collected as they
 * come, a wait for a line with a deadline, and a kill of exactly its pid when the test is done.
 */
final class ExternalProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread[] readers = new Thread[2];

    private ExternalProcess(Process process) {
        this.process = process;
        readers[0] = reader(process.getInputStream());
        readers[1] = reader(process.getErrorStream());
    }

    static ExternalProcess start(Path dir, List<String> command) throws IOException {
        return new ExternalProcess(new ProcessBuilder(command).directory(dir.toFile()).start());
    }

    /** The distribution's launcher with these arguments. */
    static List<String> mim(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("mim.home"), "bin", "mim").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The libtorrent peer script, run by the system Python that has python3-libtorrent. */
    static List<String> libtorrent(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Path script() {
        try {
            return Path.of(ExternalProcess.class.getResource("/interop/lt_peer.py").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The first output line (stdout or stderr) matching, waiting for it up to {@code timeout}. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && readersDone())) {
                    throw new AssertionError("no matching line within " + timeout + "; output:\n" + output());
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
        }
    }

    /** Waits for the exit, up to {@code timeout}; the exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output:\n" + output());
        }
        for (Thread t : readers) {
            t.join(5000);
        }
        return process.exitValue();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** SIGKILL to this process's pid, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C or a service manager would stop it. */
    void terminate() {
        process.destroy();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private boolean readersDone() {
        return !readers[0].isAlive() && !readers[1].isAlive();
    }

    private Thread reader(InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process is gone.
            }
            synchronized (lines) {
                lines.notifyAll();
            }
        }, "output of pid " + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }
}
