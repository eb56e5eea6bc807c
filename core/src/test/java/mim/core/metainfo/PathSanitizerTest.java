package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSanitizerTest {

    private static String forced(String s) {
        return PathSanitizer.element(s.getBytes(StandardCharsets.UTF_8), true);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain.txt|plain.txt",
        "a/b|ab",
        "a\\b|ab",
        "..|_",
        ".|_",
        "''|_",
        "/|_",
        "abc/../../def|abc....def",
        "name. . .|name",
        "trailing space |trailing space",
        "...a|...a",
        "ünïcödé ✓|ünïcödé ✓"})
    void sanitisesLikeLibtorrent(String in, String out) {
        assertEquals(out, forced(in));
    }

    @Test
    void replacesControlCharactersAndDropsNul() {
        assertEquals("a_b", forced("a\u0001b"));
        assertEquals("a_b", forced("a\u007fb"));
        assertEquals("a_b", forced("a\u0085b"));
        assertEquals("ab", forced("a\u0000b"));
    }

    @Test
    void dropsInvisibleCharactersThatDisguiseNames() {
        // a right-to-left override can make "exe.txt" display as "txt.exe"
        assertEquals("evilexe.txt", forced("evil\u202eexe.txt"));
        assertEquals("ab", forced("a\u200bb"));
        assertEquals("ab", forced("\ufeffab"));
    }

    @Test
    void replacesMalformedUtf8ByOneUnderscorePerSequence() {
        assertEquals("a_b", PathSanitizer.element(new byte[] {'a', (byte) 0xff, 'b'}, true));
        // an overlong encoding of '/' must not sneak a separator through
        assertEquals("a_b", PathSanitizer.element(new byte[] {'a', (byte) 0xc0, (byte) 0xaf, 'b'}, true));
        // a truncated sequence at the end takes the rest
        assertEquals("a_", PathSanitizer.element(new byte[] {'a', (byte) 0xe2, (byte) 0x82}, true));
        // an encoded surrogate is not UTF-8
        assertEquals("_", PathSanitizer.element(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, true));
    }

    @Test
    void withoutForceUnusableElementsAreDropped() {
        assertNull(PathSanitizer.element(new byte[0], false));
        assertNull(PathSanitizer.element(".".getBytes(StandardCharsets.US_ASCII), false));
        assertNull(PathSanitizer.element("..".getBytes(StandardCharsets.US_ASCII), false));
        assertNull(PathSanitizer.element(new byte[] {0, 0}, false));
        assertEquals("x", PathSanitizer.element("x".getBytes(StandardCharsets.US_ASCII), false));
    }

    @Test
    void cutsLongNamesButKeepsTheExtension() {
        String out = forced("x".repeat(300) + ".mkv");
        assertEquals("x".repeat(240) + ".mkv", out);
        String noExtension = forced("y".repeat(300));
        assertEquals(240, noExtension.length());
        // an extension longer than 9 bytes is not one
        assertEquals(240, forced("z".repeat(300) + ".verylongext").length());
    }

    @Test
    void neverCutsInsideAMultiByteCharacter() {
        String out = forced("é".repeat(200));
        assertTrue(out.length() <= 121 && out.chars().allMatch(c -> c == 'é'), out);
    }
}
