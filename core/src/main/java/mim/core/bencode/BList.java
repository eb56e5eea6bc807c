package mim.core.bencode;

import java.util.List;

/** A bencoded list. Immutable: the items are copied into an unmodifiable list. */
public record BList(List<BValue> items) implements BValue {

    public BList {
        items = List.copyOf(items);
    }

    public static BList of(BValue... items) {
        return new BList(List.of(items));
    }

    public int size() {
        return items.size();
    }

    public BValue get(int index) {
        return items.get(index);
    }
}
