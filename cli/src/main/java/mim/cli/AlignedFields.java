package mim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Label-and-value lines with the values in one column; a field with several values puts each on its
 * own line under the first. Fields with no value are left out. Not thread-safe; build, then print.
 */
final class AlignedFields {
    private record Field(String label, List<String> values) {}

    private final List<Field> fields = new ArrayList<>();

    /** Adds a field unless {@code value} is null. */
    AlignedFields add(String label, Object value) {
        if (value != null) {
            fields.add(new Field(label, List.of(value.toString())));
        }
        return this;
    }

    /** Adds a field with one line per value, unless there are none. */
    AlignedFields addAll(String label, List<String> values) {
        if (!values.isEmpty()) {
            fields.add(new Field(label, List.copyOf(values)));
        }
        return this;
    }

    void print(PrintWriter out) {
        int width = fields.stream().mapToInt(f -> f.label().length()).max().orElse(0) + 3;
        for (Field f : fields) {
            String pad = " ".repeat(width);
            for (int i = 0; i < f.values().size(); i++) {
                String label = i == 0 ? f.label() + ":" : "";
                out.println(label + pad.substring(label.length()) + f.values().get(i));
            }
        }
    }
}
