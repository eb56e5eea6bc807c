package mim.plugin.tracker.udp;

import java.time.Duration;

/**
 * When an unanswered request is sent again (BEP 15): the n-th send waits {@code base * 2^n} for an
 * answer, for n from 0 to {@code maxExponent}; after the last wait the exchange fails. Immutable.
 *
 * <p>BEP 15's own numbers ({@link #BEP15}: 15 s, n up to 8) give up after about two hours, which
 * suits a lone tracker; a caller with other trackers to try (BEP 12 tiers) may prefer a shorter
 * schedule, or cancels the announce's future, which stops its retransmissions.
 */
public record Retransmission(Duration base, int maxExponent) {

    /** BEP 15: 15 s, 30 s, 60 s ... 3840 s; nine tries in all. */
    public static final Retransmission BEP15 = new Retransmission(Duration.ofSeconds(15), 8);

    public Retransmission {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("retransmission base must be positive");
        }
        if (maxExponent < 0 || maxExponent > 16) {
            throw new IllegalArgumentException("retransmission exponent " + maxExponent + " outside 0..16");
        }
    }

    /** How many sends an exchange makes at most before it gives up. */
    public int tries() {
        return maxExponent + 1;
    }

    /** How long the send after {@code timeouts} unanswered ones waits, in nanoseconds. */
    long waitNanos(int timeouts) {
        return base.toNanos() << timeouts;
    }
}
