package mim.plugin.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTest {
    /** The keys decoded from what a terminal sent, in one go. */
    private static List<Key> keys(String sent) throws IOException {
        int[] at = {0};
        Key.Input in = timeout -> at[0] < sent.length() ? sent.charAt(at[0]++) : Key.END_OF_INPUT;
        Key.Reader reader = new Key.Reader(in);
        List<Key> keys = new ArrayList<>();
        for (Key k = reader.next(10); k != null; k = reader.next(10)) {
            keys.add(k);
        }
        return keys;
    }

    @Test
    void decodesArrowsPagesAndPlainKeys() throws IOException {
        assertEquals(List.of(Key.of(Key.Kind.UP), Key.of(Key.Kind.DOWN), Key.of(Key.Kind.UP),
                Key.of(Key.Kind.PAGE_DOWN),
                Key.of('j'), Key.of(Key.Kind.ENTER), Key.of(Key.Kind.BACKSPACE), Key.of(Key.Kind.INTERRUPT)),
                keys("\033[A\033[B\033OA\033[6~j\r\177\003"));
        assertEquals(List.of(Key.of(Key.Kind.ESCAPE), Key.of('?')), keys("\033?"), "a key right after Esc is kept");
    }

    @Test
    void aLoneEscapeIsEscape() throws IOException {
        int[] calls = {0};
        Key.Input in = timeout -> calls[0]++ == 0 ? 27 : Key.TIMED_OUT;
        Key.Reader reader = new Key.Reader(in);
        assertEquals(Key.of(Key.Kind.ESCAPE), reader.next(10));
        assertEquals(Key.NONE, reader.next(10));
        assertNull(new Key.Reader(timeout -> Key.END_OF_INPUT).next(10));
    }
}
