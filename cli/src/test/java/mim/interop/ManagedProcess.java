package mim.interop;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One program a {@link Swarm} started: its process, its log (stdout and stderr together, in the
 * swarm's directory) and any further log files the program writes itself.
 *
 * <p>The swarm owns it and stops it on {@link Swarm#close()}; {@link Peer#stop()} stops it sooner.
 * Stopping sends SIGTERM to the process and to every descendant it had, waits a grace period, then
 * sends SIGKILL to whatever is left. Safe for use from any thread.
 */
public final class ManagedProcess {
    /** How long a program may take to say goodbye to its trackers before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private static final int TAIL_BYTES = 16 * 1024;

    private final String name;
    private final Process process;
    private final Path log;
    private final List<Path> extraLogs;

    private ManagedProcess(String name, Process process, Path log, List<Path> extraLogs) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.extraLogs = List.copyOf(extraLogs);
    }

    /**
     * Starts {@code command} in {@code workDir} with no input, its output in {@code log} and
     * {@code env} added to this JVM's environment.
     */
    static ManagedProcess start(String name, List<String> command, Path workDir, Path log,
                                List<Path> extraLogs, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        try {
            return new ManagedProcess(name, builder.start(), log, extraLogs);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file holding the program's stdout and stderr. */
    public Path log() {
        return log;
    }

    /** How many bytes the program has written to its log so far. */
    public long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the program's own output contains {@code fragment} (an ASCII marker) yet. */
    public boolean logContains(String fragment) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains(fragment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exit status, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Everything the program wrote so far, stdout and stderr interleaved. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the first output line matching {@code match} (a carriage return ends a line too,
     * as a redrawn status line does) and returns it.
     *
     * @throws AssertionError if {@code timeout} passes or the program exits first, with its log
     */
    public String awaitLine(String what, Predicate<String> match, Duration timeout) {
        String[] found = new String[1];
        Await.until(name + " printing " + what, timeout, () -> {
            found[0] = output().lines().flatMap(l -> Arrays.stream(l.split("\r")))
                    .filter(match).findFirst().orElse(null);
            return found[0] != null;
        }, this);
        return found[0];
    }

    /**
     * Waits for the program to exit by itself and returns its status.
     *
     * @throws AssertionError if it still runs after {@code timeout}, with its log
     */
    public int awaitExit(Duration timeout) {
        Await.until(name + " exiting", timeout, () -> !process.isAlive(), this);
        return process.exitValue();
    }

    /** SIGKILL to this pid alone, as a crash would; returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(GRACE);
    }

    /** SIGTERM to this pid alone, as Ctrl-C or a service manager would send; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /**
     * A paragraph for failure messages: name, pid, state and the last {@code lines} lines of each
     * of its logs.
     */
    public String describe(int lines) {
        String state = process.isAlive() ? "running" : "exited with status " + process.exitValue();
        StringBuilder out = new StringBuilder()
                .append("--- ").append(name).append(" (pid ").append(process.pid()).append(", ")
                .append(state).append(") ").append(log).append('\n');
        out.append(tail(log, lines));
        for (Path extra : extraLogs) {
            out.append("--- ").append(name).append(": ").append(extra).append('\n').append(tail(extra, lines));
        }
        return out.toString();
    }

    /** The last {@code lines} non-blank lines of a file; a carriage return ends a line too. */
    static String tail(Path file, int lines) {
        byte[] bytes;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - TAIL_BYTES);
            bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return "    (no such file)\n";
        } catch (IOException e) {
            return "    (unreadable: " + e.getMessage() + ")\n";
        }
        List<String> all = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("[\r\n]+"))
                .filter(l -> !l.isBlank())
                .collect(Collectors.toList());
        return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                .map(l -> "    " + l + "\n")
                .collect(Collectors.joining());
    }

    /**
     * Stops every given program and its descendants: SIGTERM to all at once, so their goodbyes run
     * in parallel, then SIGKILL to those still there after {@code grace}.
     */
    static void stopAll(Collection<ManagedProcess> processes, Duration grace) {
        // Descendants are collected before the parents die: afterwards they belong to init.
        List<ProcessHandle> handles = new ArrayList<>();
        for (ManagedProcess p : processes) {
            handles.add(p.process.toHandle());
            p.process.descendants().forEach(handles::add);
        }
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : handles) {
            awaitExit(handle, deadline - System.nanoTime());
        }
        List<ProcessHandle> stubborn = handles.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
        stubborn.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : stubborn) {
            awaitExit(handle, killDeadline - System.nanoTime());
        }
    }

    private static void awaitExit(ProcessHandle handle, long nanos) {
        try {
            handle.onExit().get(Math.max(1, nanos), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // Still alive: the caller escalates or reports it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
