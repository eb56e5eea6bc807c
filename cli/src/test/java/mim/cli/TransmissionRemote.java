package mim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Debian's {@code transmission-remote} (3.00) run against an RPC at {@code host:port}, optionally with
 * credentials; {@link #debug} also returns the JSON answers it printed, as the server sent them.
 * Immutable.
 */
record TransmissionRemote(String hostPort, String auth, Path dir) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "got response (len ";

    TransmissionRemote(String hostPort, Path dir) {
        this(hostPort, null, dir);
    }

    /** Runs it with {@code args}; its output must say it succeeded. */
    String ok(String... args) {
        Programs.Run run = run(args);
        if (run.exit() != 0 || run.out().contains("Error:") || run.err().contains("Error:")) {
            throw new AssertionError("transmission-remote " + String.join(" ", args) + " failed (" + run.exit() + "):\n"
                    + run.out() + run.err());
        }
        return run.out();
    }

    Programs.Run run(String... args) {
        List<String> command = new ArrayList<>(List.of("transmission-remote", hostPort));
        if (auth != null) {
            command.addAll(List.of("--auth", auth));
        }
        command.addAll(Arrays.asList(args));
        try {
            return Programs.run(command, dir, 60);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs it with {@code --debug} and {@code args}: the JSON answers it got, in order. */
    List<JsonNode> debug(String... args) {
        List<String> all = new ArrayList<>(List.of("--debug"));
        all.addAll(Arrays.asList(args));
        Programs.Run run = run(all.toArray(String[]::new));
        String text = run.out() + "\n" + run.err();
        List<JsonNode> answers = new ArrayList<>();
        for (int at = text.indexOf(ANSWER); at >= 0; at = text.indexOf(ANSWER, at + 1)) {
            int start = text.indexOf("--------\n", at) + "--------\n".length();
            int end = text.indexOf("\n--------", start);
            try {
                answers.add(JSON.readTree(text.substring(start, end)));
            } catch (IOException e) {
                throw new AssertionError("transmission-remote printed an answer that is not JSON: " + text, e);
            }
        }
        return answers;
    }
}
