package mim.core.wire.mse;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction's RC4 key stream, as MSE uses it: keyed with a 20-byte hash, its first 1024 bytes
 * thrown away (they leak the most about the key). Encrypting and decrypting are the same XOR.
 *
 * <p>Not thread-safe: a stream has one position, advanced by every byte it transforms; each belongs
 * to one channel and is used on its event loop only.
 */
final class Rc4 {
    static final int DISCARDED = 1024;
    /** Per event-loop thread, so that connections share it instead of each holding its own. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[16 * 1024];
        }
    };

    private final Cipher cipher;

    Rc4(byte[] key) {
        try {
            cipher = Cipher.getInstance("ARCFOUR");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime ships ARCFOUR in its SunJCE provider.
            throw new IllegalStateException("RC4 is not available in this Java runtime", e);
        }
        apply(new byte[DISCARDED], 0, DISCARDED);
    }

    /** Transforms {@code length} bytes of {@code bytes} from {@code offset}, in place. */
    void apply(byte[] bytes, int offset, int length) {
        try {
            cipher.update(bytes, offset, length, bytes, offset);
        } catch (ShortBufferException e) {
            throw new AssertionError("RC4 output is as long as its input", e);
        }
    }

    /** Transforms the given region of {@code buf} in place. */
    void apply(ByteBuf buf, int index, int length) {
        if (buf.hasArray()) {
            apply(buf.array(), buf.arrayOffset() + index, length);
            return;
        }
        byte[] scratch = SCRATCH.get();
        for (int done = 0; done < length; ) {
            int n = Math.min(scratch.length, length - done);
            buf.getBytes(index + done, scratch, 0, n);
            apply(scratch, 0, n);
            buf.setBytes(index + done, scratch, 0, n);
            done += n;
        }
    }

    /** Appends {@code src}'s readable bytes, transformed, to {@code dst}; {@code src} is left unread. */
    void transformInto(ByteBuf src, ByteBuf dst) {
        byte[] scratch = SCRATCH.get();
        int from = src.readerIndex();
        int length = src.readableBytes();
        for (int done = 0; done < length; ) {
            int n = Math.min(scratch.length, length - done);
            src.getBytes(from + done, scratch, 0, n);
            apply(scratch, 0, n);
            dst.writeBytes(scratch, 0, n);
            done += n;
        }
    }
}
