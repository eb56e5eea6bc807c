package mim.core.wire.mse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What both sides derive from the shared secret S and the torrent's info-hash SKEY (the 20 bytes
 * the BitTorrent handshake carries): the synchronisation hash the initiator sends in the clear,
 * the obfuscated info-hash, and the two RC4 streams, "keyA" for what the initiator (A) sends and
 * "keyB" for what the receiver (B) sends. HASH is SHA-1 of the concatenation.
 *
 * <p>Stateless; safe from any thread.
 */
final class MseKeys {
    static final int HASH_LENGTH = 20;

    private MseKeys() {
    }

    /** HASH('req1', S): the initiator's marker, which the receiver scans for. */
    static byte[] req1(byte[] s) {
        return hash(ascii("req1"), s);
    }

    /** HASH('req2', SKEY): what names a torrent without revealing its info-hash. */
    static byte[] req2(byte[] skey) {
        return hash(ascii("req2"), skey);
    }

    /** HASH('req2', SKEY) xor HASH('req3', S), as the initiator sends it; also its own inverse. */
    static byte[] obfuscate(byte[] req2, byte[] s) {
        byte[] req3 = hash(ascii("req3"), s);
        byte[] out = new byte[HASH_LENGTH];
        for (int i = 0; i < HASH_LENGTH; i++) {
            out[i] = (byte) (req2[i] ^ req3[i]);
        }
        return out;
    }

    /** The stream of what the initiator sends, from HASH('keyA', S, SKEY). */
    static Rc4 initiatorStream(byte[] s, byte[] skey) {
        return new Rc4(hash(ascii("keyA"), s, skey));
    }

    /** The stream of what the receiver sends, from HASH('keyB', S, SKEY). */
    static Rc4 receiverStream(byte[] s, byte[] skey) {
        return new Rc4(hash(ascii("keyB"), s, skey));
    }

    static byte[] hash(byte[]... parts) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (byte[] part : parts) {
                sha1.update(part);
            }
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
