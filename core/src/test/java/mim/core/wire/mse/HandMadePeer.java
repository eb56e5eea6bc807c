package mim.core.wire.mse;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One side of an MSE handshake spelled out field by field from the specification, so that a test
 * can send what our handlers never would: another crypto method, a wrong VC, oversized pads.
 * Its streams continue past the handshake for reading and writing the payload.
 */
final class HandMadePeer {
    private final DiffieHellman keys = new DiffieHellman(new BigInteger("5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed", 16));
    private byte[] s;
    private Rc4 out;
    private Rc4 in;

    /** Step 1 or 2: our public key and {@code pad} bytes of padding. */
    byte[] publicKey(int pad) {
        return concat(keys.publicKey(), new byte[pad]);
    }

    void agree(byte[] theirKey) throws EncryptionFailed {
        s = keys.sharedSecret(Arrays.copyOf(theirKey, DiffieHellman.KEY_LENGTH));
    }

    /** Step 3, as side A. */
    byte[] request(byte[] skey, long vc, int provide, int padC, byte[] ia) {
        byte[] sealed = ByteBuffer.allocate(8 + 4 + 2 + padC + 2 + ia.length)
                .putLong(vc).putInt(provide).putShort((short) padC).put(new byte[padC])
                .putShort((short) ia.length).put(ia).array();
        return concat(hashes(skey), encrypt(sealed));
    }

    /** Step 3's clear part, as side A: the two hashes; what follows goes through {@link #encrypt}. */
    byte[] hashes(byte[] skey) {
        out = MseKeys.initiatorStream(s, skey);
        in = MseKeys.receiverStream(s, skey);
        return concat(MseKeys.req1(s), MseKeys.obfuscate(MseKeys.req2(skey), s));
    }

    /** Step 4, as side B. */
    byte[] selection(byte[] skey, int select, int padD) {
        out = MseKeys.receiverStream(s, skey);
        in = MseKeys.initiatorStream(s, skey);
        return encrypt(ByteBuffer.allocate(8 + 4 + 2 + padD).putLong(0).putInt(select).putShort((short) padD).array());
    }

    byte[] encrypt(byte[] plain) {
        byte[] copy = plain.clone();
        out.apply(copy, 0, copy.length);
        return copy;
    }

    byte[] decrypt(byte[] sealed) {
        byte[] copy = sealed.clone();
        in.apply(copy, 0, copy.length);
        return copy;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }
}
