package mim.core.wire.mse;

import java.math.BigInteger;
import java.util.Random;

/**
 * One side's Diffie-Hellman key pair in MSE's group: the 768-bit prime P below, generator 2, a
 * 160-bit private exponent. Public keys and the shared secret travel as 96 big-endian bytes,
 * zero-padded on the left.
 *
 * <p>Immutable once made; the private key never leaves this object.
 */
final class DiffieHellman {
    static final int KEY_LENGTH = 96;
    static final BigInteger P = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD"
                    + "3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563", 16);
    private static final BigInteger G = BigInteger.TWO;
    private static final BigInteger P_MINUS_ONE = P.subtract(BigInteger.ONE);

    private final BigInteger privateKey;
    private final byte[] publicKey;

    DiffieHellman(BigInteger privateKey) {
        this.privateKey = privateKey;
        this.publicKey = toBytes(G.modPow(privateKey, P));
    }

    /** A fresh pair; {@code random} is a SecureRandom except in tests. */
    static DiffieHellman generate(Random random) {
        return new DiffieHellman(new BigInteger(160, random));
    }

    /** Ours, to send: 96 bytes. */
    byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * S, from the peer's 96-byte public key. A key of 0, 1 or P - 1 (or not below P) would make S
     * guessable, so it is refused.
     */
    byte[] sharedSecret(byte[] theirs) throws EncryptionFailed {
        BigInteger y = new BigInteger(1, theirs);
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(P_MINUS_ONE) >= 0) {
            throw new EncryptionFailed("sent a degenerate Diffie-Hellman key");
        }
        return toBytes(y.modPow(privateKey, P));
    }

    private static byte[] toBytes(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[KEY_LENGTH];
        // toByteArray may add a sign byte (97 bytes) or be shorter than 96.
        int n = Math.min(raw.length, KEY_LENGTH);
        System.arraycopy(raw, raw.length - n, fixed, KEY_LENGTH - n, n);
        return fixed;
    }
}
