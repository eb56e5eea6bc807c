package mim.plugin.dht;

/**
 * A datagram that is not a KRPC message we can use; it is dropped and counted under its
 * {@link Reason}. Carries no stack trace: hostile input is routine, not exceptional.
 */
final class MalformedPacket extends Exception {
    private static final long serialVersionUID = 1L;

    enum Reason {
        /** Longer than {@link KrpcCodec#MAX_PACKET}. */
        OVERSIZED,
        /** Not bencoding (truncated, trailing bytes, too deep), or a message missing or mistyping a key. */
        MALFORMED,
        /** The {@code y} key is none of q, r, e. */
        UNKNOWN_TYPE
    }

    private final Reason reason;

    MalformedPacket(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
