package mim.core.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A torrent's identity: the SHA-1 of its info dictionary (v1, 20 bytes) or its SHA-256 (BEP 52 v2,
 * 32 bytes). Immutable, safe to share; equal when version and bytes are equal.
 *
 * <p>Factories throw {@link IllegalArgumentException} for a wrong length or malformed text.
 */
public final class InfoHash {
    public enum Version { V1, V2 }

    public static final int V1_LENGTH = 20;
    public static final int V2_LENGTH = 32;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Version version;
    private final byte[] bytes;

    private InfoHash(Version version, byte[] bytes) {
        this.version = version;
        this.bytes = bytes;
    }

    public static InfoHash v1(byte[] sha1) {
        if (sha1.length != V1_LENGTH) {
            throw new IllegalArgumentException("a v1 info-hash has 20 bytes, not " + sha1.length);
        }
        return new InfoHash(Version.V1, sha1.clone());
    }

    public static InfoHash v2(byte[] sha256) {
        if (sha256.length != V2_LENGTH) {
            throw new IllegalArgumentException("a v2 info-hash has 32 bytes, not " + sha256.length);
        }
        return new InfoHash(Version.V2, sha256.clone());
    }

    /** The v1 info-hash of bencoded info bytes. */
    public static InfoHash v1Of(byte[] info) {
        return new InfoHash(Version.V1, digest("SHA-1", info));
    }

    /** The v2 info-hash of bencoded info bytes. */
    public static InfoHash v2Of(byte[] info) {
        return new InfoHash(Version.V2, digest("SHA-256", info));
    }

    /** 40 hex digits give a v1 hash, 64 a v2 hash; either case. */
    public static InfoHash fromHex(String hex) {
        if (hex.length() != 2 * V1_LENGTH && hex.length() != 2 * V2_LENGTH) {
            throw new IllegalArgumentException("an info-hash has 40 or 64 hex digits, not " + hex.length());
        }
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex digit in info-hash '" + hex + "'");
            }
            b[i] = (byte) (hi << 4 | lo);
        }
        return new InfoHash(b.length == V1_LENGTH ? Version.V1 : Version.V2, b);
    }

    /** 32 base32 characters (RFC 4648, either case), the other spelling of a v1 hash in magnet links. */
    public static InfoHash fromBase32(String text) {
        if (text.length() != 32) {
            throw new IllegalArgumentException("a base32 info-hash has 32 characters, not " + text.length());
        }
        byte[] b = new byte[V1_LENGTH];
        long buffer = 0;
        int bits = 0;
        int out = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = BASE32.indexOf(Character.toUpperCase(text.charAt(i)));
            if (v < 0) {
                throw new IllegalArgumentException("not a base32 character in info-hash '" + text + "'");
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                b[out++] = (byte) (buffer >> bits);
            }
        }
        return new InfoHash(Version.V1, b);
    }

    public Version version() {
        return version;
    }

    /** A copy of the hash bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The first 20 bytes: the hash itself for v1; for v2, the truncated form that BEP 52 uses in the
     * peer handshake and in tracker and DHT requests.
     */
    public byte[] truncated() {
        return Arrays.copyOf(bytes, V1_LENGTH);
    }

    /** Lower-case hex. */
    public String hex() {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return s.toString();
    }

    /** Upper-case base32 of a v1 hash. */
    public String base32() {
        if (version != Version.V1) {
            throw new IllegalStateException("base32 is defined for v1 info-hashes only");
        }
        StringBuilder s = new StringBuilder(32);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                s.append(BASE32.charAt((buffer >> bits) & 31));
            }
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash h && version == h.version && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return version.name().toLowerCase(Locale.ROOT) + ":" + hex();
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }
}
