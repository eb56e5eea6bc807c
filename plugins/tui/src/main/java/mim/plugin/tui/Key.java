package mim.plugin.tui;

import java.io.IOException;

/**
 * A key pressed, decoded from what the terminal sends: a character, or one of the keys that send an
 * escape sequence ({@code ESC [ A} for Up, as xterm and its followers send them). Immutable.
 */
record Key(Kind kind, char ch) {
    enum Kind { CHAR, UP, DOWN, LEFT, RIGHT, PAGE_UP, PAGE_DOWN, HOME, END, ENTER, ESCAPE, BACKSPACE, INTERRUPT, NONE }

    static final Key NONE = new Key(Kind.NONE, '\0');
    static final int END_OF_INPUT = -1;
    /** What {@link Input#read} answers when nothing came in time. */
    static final int TIMED_OUT = -2;
    /** A lone Esc is told from the start of a sequence by the silence after it. */
    private static final long SEQUENCE_GAP_MILLIS = 40;

    /** Where the characters come from: the next one, {@link #TIMED_OUT} or {@link #END_OF_INPUT}. */
    @FunctionalInterface
    interface Input {
        int read(long timeoutMillis) throws IOException;
    }

    static Key of(char ch) {
        return new Key(Kind.CHAR, ch);
    }

    static Key of(Kind kind) {
        return new Key(kind, '\0');
    }

    /**
     * Keys from a terminal's characters. Not thread-safe: one reader a terminal, on the thread that reads it.
     */
    static final class Reader {
        private static final int NOTHING = Integer.MIN_VALUE;
        private final Input in;
        /** A character read after an Esc that did not start a sequence: the next key's. */
        private int pending = NOTHING;

        Reader(Input in) {
            this.in = in;
        }

        /** The next key, {@link #NONE} if none came within {@code timeoutMillis}; null at the end of the input. */
        Key next(long timeoutMillis) throws IOException {
            int c = pending != NOTHING ? pending : in.read(timeoutMillis);
            pending = NOTHING;
            if (c == END_OF_INPUT) {
                return null;
            }
            if (c == TIMED_OUT) {
                return NONE;
            }
            return switch (c) {
                case '\r', '\n' -> of(Kind.ENTER);
                case 127, '\b' -> of(Kind.BACKSPACE);
                case 3 -> of(Kind.INTERRUPT);
                case 27 -> escape();
                default -> of((char) c);
            };
        }

        private Key escape() throws IOException {
            int c = in.read(SEQUENCE_GAP_MILLIS);
            if (c != '[' && c != 'O') {
                if (c != TIMED_OUT) {
                    pending = c; // Esc, then a key typed (or sent) right after it
                }
                return of(Kind.ESCAPE);
            }
            int code = in.read(SEQUENCE_GAP_MILLIS);
            StringBuilder digits = new StringBuilder();
            while (code >= '0' && code <= '9' || code == ';') {
                digits.append((char) code);
                code = in.read(SEQUENCE_GAP_MILLIS);
            }
            return switch (code) {
                case 'A' -> of(Kind.UP);
                case 'B' -> of(Kind.DOWN);
                case 'C' -> of(Kind.RIGHT);
                case 'D' -> of(Kind.LEFT);
                case 'H' -> of(Kind.HOME);
                case 'F' -> of(Kind.END);
                case '~' -> switch (digits.toString()) {
                    case "1", "7" -> of(Kind.HOME);
                    case "4", "8" -> of(Kind.END);
                    case "5" -> of(Kind.PAGE_UP);
                    case "6" -> of(Kind.PAGE_DOWN);
                    default -> NONE;
                };
                default -> NONE;
            };
        }
    }
}
