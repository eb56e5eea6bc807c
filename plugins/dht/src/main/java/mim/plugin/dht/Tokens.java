package mim.plugin.dht;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The tokens we hand out with get_peers answers and demand back with announce_peer (BEP 5): a hash
 * of the requester's IP and a secret that changes every five minutes. A token stays valid while
 * its secret is the current or the previous one, so between five and ten minutes, and only for the
 * IP it was given to; we keep no per-requester state.
 *
 * <p>Time comes from an injected clock (nanoseconds). Not thread-safe: the node's event loop owns it.
 */
final class Tokens {
    static final long ROTATE_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final int SECRET = 16;
    private static final int TOKEN = 8;

    private final LongSupplier clock;
    private final Random random;
    private byte[] current = new byte[SECRET];
    private byte[] previous = new byte[SECRET];
    private long rotatedAt;

    /** @param random the source of secrets; a {@link java.security.SecureRandom} outside tests */
    Tokens(LongSupplier nanoClock, Random random) {
        this.clock = nanoClock;
        this.random = random;
        random.nextBytes(current);
        random.nextBytes(previous);
        rotatedAt = nanoClock.getAsLong();
    }

    byte[] issue(InetAddress requester) {
        rotateIfDue();
        return token(current, requester);
    }

    boolean isValid(byte[] token, InetAddress requester) {
        rotateIfDue();
        return MessageDigest.isEqual(token, token(current, requester))
                || MessageDigest.isEqual(token, token(previous, requester));
    }

    private void rotateIfDue() {
        long now = clock.getAsLong();
        long periods = (now - rotatedAt) / ROTATE_NANOS;
        if (periods <= 0) {
            return;
        }
        // After two or more periods the previous secret has expired as well.
        previous = periods == 1 ? current : fresh();
        current = fresh();
        rotatedAt += periods * ROTATE_NANOS;
    }

    private byte[] fresh() {
        byte[] b = new byte[SECRET];
        random.nextBytes(b);
        return b;
    }

    private static byte[] token(byte[] secret, InetAddress requester) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(secret);
            sha1.update(requester.getAddress());
            return Arrays.copyOf(sha1.digest(), TOKEN);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java has SHA-1", e);
        }
    }
}
