package mim.plugin.tui;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.List;

/**
 * Rows as the escape sequences of an ANSI terminal (what xterm, tmux, the Linux console and Windows
 * Terminal understand): each row written whole at its place, so a frame overwrites every column of the
 * last one and nothing stale is left. Without colour, the text alone. Stateless but for the encoder, which
 * is confined to the interface's thread.
 */
final class Ansi {
    static final String ENTER = "\033[?1049h\033[?25l\033[2J";
    static final String LEAVE = "\033[0m\033[?25h\033[?1049l";
    static final String CLEAR = "\033[2J";

    private final boolean colour;
    private final CharsetEncoder encoder;

    Ansi(boolean colour, Charset charset) {
        this.colour = colour;
        this.encoder = charset.newEncoder();
    }

    String frame(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append("\033[").append(r + 1).append(";1H");
            row(rows.get(r), out);
        }
        // The cursor parked at the top: a terminal made shorter then keeps the top rows, not the bottom.
        return out.append("\033[H").toString();
    }

    private void row(Row row, StringBuilder out) {
        String text = row.text();
        Style current = null;
        for (int i = 0; i < text.length(); i++) {
            if (colour) {
                Style style = row.base();
                for (Row.Span s : row.spans()) {
                    if (i >= s.from() && i < s.to()) {
                        style = s.style();
                    }
                }
                if (style != current) {
                    out.append("\033[0").append(sgr(row.base())).append(style == row.base() ? "" : sgr(style))
                            .append('m');
                    current = style;
                }
            }
            char c = text.charAt(i);
            out.append(encoder.canEncode(c) ? c : c == '…' ? '~' : '?');
        }
        if (colour) {
            out.append("\033[0m");
        }
    }

    private static String sgr(Style style) {
        return switch (style) {
            case PLAIN -> "";
            case HEADER -> ";1";
            case SELECTED -> ";7";
            case STATUS -> ";30;46";
            case DONE -> ";32";
            case ERROR -> ";1;31";
            case DIM -> ";2";
        };
    }
}
