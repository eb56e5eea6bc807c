package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mim.core.bencode.BDict;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BInt;
import mim.core.bencode.BencodeWriter;
import mim.core.metainfo.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShowTorrentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static JsonNode showJson(String source) throws Exception {
        MainTest.Result r = MainTest.run("show", "--json", source);
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        return JSON.readTree(r.out());
    }

    /** Columns: file, expect, name, info_hash, files, total_size, web_seeds (what libtorrent reads). */
    static Stream<Arguments> webtorrentExpectations() {
        String tsv = new String(TestTorrents.bytes("webtorrent/EXPECTED.tsv"), StandardCharsets.UTF_8);
        return tsv.lines().skip(1).map(line -> Arguments.of((Object) line.split("\t", -1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webtorrentExpectations")
    void jsonAgreesWithLibtorrentOnRealTorrents(String[] row) throws Exception {
        String path = TestTorrents.path("webtorrent/" + row[0]).toString();
        if (row[1].equals("error")) {
            String error = ShowErrorsTest.oneErrorLine(path);
            assertTrue(error.startsWith(path + ": invalid torrent: "), error);
            return;
        }
        JsonNode o = showJson(path);
        assertEquals("torrent", o.get("kind").asText());
        assertEquals(row[2], o.get("name").asText());
        assertEquals(row[3], o.get("info_hash").asText());
        assertEquals(Integer.parseInt(row[4]), o.get("files").size());
        assertEquals(Long.parseLong(row[5]), o.get("total_size").asLong());
        assertEquals(Integer.parseInt(row[6]), o.get("web_seeds").size());
        assertTrue(o.get("info_hash_v2").isNull());
        assertTrue(o.get("magnet").asText().startsWith("magnet:?xt=urn:btih:" + row[3] + "&dn="));
    }

    @Test
    void textOfARealTorrent() {
        MainTest.Result r = MainTest.run("show", TestTorrents.path("libtorrent/sample.torrent").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(String.join("\n",
                "Name:          sample",
                "Info-hash v1:  58d8d15a4eb3bd9afabc9cee2564f78192777edb",
                "Size:          45 B, and 15.98 KiB of padding",
                "Pieces:        2 pieces of 16 KiB",
                "Private:       no",
                "Created:       2014-12-17T03:39:39Z",
                "Created by:    libtorrent",
                "Comment:       sample comment",
                "Trackers:      udp://tracker.opentracker.com:80/announce",
                "Magnet:        magnet:?xt=urn:btih:58d8d15a4eb3bd9afabc9cee2564f78192777edb&dn=sample"
                        + "&tr=udp://tracker.opentracker.com:80/announce",
                "Files:         2 (and 1 pad file, not listed)",
                "  sample/           45 B",
                "    text_file2.txt  25 B",
                "    text_file.txt   20 B",
                ""), r.out());
    }

    @Test
    void padFilesListedOnRequest() {
        MainTest.Result r = MainTest.run("show", "--pad-files", TestTorrents.path("libtorrent/sample.torrent").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Files:         2 (and 1 pad file, marked p)\n"), r.out());
        assertTrue(r.out().contains("    .____padding_file/  15.98 KiB\n      0                 15.98 KiB  p\n"), r.out());
    }

    @Test
    void jsonMarksPadFiles() throws Exception {
        JsonNode files = showJson(TestTorrents.path("libtorrent/pad_file.torrent").toString()).get("files");
        assertEquals(2, files.size());
        assertEquals("[\"temp\",\"foo\",\"bar.txt\"]", files.get(0).get("path").toString());
        assertEquals(false, files.get(0).get("pad").asBoolean());
        assertEquals(true, files.get(1).get("pad").asBoolean());
        assertEquals(2124, files.get(1).get("length").asLong());
    }

    @Test
    void v2OnlyTorrentHasNoV1Hash() throws Exception {
        JsonNode o = showJson(TestTorrents.path("libtorrent/v2_only.torrent").toString());
        String v2 = "95e04d0c4bad94ab206efa884666fd89777dbe4f7bd9945af1829037a85c6192";
        assertTrue(o.get("info_hash").isNull());
        assertEquals(v2, o.get("info_hash_v2").asText());
        assertEquals(1048576, o.get("total_size").asLong());
        assertEquals(16, o.get("piece_count").asInt());
        assertEquals(65536, o.get("piece_length").asLong());
        assertEquals("magnet:?xt=urn:btmh:1220" + v2 + "&dn=test1MB&tr=http://example.com/announce",
                o.get("magnet").asText());

        MainTest.Result text = MainTest.run("show", TestTorrents.path("libtorrent/v2_only.torrent").toString());
        assertTrue(text.out().contains("Info-hash v2:  " + v2 + "\n"), text.out());
        assertTrue(!text.out().contains("Info-hash v1"), text.out());
    }

    @Test
    void hybridTorrentHasBothHashesInItsMagnet() throws Exception {
        JsonNode o = showJson(TestTorrents.path("libtorrent/v2_hybrid.torrent").toString());
        String magnet = o.get("magnet").asText();
        assertTrue(magnet.startsWith("magnet:?xt=urn:btih:" + o.get("info_hash").asText()
                + "&xt=urn:btmh:1220" + o.get("info_hash_v2").asText() + "&dn="), magnet);
    }

    @Test
    void symlinksAndDhtNodes() throws Exception {
        JsonNode symlinks = showJson(TestTorrents.path("libtorrent/symlink1.torrent").toString()).get("files");
        assertEquals("[\"temp\",\"a\",\"b\",\"bar\"]", symlinks.get(1).get("symlink").toString());
        assertTrue(symlinks.get(0).get("symlink").isNull());
        JsonNode nodes = showJson(TestTorrents.path("libtorrent/dht_nodes.torrent").toString()).get("dht_nodes");
        assertEquals("[\"127.0.0.1:6881\",\"192.168.1.1:6881\"]", nodes.toString());
    }

    /** A torrent with every field show prints: tiers, attributes, private, source, a two-line comment. */
    private record Built(Path file, String infoHash) {}

    private Built everyField() throws Exception {
        BDict info = BDict.builder()
                .put("files", BList.of(
                        file(100, "x", "bin", "run.sh"),
                        file(16284, "p", ".pad", "16284"),
                        file(5, "h", ".config")))
                .put("name", "tool")
                .put("piece length", 16384)
                .put("pieces", new byte[40])
                .put("private", 1)
                .put("source", "TRACKER")
                .build();
        BDict torrent = BDict.builder()
                .put("announce", "http://a.example/announce")
                .put("announce-list", BList.of(
                        BList.of(BString.of("http://a.example/announce"), BString.of("http://b.example/announce")),
                        BList.of(BString.of("udp://c.example:80"))))
                .put("comment", "line one\nline two")
                .put("created by", "mim test")
                .put("creation date", 1_700_000_000L)
                .put("info", info)
                .put("nodes", BList.of(BList.of(BString.of("router.example"), BInt.of(6881))))
                .put("url-list", BList.of(BString.of("https://seed.example/")))
                .build();
        Path file = dir.resolve("tool.torrent");
        Files.write(file, BencodeWriter.encode(torrent));
        return new Built(file, InfoHash.v1Of(info.encode()).hex());
    }

    private static BDict file(long length, String attr, String... path) {
        return BDict.builder().put("attr", attr).put("length", length)
                .put("path", BList.of(Stream.of(path).map(BString::of).toArray(BString[]::new))).build();
    }

    @Test
    void textShowsEveryField() throws Exception {
        Built torrent = everyField();
        String hash = torrent.infoHash();
        MainTest.Result r = MainTest.run("show", torrent.file().toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(String.join("\n",
                "Name:          tool",
                "Info-hash v1:  " + hash,
                "Size:          105 B, and 15.9 KiB of padding",
                "Pieces:        2 pieces of 16 KiB",
                "Private:       yes (trackers only: no DHT, no peer exchange)",
                "Created:       2023-11-14T22:13:20Z",
                "Created by:    mim test",
                "Comment:       line one",
                "               line two",
                "Source:        TRACKER",
                "Trackers:      1  http://a.example/announce",
                "                  http://b.example/announce",
                "               2  udp://c.example:80",
                "Web seeds:     https://seed.example/",
                "DHT nodes:     router.example:6881",
                "Magnet:        magnet:?xt=urn:btih:" + hash + "&dn=tool&tr=http://a.example/announce"
                        + "&tr=http://b.example/announce&tr=udp://c.example:80&ws=https://seed.example/",
                "Files:         2 (and 1 pad file, not listed)",
                "  tool/       105 B",
                "    bin/      100 B",
                "      run.sh  100 B  x",
                "    .config     5 B  h",
                ""), r.out());
    }

    @Test
    void jsonShowsEveryField() throws Exception {
        JsonNode o = showJson(everyField().file().toString());
        assertEquals("tool", o.get("name").asText());
        assertEquals(true, o.get("private").asBoolean());
        assertEquals(16389, o.get("total_size").asLong());
        assertEquals(16384, o.get("piece_length").asLong());
        assertEquals(2, o.get("piece_count").asInt());
        assertEquals("[[\"http://a.example/announce\",\"http://b.example/announce\"],[\"udp://c.example:80\"]]",
                o.get("trackers").toString());
        assertEquals("[\"https://seed.example/\"]", o.get("web_seeds").toString());
        assertEquals("[\"router.example:6881\"]", o.get("dht_nodes").toString());
        assertEquals("2023-11-14T22:13:20Z", o.get("creation_date").asText());
        assertEquals("mim test", o.get("created_by").asText());
        assertEquals("line one\nline two", o.get("comment").asText());
        assertEquals("TRACKER", o.get("source").asText());
        JsonNode files = o.get("files");
        assertEquals(3, files.size());
        assertEquals("[\"tool\",\"bin\",\"run.sh\"]", files.get(0).get("path").toString());
        assertTrue(files.get(0).get("executable").asBoolean());
        assertTrue(files.get(1).get("pad").asBoolean());
        assertTrue(files.get(2).get("hidden").asBoolean());
        for (String field : List.of("kind", "info_hash_v2", "peers", "selected_files", "magnet")) {
            assertTrue(o.has(field), field);
        }
    }
}
