package mim.core.spi;

import java.time.Duration;

/**
 * How fast a torrent, or the whole session, may move data and how long it seeds. Each part may be
 * null: no limit of its own. Immutable.
 *
 * <p>For the session, the rates bound all torrents together and the seed limits apply to every torrent
 * that sets none of its own. For a torrent, its rates bound it alone, under the session's (it never
 * goes past either), and a seed limit it sets replaces the session's of the same kind.
 *
 * @param downloadBytesPerSecond payload bytes a second received, at least 1; null for no limit
 * @param uploadBytesPerSecond payload bytes a second sent, at least 1; null for no limit
 * @param seedRatio stop seeding once sent this many times the torrent's size (or what was received,
 *     if more); null for none
 * @param seedTime stop seeding after this long; null for none
 * @throws IllegalArgumentException for a rate below 1, a ratio that is negative or not a number, or a
 *     negative time; the message says which
 */
public record Limits(Long downloadBytesPerSecond, Long uploadBytesPerSecond, Double seedRatio, Duration seedTime) {
    public static final Limits NONE = new Limits(null, null, null, null);

    public Limits {
        if (downloadBytesPerSecond != null && downloadBytesPerSecond < 1) {
            throw new IllegalArgumentException("a download limit is at least 1 byte a second (null for none)");
        }
        if (uploadBytesPerSecond != null && uploadBytesPerSecond < 1) {
            throw new IllegalArgumentException("an upload limit is at least 1 byte a second (null for none)");
        }
        if (seedRatio != null && !(seedRatio >= 0 && seedRatio <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("a seed ratio is a number from 0 up (null for none)");
        }
        if (seedTime != null && seedTime.isNegative()) {
            throw new IllegalArgumentException("a seed time cannot be negative (null for none)");
        }
    }
}
