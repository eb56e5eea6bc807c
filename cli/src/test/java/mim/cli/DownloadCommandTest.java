package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mim download} before any network: listing files, and every refusal of the command line
 * in one line on stderr with exit code 1. (Downloads themselves: {@link DownloadLibtorrentIT}.)
 */
class DownloadCommandTest {
    @TempDir
    Path dir;

    private static String sample() {
        return TestTorrents.path("libtorrent/sample.torrent").toString();
    }

    @Test
    void listPrintsIndexSizeAndPathOfEveryFile() {
        MainTest.Result r = MainTest.run("download", "--no-server", "-l", sample());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() >= 2, r.out());
        assertTrue(lines.get(0).matches("0\\s+\\d+\\s+\\S.*"), lines.get(0));
    }

    @Test
    void listWithARegexShowsOnlyTheMatchingFiles() {
        MainTest.Result all = MainTest.run("download", "--no-server", "-l", sample());
        String firstPath = all.out().lines().findFirst().orElseThrow().replaceFirst("^\\d+\\s+\\d+\\s+", "");
        MainTest.Result one = MainTest.run("download", "--no-server", "-l", "-r",
                java.util.regex.Pattern.quote(firstPath), sample());
        assertEquals(0, one.exit(), one.err());
        assertEquals(1, one.out().lines().count(), one.out());
    }

    @Test
    void refusesARegexThatDoesNotCompile() {
        assertTrue(oneErrorLine("download", "--no-server", "-r", "(", "-o", dir.toString(), sample())
                .contains("-r '(': not a valid regular expression"));
    }

    @Test
    void refusesAMalformedListenAddress() {
        assertTrue(oneErrorLine("download", "--no-server", "--listen-addr", "nowhere", "-o", dir.toString(), sample())
                .contains("expected HOST:PORT"));
        assertTrue(oneErrorLine("download", "--no-server", "--listen-addr", "127.0.0.1:70000", "-o", dir.toString(),
                sample()).contains("the port must be a number from 0 to 65535"));
    }

    @Test
    void refusesAnOutputFolderThatCannotBeCreated() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        String message = oneErrorLine("download", "--no-server", "-o", file.resolve("sub").toString(), sample());
        assertTrue(message.startsWith("cannot create output folder"), message);
    }

    @Test
    void refusesAV2OnlyTorrent() {
        String message = oneErrorLine("download", "--no-server", "-o", dir.toString(),
                TestTorrents.path("libtorrent/v2_only.torrent").toString());
        assertTrue(message.contains("v2-only torrent, which mim cannot download yet"), message);
    }

    @Test
    void refusesMagnetLinksWithoutAUsableInfoHashInOneLine() {
        assertTrue(oneErrorLine("download", "--no-server", "-o", dir.toString(), "magnet:?dn=x")
                .contains("no info-hash"));
        assertTrue(oneErrorLine("download", "--no-server", "-o", dir.toString(), "magnet:?xt=urn:btih:12ab")
                .contains("malformed v1 info-hash"));
        assertTrue(oneErrorLine("download", "--no-server", "-o", dir.toString(), "magnet:?xt=urn:ed2k:12ab")
                .contains("unsupported hash kind"));
        String v2Only = "magnet:?xt=urn:btmh:1220" + "ab".repeat(32);
        assertTrue(oneErrorLine("download", "--no-server", "-o", dir.toString(), v2Only)
                .contains("a v2-only magnet link (btmh without btih), which mim cannot fetch yet"));
    }

    @Test
    void anUnknownEncryptionModeIsAUsageError() {
        MainTest.Result r = MainTest.run("download", "--no-server", "--encryption", "maybe", "-o", dir.toString(),
                sample());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("'maybe' is not an encryption mode (prefer, require, disable)"), r.err());
    }

    @Test
    void aServerAddressThatIsNotHostPortIsOneLine() {
        assertTrue(oneErrorLine("download", "--http-api-listen-addr", "nowhere", "-o", dir.toString(), sample())
                .contains("--http-api-listen-addr 'nowhere': expected HOST:PORT"));
    }

    private static String oneErrorLine(String... args) {
        MainTest.Result r = MainTest.run(args);
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("mim: error: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        return r.err().substring("mim: error: ".length()).strip();
    }
}
