package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mim.core.metainfo.Metainfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mim create} and {@code mim verify} as a user runs them (the packaged distribution), checked
 * against libtorrent (python3-libtorrent), transmission-show and mktorrent.
 */
class CreateVerifyIT {
    private static final String LT_HASHES = "import libtorrent as lt, sys\n"
            + "h = lt.torrent_info(sys.argv[1]).info_hashes()\n"
            + "print(str(h.v1) if h.has_v1() else '-', str(h.v2) if h.has_v2() else '-')\n";
    private static final String LT_CREATE = "import libtorrent as lt, sys, os\n"
            + "fs = lt.file_storage(); lt.add_files(fs, sys.argv[1])\n"
            + "flags = {'v1': lt.create_torrent.v1_only, 'v2': lt.create_torrent.v2_only, 'hybrid': 0}[sys.argv[3]]\n"
            + "t = lt.create_torrent(fs, 32768, flags=flags)\n"
            + "lt.set_piece_hashes(t, os.path.dirname(os.path.abspath(sys.argv[1])))\n"
            + "open(sys.argv[2], 'wb').write(lt.bencode(t.generate()))\n";
    private static final Pattern V1 = Pattern.compile("info-hash v1: ([0-9a-f]{40})");
    private static final Pattern V2 = Pattern.compile("info-hash v2: ([0-9a-f]{64})");

    @TempDir
    Path dir;

    /** A folder with odd sizes, an empty file and a nested folder. */
    private Path content() throws IOException {
        Path root = dir.resolve("content");
        Files.createDirectories(root.resolve("sub"));
        write(root.resolve("a.bin"), 100_001, 1);
        write(root.resolve("sub/empty"), 0, 2);
        write(root.resolve("sub/c.bin"), 65_537, 3);
        write(root.resolve("d.txt"), 1, 4);
        return root;
    }

    private static void write(Path file, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(file, data);
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), p + " in:\n" + text);
        return m.group(1);
    }

    private Programs.Run create(Path source, String torrent, String... options) throws Exception {
        String[] args = new String[options.length + 5];
        args[0] = "create";
        args[1] = source.toString();
        args[2] = "-o";
        args[3] = torrent;
        args[4] = "--no-creation-date";
        System.arraycopy(options, 0, args, 5, options.length);
        Programs.Run r = Programs.mim(dir, args);
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    @Test
    void libtorrentAndTransmissionSeeTheInfoHashesMimPrints() throws Exception {
        Path single = dir.resolve("single.iso");
        write(single, 1_000_003, 9);
        Path folder = content();
        record Case(Path source, String torrent, String[] options) {}
        for (Case c : List.of(new Case(single, "single.torrent", new String[0]),
                new Case(folder, "multi.torrent", new String[] {"--piece-length", "16K", "-a", "http://127.0.0.1:1/a"}),
                new Case(folder, "hybrid.torrent", new String[] {"--hybrid", "--piece-length", "32K"}),
                new Case(single, "hybrid-single.torrent", new String[] {"--hybrid"}))) {
            Programs.Run made = create(c.source(), c.torrent(), c.options());
            String v1 = group(V1, made.out());
            boolean hybrid = c.torrent().startsWith("hybrid");
            String v2 = hybrid ? group(V2, made.out()) : "-";

            Programs.Run lt = Programs.python(dir, LT_HASHES, c.torrent());
            assertEquals(0, lt.exit(), lt.err());
            assertEquals(v1 + " " + v2, lt.out().trim(), c.torrent());
            if (!hybrid) {
                Programs.Run tr = Programs.run(List.of("transmission-show", c.torrent()), dir, 60);
                assertEquals(0, tr.exit(), tr.err());
                assertTrue(tr.out().contains("Hash: " + v1), tr.out());
            }
        }
    }

    @Test
    void whatMimCreatesVerifiesAndACorruptByteNamesItsPieceAndFile() throws Exception {
        Path folder = content();
        create(folder, "content.torrent", "--piece-length", "16K");
        Programs.Run ok = Programs.mim(dir, "verify", "content.torrent");
        assertEquals(0, ok.exit(), ok.err());
        Metainfo m = Metainfo.parse(Files.readAllBytes(dir.resolve("content.torrent")));
        assertTrue(ok.out().contains("all " + m.pieceCount() + " pieces verified"), ok.out());

        // a.bin, d.txt, sub/c.bin, sub/empty: byte 40,000 of sub/c.bin is content byte 100,002 + 40,000.
        Path c = folder.resolve("sub/c.bin");
        try (FileChannel ch = FileChannel.open(c, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 40_000);
            b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
            ch.write(b, 40_000);
        }
        int piece = (100_001 + 1 + 40_000) / 16_384;
        Programs.Run bad = Programs.mim(dir, "verify", "content.torrent");
        assertEquals(1, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("1 of " + m.pieceCount() + " pieces bad: " + piece), bad.out());
        assertTrue(bad.out().lines().anyMatch(l -> l.startsWith("sub/c.bin ") && l.endsWith("incomplete (1 bad piece)")),
                bad.out());
        assertTrue(bad.out().lines().anyMatch(l -> l.startsWith("a.bin ") && l.endsWith("complete")), bad.out());

        JsonNode json = new ObjectMapper().readTree(Programs.mim(dir, "verify", "content.torrent", "--json").out());
        assertFalse(json.get("complete").asBoolean());
        assertEquals(m.pieceCount(), json.get("pieces_total").asInt());
        assertEquals(List.of(Integer.toString(piece)), List.of(json.get("pieces_bad").get(0).asText()));
        assertEquals(1, json.get("pieces_bad").size());
        for (JsonNode f : json.get("files")) {
            assertEquals(!f.get("path").asText().equals("sub/c.bin"), f.get("complete").asBoolean(), f.toString());
        }
    }

    @Test
    void aMissingFileMakesItsPiecesBadAndIsNamed() throws Exception {
        Path folder = content();
        create(folder, "content.torrent", "--piece-length", "16K");
        Files.delete(folder.resolve("a.bin"));
        Programs.Run r = Programs.mim(dir, "verify", "content.torrent", dir.resolve("content").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("a.bin ") && l.endsWith("missing")), r.out());
        assertTrue(r.out().contains("pieces bad: 0-6"), r.out());
    }

    @Test
    void verifiesDataOfTorrentsMadeByMktorrentAndLibtorrent() throws Exception {
        Path folder = content();
        Programs.Run mk = Programs.run(List.of("mktorrent", "-l", "15", "-o", "mk.torrent", folder.toString()), dir, 60);
        assertEquals(0, mk.exit(), mk.err());
        Programs.Run r = Programs.mim(dir, "verify", "mk.torrent");
        assertEquals(0, r.exit(), r.out() + r.err());

        for (String kind : new String[] {"v1", "hybrid"}) {
            Programs.Run made = Programs.python(dir, LT_CREATE, folder.toString(), kind + ".torrent", kind);
            assertEquals(0, made.exit(), made.err());
            Programs.Run v = Programs.mim(dir, "verify", kind + ".torrent");
            assertEquals(0, v.exit(), kind + ": " + v.out() + v.err());
        }
    }

    @Test
    void aV2OnlyTorrentIsRefusedClearly() throws Exception {
        Path folder = content();
        assertEquals(0, Programs.python(dir, LT_CREATE, folder.toString(), "v2.torrent", "v2").exit());
        Programs.Run r = Programs.mim(dir, "verify", "v2.torrent");
        assertEquals(1, r.exit());
        assertEquals("mim: error: v2.torrent: a v2-only torrent, which mim cannot verify yet\n", r.err());
    }

    @Test
    void verifyFailuresAreOneLine() throws Exception {
        Path folder = content();
        create(folder, "content.torrent");
        byte[] torrent = Files.readAllBytes(dir.resolve("content.torrent"));
        Files.write(dir.resolve("truncated.torrent"), java.util.Arrays.copyOf(torrent, torrent.length / 2));
        Files.write(dir.resolve("empty.torrent"), new byte[0]);
        Files.createDirectory(dir.resolve("folder.torrent"));
        Files.write(dir.resolve("plain"), new byte[1]);

        for (String[] args : new String[][] {{"missing.torrent"}, {"folder.torrent"}, {"empty.torrent"},
                {"truncated.torrent"}, {"content.torrent", "nowhere"}, {"content.torrent", "plain"}}) {
            String[] command = new String[args.length + 1];
            command[0] = "verify";
            System.arraycopy(args, 0, command, 1, args.length);
            Programs.Run r = Programs.mim(dir, command);
            assertEquals(1, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("mim: error: " + args[args.length - 1] + ": "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void createWritesNameDotTorrentHereOrToStandardOutput() throws Exception {
        Path folder = content();
        Programs.Run here = Programs.mim(dir, "create", folder.toString(), "--no-creation-date");
        assertEquals(0, here.exit(), here.err());
        byte[] written = Files.readAllBytes(dir.resolve("content.torrent"));

        Programs.Run piped = Programs.mim(dir, "create", folder.toString(), "--no-creation-date", "-o", "-");
        assertEquals(0, piped.exit(), piped.err());
        assertTrue(java.util.Arrays.equals(written, piped.outBytes()), "the same bytes on standard output");
        assertTrue(piped.err().contains("info-hash v1: "), piped.err());
    }
}
