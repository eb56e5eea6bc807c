package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tokens are bound to the requester's IP and live through the current and the previous secret. */
class TokensTest {
    private final AtomicLong clock = new AtomicLong(-42);
    private final Tokens tokens = new Tokens(clock::get, new Random(3));
    private final InetAddress alice = address("192.0.2.1");
    private final InetAddress bob = address("192.0.2.2");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void advanceMinutes(long m) {
        clock.addAndGet(TimeUnit.MINUTES.toNanos(m));
    }

    @Test
    void aTokenIsValidOnlyForTheIpItWasGivenTo() {
        byte[] token = tokens.issue(alice);
        assertTrue(tokens.isValid(token, alice));
        assertFalse(tokens.isValid(token, bob));
        assertFalse(tokens.isValid(new byte[token.length], alice));
        assertFalse(tokens.isValid(new byte[] {1}, alice));
    }

    @Test
    void aTokenOutlivesOneRotationButNotTwo() {
        byte[] token = tokens.issue(alice);
        advanceMinutes(4);
        assertArrayEquals(token, tokens.issue(alice), "same secret within five minutes");
        advanceMinutes(2);
        assertTrue(tokens.isValid(token, alice), "the previous secret still counts");
        assertFalse(java.util.Arrays.equals(token, tokens.issue(alice)), "a new secret gives new tokens");
        advanceMinutes(5);
        assertFalse(tokens.isValid(token, alice), "two rotations later it has expired");
    }

    @Test
    void aLongSilenceExpiresBothSecrets() {
        byte[] token = tokens.issue(alice);
        advanceMinutes(4);
        byte[] later = tokens.issue(alice);
        advanceMinutes(7);
        assertFalse(tokens.isValid(token, alice));
        assertFalse(tokens.isValid(later, alice), "more than two periods passed in one go");
    }
}
