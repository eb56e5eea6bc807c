package mim.plugin.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the screen: text exactly as wide as the screen, a style for the whole row and styles over
 * stretches of it (a span's style is drawn on top of the row's). Immutable.
 */
record Row(String text, Style base, List<Span> spans) {

    /** Columns {@code from} (inclusive) to {@code to} (exclusive) drawn in {@code style}. */
    record Span(int from, int to, Style style) {}

    Row {
        spans = List.copyOf(spans);
    }

    /** A row being written left to right, cut at its width: what does not fit is left out. Not thread-safe. */
    static final class Builder {
        private final int width;
        private final StringBuilder text = new StringBuilder();
        private final List<Span> spans = new ArrayList<>();

        Builder(int width) {
            this.width = width;
        }

        Builder add(String s) {
            int room = width - text.length();
            text.append(s.length() <= room ? s : s.substring(0, Math.max(0, room)));
            return this;
        }

        Builder add(String s, Style style) {
            int from = text.length();
            add(s);
            if (text.length() > from && style != Style.PLAIN) {
                spans.add(new Span(from, text.length(), style));
            }
            return this;
        }

        /** Spaces up to column {@code column}. */
        Builder padTo(int column) {
            return add(" ".repeat(Math.max(0, Math.min(width, column) - text.length())));
        }

        int column() {
            return text.length();
        }

        Row build(Style base) {
            padTo(width);
            return new Row(text.toString(), base, spans);
        }
    }
}
