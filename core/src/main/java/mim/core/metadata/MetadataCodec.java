package mim.core.metadata;

import mim.core.bencode.BDict;
import mim.core.bencode.BencodeReader;
import mim.core.wire.ProtocolViolation;

/** What {@link MetadataMessage#decode} needs and the public surface should not show. Stateless. */
final class MetadataCodec {
    /** A flat dictionary, then the piece's bytes for data messages. */
    static final BencodeReader READER = BencodeReader.strict().withMaxDepth(1).allowingTrailingData();

    private MetadataCodec() {}

    static long integer(BDict d, String key) throws ProtocolViolation {
        long v = d.integer(key, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE) {
            throw new ProtocolViolation("ut_metadata message without integer '" + key + "'");
        }
        return v;
    }
}
