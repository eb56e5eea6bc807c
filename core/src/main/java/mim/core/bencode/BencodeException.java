package mim.core.bencode;

import mim.core.MimException;

/**
 * Input that is not acceptable bencoding. The message names the byte offset where reading stopped,
 * for example {@code "invalid bencoding at byte 17: leading zero in integer"}.
 */
public class BencodeException extends MimException {
    private static final long serialVersionUID = 1L;

    /** Why the input was refused, for callers that map failures to their own categories. */
    public enum Reason {
        /** Not bencoding: an unexpected byte, a malformed integer, a string past the end, trailing bytes. */
        SYNTAX,
        /** Lists and dictionaries nested deeper than the reader allows. */
        DEPTH_EXCEEDED,
        /** The input is larger than the reader allows. */
        TOO_LARGE,
        /** Valid but not canonical where canonical form was required: keys unsorted or repeated. */
        NOT_CANONICAL
    }

    private final Reason reason;
    private final long offset;

    public BencodeException(Reason reason, long offset, String detail) {
        super("invalid bencoding at byte " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** The byte offset in the input where the problem was found. */
    public long offset() {
        return offset;
    }
}
