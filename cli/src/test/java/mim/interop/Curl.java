package mim.interop;

import java.util.ArrayList;
import java.util.List;

/** Debian's curl, as a user types it against the API, run to its end as a process of the swarm. */
public final class Curl {
    private Curl() {}

    /**
     * Runs {@code curl -sS ARGS...} and returns what it printed (with {@code -o FILE}, only what
     * {@code -w} or {@code -D -} print). An HTTP error status is not a failure of curl; a transfer
     * error is, and throws with its log.
     */
    public static String run(Swarm swarm, String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS"));
        command.addAll(List.of(args));
        return swarm.run("curl", command);
    }
}
