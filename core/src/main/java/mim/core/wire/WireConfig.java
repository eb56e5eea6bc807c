package mim.core.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * Our side of the wire: who we are, what we accept and how long we wait.
 *
 * @param peerId             our peer id, sent in every handshake
 * @param reserved           the extension bits we announce; an extension is in effect on a
 *                           connection only when both sides set its bit
 * @param maxBlockLength     the largest block we serve or accept in a request, piece, cancel or
 *                           reject; larger requests are refused (most clients refuse past 16 KiB)
 * @param maxExtendedPayload the largest BEP 10 payload we accept; a ut_metadata piece is 16 KiB
 *                           plus its bencoded header, hence the default of 17 KiB
 * @param keepAliveInterval  send a keep-alive after writing nothing for this long
 * @param readWriteTimeout   drop a peer that sends nothing, or accepts none of our writes, for
 *                           this long ({@code --peer-read-write-timeout})
 * @param connectTimeout     give up a connection attempt after this long ({@code --peer-connect-timeout})
 * @param encryption         whether connections use Message Stream Encryption ({@code --encryption})
 * @param encryptionTimeout  drop a connection whose encrypted handshake has not completed this
 *                           long after it began, however slowly the peer keeps sending
 *
 * <p>Immutable.
 */
public record WireConfig(
        PeerId peerId,
        Reserved reserved,
        int maxBlockLength,
        int maxExtendedPayload,
        Duration keepAliveInterval,
        Duration readWriteTimeout,
        Duration connectTimeout,
        EncryptionPolicy encryption,
        Duration encryptionTimeout) {

    /**
     * Below two minutes, where common clients drop a silent peer (libtorrent's default peer
     * timeout is 120 s), and above the minute some of them send their own keep-alives at.
     */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(90);

    // The frame header (4) is stripped before the limit applies: id (1) + piece + offset (8).
    private static final int PIECE_HEADER = 1 + 8;

    /** Ample for the two round trips and at most 1.5 KB an encrypted handshake takes. */
    public static final Duration DEFAULT_ENCRYPTION_TIMEOUT = Duration.ofSeconds(30);

    public WireConfig {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(encryption, "encryption");
        if (maxBlockLength <= 0 || maxExtendedPayload < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        requirePositive(keepAliveInterval, "keep-alive interval");
        requirePositive(readWriteTimeout, "read/write timeout");
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(encryptionTimeout, "encryption timeout");
    }

    /**
     * Must outlast the peers' keep-alive interval: clients send one every two minutes of silence, so
     * a shorter timeout would drop healthy, quiet peers (two seeds, or a choked leecher).
     */
    public static final Duration DEFAULT_READ_WRITE_TIMEOUT = Duration.ofSeconds(150);

    /**
     * Fast and extension protocol announced, 16 KiB blocks, keep-alive every 90 s, and the
     * command line's defaults for the timeouts (150 s read/write, 2 s connect, 30 s for an
     * encrypted handshake). Encryption is {@link EncryptionPolicy#DISABLE}d, the plain protocol,
     * until a caller chooses a policy with {@link #withEncryption}.
     */
    public static WireConfig defaults(PeerId peerId) {
        return new WireConfig(peerId, Reserved.NONE.with(Reserved.FAST | Reserved.EXTENSION_PROTOCOL),
                BlockRef.STANDARD_LENGTH, BlockRef.STANDARD_LENGTH + 1024, DEFAULT_KEEP_ALIVE,
                DEFAULT_READ_WRITE_TIMEOUT, Duration.ofSeconds(2), EncryptionPolicy.DISABLE,
                DEFAULT_ENCRYPTION_TIMEOUT);
    }

    public WireConfig withReserved(Reserved value) {
        return new WireConfig(peerId, value, maxBlockLength, maxExtendedPayload, keepAliveInterval,
                readWriteTimeout, connectTimeout, encryption, encryptionTimeout);
    }

    public WireConfig withMaxBlockLength(int value) {
        return new WireConfig(peerId, reserved, value, maxExtendedPayload, keepAliveInterval,
                readWriteTimeout, connectTimeout, encryption, encryptionTimeout);
    }

    public WireConfig withTimeouts(Duration keepAlive, Duration readWrite, Duration connect) {
        return new WireConfig(peerId, reserved, maxBlockLength, maxExtendedPayload, keepAlive, readWrite, connect,
                encryption, encryptionTimeout);
    }

    public WireConfig withEncryption(EncryptionPolicy policy) {
        return new WireConfig(peerId, reserved, maxBlockLength, maxExtendedPayload, keepAliveInterval,
                readWriteTimeout, connectTimeout, policy, encryptionTimeout);
    }

    public WireConfig withEncryptionTimeout(Duration value) {
        return new WireConfig(peerId, reserved, maxBlockLength, maxExtendedPayload, keepAliveInterval,
                readWriteTimeout, connectTimeout, encryption, value);
    }

    /**
     * The longest frame (after its 4-byte length) a peer may send on a torrent of {@code pieceCount}
     * pieces: the largest of a piece message with a full block, the bitfield message, and an
     * extended message. Anything longer is refused as soon as its length is read, before it is
     * buffered.
     */
    public int maxFrameLength(int pieceCount) {
        long bitfield = 1L + Message.Bitfield.byteCount(pieceCount);
        long extended = 2L + maxExtendedPayload;
        long piece = (long) PIECE_HEADER + maxBlockLength;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(piece, Math.max(bitfield, extended)));
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }
}
