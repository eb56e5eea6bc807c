package mim.core.bencode;

/** A bencoded integer. Bencoding allows any size; we keep what fits a {@code long}. Immutable. */
public record BInt(long value) implements BValue {

    public static BInt of(long value) {
        return new BInt(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
