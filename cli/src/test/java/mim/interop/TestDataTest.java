package mim.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDataTest {
    @TempDir
    Path dir;

    @Test
    void sameNameAndSeedGiveTheSameBytes() throws IOException {
        TestData.file(dir.resolve("one/x.bin"), 3_000_001, 7);
        TestData.file(dir.resolve("two/x.bin"), 3_000_001, 7);
        assertArrayEquals(Files.readAllBytes(dir.resolve("one/x.bin")), Files.readAllBytes(dir.resolve("two/x.bin")));
    }

    @Test
    void otherNameOrSeedGiveOtherBytes() throws IOException {
        TestData.file(dir.resolve("x.bin"), 4096, 7);
        TestData.file(dir.resolve("y.bin"), 4096, 7);
        TestData.file(dir.resolve("s/x.bin"), 4096, 8);
        byte[] x = Files.readAllBytes(dir.resolve("x.bin"));
        assertFalse(java.util.Arrays.equals(x, Files.readAllBytes(dir.resolve("y.bin"))));
        assertFalse(java.util.Arrays.equals(x, Files.readAllBytes(dir.resolve("s/x.bin"))));
    }

    @Test
    void treeHasEveryFileAtItsExactSize() throws IOException {
        TestData.tree(dir.resolve("t"), "a.bin=1,sub/b.bin=16383,zero.bin=0,big=1M+3", 1);
        assertEquals(1, Files.size(dir.resolve("t/a.bin")));
        assertEquals(16383, Files.size(dir.resolve("t/sub/b.bin")));
        assertEquals(0, Files.size(dir.resolve("t/zero.bin")));
        assertEquals((1 << 20) + 3, Files.size(dir.resolve("t/big")));
    }

    @Test
    void digestsAreKeyedByPathFromTheContentsParent() {
        TestData.tree(dir.resolve("t"), "a.bin=1,zero.bin=0", 1);
        Map<String, String> digests = TestData.sha256(dir.resolve("t"));
        assertEquals(List.of("t/a.bin", "t/zero.bin"), List.copyOf(digests.keySet()));
        // SHA-256 of no bytes.
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", digests.get("t/zero.bin"));
    }

    @Test
    void readsSizesInBinaryUnits() {
        assertEquals(16383, TestData.parseSize("16383"));
        assertEquals(64L << 20, TestData.parseSize("64M"));
        assertEquals((5L << 20) + 7, TestData.parseSize("5M+7"));
        assertEquals(4096, TestData.parseSize("4k"));
        assertEquals(1L << 30, TestData.parseSize("1G"));
    }

    @Test
    void refusesPathsLeavingTheTree() {
        assertThrows(IllegalArgumentException.class, () -> TestData.parseTree("../a=1"));
        assertThrows(IllegalArgumentException.class, () -> TestData.parseTree("/etc/a=1"));
        assertThrows(IllegalArgumentException.class, () -> TestData.parseTree("a=1,a=2"));
        assertThrows(IllegalArgumentException.class, () -> TestData.parseTree("a"));
    }
}
