package mim.core.bencode;

/**
 * A bencoded value: an integer, a byte string, a list or a dictionary (BEP 3).
 *
 * <p>The four kinds are records or final classes, immutable and safe to share between threads, so
 * callers read them with pattern matching ({@code if (v instanceof BDict d)}).
 */
public sealed interface BValue permits BInt, BString, BList, BDict {

    /** This value's canonical bencoding; see {@link BencodeWriter}. */
    default byte[] encode() {
        return BencodeWriter.encode(this);
    }
}
