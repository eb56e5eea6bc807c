package mim.core.tracker;

import java.time.Duration;
import java.util.Random;

/**
 * How long to wait after every tracker of a torrent failed: {@link #BASE} after the first failed
 * round, doubling with each further one up to {@link #CAP}. Each wait is shortened by up to a fifth
 * at random, so that torrents which failed together (the network went down) do not all retry in the
 * same second. Stateless.
 */
final class Backoff {
    static final Duration BASE = Duration.ofSeconds(15);
    static final Duration CAP = Duration.ofMinutes(30);

    private Backoff() {}

    /** The wait after {@code failedRounds} (1 or more) rounds in a row failed. */
    static Duration delay(int failedRounds, Random random) {
        int doublings = Math.min(failedRounds - 1, 20);
        long nominal = Math.min(CAP.toMillis(), BASE.toMillis() << doublings);
        return Duration.ofMillis(nominal - (long) (nominal * 0.2 * random.nextDouble()));
    }

    /** A wait as a person reads it: {@code 14s}, {@code 2m5s}, {@code 30m}. */
    static String brief(Duration d) {
        long seconds = Math.max(1, (d.toMillis() + 500) / 1000);
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        long rest = seconds % 60;
        return rest == 0 ? minutes + "m" : minutes + "m" + rest + "s";
    }
}
