package mim.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A terminal for a full-screen program: a tmux server of the swarm's own (on a socket of its own, so a
 * person's tmux is never touched, and not a daemon, so the swarm stops it by pid on close) holding one
 * window of a given size. Keys are sent and the screen read as text, as a person would see it.
 * Confined to the test's thread.
 */
public final class Tmux {
    private static final AtomicInteger SOCKETS = new AtomicInteger();
    private static final Duration COMMAND = Duration.ofSeconds(20);

    private final String socket;
    private final ManagedProcess server;
    private final Path exitFile;

    private Tmux(String socket, ManagedProcess server, Path exitFile) {
        this.socket = socket;
        this.server = server;
        this.exitFile = exitFile;
    }

    /**
     * Runs {@code command} in a new {@code width} x {@code height} window; the pane stays after the
     * command ends, so what it left on the screen can be read, and its exit code is kept.
     */
    public static Tmux start(Swarm swarm, int width, int height, List<String> command) {
        String socket = "mim-it-" + ProcessHandle.current().pid() + "-" + SOCKETS.incrementAndGet();
        Path dir = swarm.newDir("tmux");
        Path config = dir.resolve("tmux.conf");
        Path exitFile = dir.resolve("exit-code");
        try {
            Files.writeString(config, "set -g remain-on-exit on\nset -g status off\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ManagedProcess server = swarm.start("tmux", List.of("tmux", "-L", socket, "-f", config.toString(), "-D"), dir,
                List.of());
        Tmux tmux = new Tmux(socket, server, exitFile);
        // The server makes its socket once started: until then a client would start a daemon of its own.
        Await.until("tmux server on socket " + socket, COMMAND,
                () -> tmux.tryRun("show-options", "-g", "status") != null
                || !server.isAlive(), server);
        StringBuilder shell = new StringBuilder();
        for (String word : command) {
            shell.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        shell.append("; echo $? > '").append(exitFile).append("'");
        tmux.run("new-session", "-d", "-x", Integer.toString(width), "-y", Integer.toString(height), shell.toString());
        return tmux;
    }

    /** The screen as text, one line a row, without the styles. */
    public String capture() {
        return run("capture-pane", "-p");
    }

    /** Keys as tmux names them: {@code p}, {@code Enter}, {@code Escape}, {@code Space}, or text. */
    public void send(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Text typed as it is, never read as key names (nor, when it starts with a dash, as an option). */
    public void type(String text) {
        run("send-keys", "-t", "0", "-l", "--", text);
    }

    public void resize(int width, int height) {
        run("resize-window", "-t", "0", "-x", Integer.toString(width), "-y", Integer.toString(height));
    }

    /** The command's exit code, once it ended. */
    public Integer exitCode() {
        try {
            return Files.exists(exitFile) ? Integer.valueOf(Files.readString(exitFile).strip()) : null;
        } catch (IOException | NumberFormatException e) {
            return null; // being written
        }
    }

    /** Ends the tmux server and what runs in it. */
    public void kill() {
        tryRun("kill-server");
        server.kill();
    }

    private String run(String... args) {
        String out = tryRun(args);
        if (out == null) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed:\n" + server.describe(20));
        }
        return out;
    }

    /** Runs a tmux client command; its output, or null when it failed. */
    private String tryRun(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
