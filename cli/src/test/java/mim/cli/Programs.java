package mim.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mim.interop.Mim;

/**
 * Runs short programs to their end from tests (the mim distribution, Maven, the BitTorrent tools
 * mim is checked against), with stdout and stderr apart. Long-running peers belong to the interop
 * harness ({@link mim.interop.Swarm}) instead. Stateless.
 */
final class Programs {
    /** What a program did. {@code out} is decoded as UTF-8; {@code outBytes} holds it raw. */
    record Run(int exit, String out, String err, byte[] outBytes) {}

    private Programs() {}

    /** The distribution's launcher, from the {@code mim.home} property that failsafe sets. */
    static Path mim() {
        return Mim.launcher();
    }

    /** Runs {@code mim args...} in {@code dir}. */
    static Run mim(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mim().toString()));
        command.addAll(Arrays.asList(args));
        return run(command, dir, 120);
    }

    /** Runs Debian's python3 (the one with python3-libtorrent) on a script given inline. */
    static Run python(Path dir, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(Arrays.asList(args));
        return run(command, dir, 120);
    }

    /**
     * Runs a program with its output in files (no pipe to fill), standard input closed, killing it and
     * its children if it outlives the timeout.
     */
    static Run run(List<String> command, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        return run(command, dir, Map.of(), timeoutSeconds);
    }

    /** As {@link #run(List, Path, long)}, with {@code env} added to the program's environment. */
    static Run run(List<String> command, Path dir, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("mim-run", ".out");
        Path err = Files.createTempFile("mim-run", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    fail(command + " did not finish within " + timeoutSeconds + "s:\n" + Files.readString(err));
                }
            } finally {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            byte[] bytes = Files.readAllBytes(out);
            return new Run(p.exitValue(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8),
                    Files.readString(err), bytes);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
