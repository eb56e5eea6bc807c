package mim.core.bencode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bencoded dictionary: byte-string keys, in the order they were read or added.
 *
 * <p>Bencoding requires keys sorted as raw bytes and unique. The reader accepts dictionaries that
 * break this rule (real torrents do, and their info-hash is over the bytes as they are), so a
 * dictionary remembers whether its keys were canonical ({@link #hasCanonicalKeys()}); a caller that
 * must insist, such as a BEP 52 info dictionary, checks. With a repeated key, lookups see the first
 * entry. The writer always emits keys sorted and refuses duplicates.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class BDict implements BValue {
    /** Dictionaries up to this size are searched linearly; larger ones get a hash index. */
    private static final int INDEX_THRESHOLD = 8;

    private final List<BString> keys;
    private final List<BValue> values;
    private final Map<BString, BValue> index;
    private final boolean canonicalKeys;

    BDict(List<BString> keys, List<BValue> values) {
        this.keys = Collections.unmodifiableList(keys);
        this.values = Collections.unmodifiableList(values);
        boolean canonical = true;
        for (int i = 1; i < keys.size() && canonical; i++) {
            canonical = keys.get(i - 1).compareTo(keys.get(i)) < 0;
        }
        this.canonicalKeys = canonical;
        if (keys.size() > INDEX_THRESHOLD) {
            Map<BString, BValue> map = new HashMap<>(keys.size() * 2);
            for (int i = 0; i < keys.size(); i++) {
                map.putIfAbsent(keys.get(i), values.get(i));
            }
            this.index = map;
        } else {
            this.index = null;
        }
    }

    public static BDict empty() {
        return new BDict(List.of(), List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return keys.size();
    }

    /** The keys in order, duplicates included. */
    public List<BString> keys() {
        return keys;
    }

    /** The values, in the order of {@link #keys()}. */
    public List<BValue> values() {
        return values;
    }

    /** True when the keys are sorted as raw bytes and unique, as bencoding requires. */
    public boolean hasCanonicalKeys() {
        return canonicalKeys;
    }

    public BValue get(BString key) {
        if (index != null) {
            return index.get(key);
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equals(key)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** The value under {@code key} (UTF-8), or null. */
    public BValue get(String key) {
        return get(BString.of(key));
    }

    public boolean containsKey(String key) {
        return get(key) != null;
    }

    /** The dictionary under {@code key}, or null if absent or of another kind. */
    public BDict dict(String key) {
        return get(key) instanceof BDict d ? d : null;
    }

    /** The list under {@code key}, or null if absent or of another kind. */
    public BList list(String key) {
        return get(key) instanceof BList l ? l : null;
    }

    /** The byte string under {@code key}, or null if absent or of another kind. */
    public BString string(String key) {
        return get(key) instanceof BString s ? s : null;
    }

    /** The integer under {@code key}, or {@code fallback} if absent or of another kind. */
    public long integer(String key, long fallback) {
        return get(key) instanceof BInt i ? i.value() : fallback;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDict d && keys.equals(d.keys) && values.equals(d.values);
    }

    @Override
    public int hashCode() {
        return 31 * keys.hashCode() + values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < keys.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(keys.get(i)).append('=').append(values.get(i));
        }
        return s.append('}').toString();
    }

    /** Collects entries; a key put twice keeps its first position and its last value. Not thread-safe. */
    public static final class Builder {
        private final Map<BString, BValue> entries = new LinkedHashMap<>();

        private Builder() {}

        public Builder put(String key, BValue value) {
            return put(BString.of(key), value);
        }

        public Builder put(BString key, BValue value) {
            entries.put(key, value);
            return this;
        }

        public Builder put(String key, long value) {
            return put(key, BInt.of(value));
        }

        public Builder put(String key, String value) {
            return put(key, BString.of(value));
        }

        public Builder put(String key, byte[] value) {
            return put(key, BString.of(value));
        }

        public BDict build() {
            return new BDict(new ArrayList<>(entries.keySet()), new ArrayList<>(entries.values()));
        }
    }
}
