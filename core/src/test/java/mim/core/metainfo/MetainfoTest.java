package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import mim.core.bencode.BDict;
import mim.core.bencode.BInt;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.metainfo.InvalidTorrentException.Category;
import org.junit.jupiter.api.Test;

/** Rules checked on torrents built here, where the corpus has no example. */
class MetainfoTest {

    private static BDict.Builder singleFileInfo() {
        return BDict.builder().put("name", "file.bin").put("length", 40000).put("piece length", 16384)
                .put("pieces", new byte[60]);
    }

    private static BList files(Object... pathsAndLengths) {
        BValue[] entries = new BValue[pathsAndLengths.length / 2];
        for (int i = 0; i < entries.length; i++) {
            String[] path = ((String) pathsAndLengths[2 * i]).split("/");
            entries[i] = BDict.builder()
                    .put("path", new BList(Arrays.stream(path).map(p -> (BValue) BString.of(p)).toList()))
                    .put("length", ((Integer) pathsAndLengths[2 * i + 1]).longValue()).build();
        }
        return BList.of(entries);
    }

    private static Metainfo parse(BDict.Builder info, BDict.Builder torrent) throws InvalidTorrentException {
        return Metainfo.parse(torrent.put("info", info.build()).build().encode());
    }

    private static Metainfo parse(BDict.Builder info) throws InvalidTorrentException {
        return parse(info, BDict.builder());
    }

    private static InvalidTorrentException refused(BDict.Builder info) {
        return assertThrows(InvalidTorrentException.class, () -> parse(info));
    }

    private static BList tier(String... urls) {
        return new BList(Arrays.stream(urls).map(u -> (BValue) BString.of(u)).toList());
    }

    @Test
    void readsTheCommonFields() throws Exception {
        byte[] pieces = new byte[60];
        pieces[20] = 7;
        Metainfo m = parse(singleFileInfo().put("pieces", pieces).put("private", 1).put("source", "TRK"),
                BDict.builder().put("comment", "plain").put("comment.utf-8", "préféré").put("created by", "maker 1.0")
                        .put("creation date", 1700000000).put("encoding", "UTF-8"));
        assertEquals("file.bin", m.name());
        assertEquals(3, m.pieceCount());
        assertEquals(40000, m.totalLength());
        assertEquals(7, m.pieceHash(1)[0]);
        assertThrows(IndexOutOfBoundsException.class, () -> m.pieceHash(3));
        assertTrue(m.isPrivate());
        assertEquals("TRK", m.source());
        assertEquals("préféré", m.comment());
        assertEquals("maker 1.0", m.createdBy());
        assertEquals(1700000000, m.creationDate().getAsLong());
        assertEquals("UTF-8", m.encoding());
        assertFalse(m.isMultiFile());
        assertFalse(m.hasV2());
    }

    @Test
    void infoHashIsOverTheBytesAsReceived() throws Exception {
        // keys out of order: re-encoding would sort them and change the hash
        String info = "d6:lengthi5e4:name1:x12:piece lengthi16384e6:pieces20:" + "a".repeat(20) + "e";
        String unsorted = "d4:name1:x6:lengthi5e12:piece lengthi16384e6:pieces20:" + "a".repeat(20) + "e";
        for (String i : List.of(info, unsorted)) {
            byte[] raw = i.getBytes(StandardCharsets.ISO_8859_1);
            Metainfo m = Metainfo.parse(("d4:info" + i + "e").getBytes(StandardCharsets.ISO_8859_1));
            assertArrayEquals(raw, m.rawInfo());
            assertEquals(InfoHash.v1Of(raw), m.infoHashV1());
        }
    }

    @Test
    void trackerTiersAreCleaned() throws Exception {
        Metainfo m = parse(singleFileInfo(), BDict.builder()
                .put("announce", "http://fallback/announce")
                .put("announce-list", BList.of(
                        tier(" http://a/announce ", "ftp://nope", "udp://b:80"),
                        tier("http://a/announce"),
                        BString.of("not a tier"),
                        tier("https://c/announce", "http://with space/x", "http://a/announce"))));
        assertEquals(List.of(List.of("http://a/announce", "udp://b:80"), List.of("https://c/announce")), m.trackerTiers());
        assertEquals(List.of("http://a/announce", "udp://b:80", "https://c/announce"), m.trackers());
    }

    @Test
    void announceIsTheFallbackWhenTheListGivesNothing() throws Exception {
        Metainfo m = parse(singleFileInfo(), BDict.builder().put("announce", "http://only/announce")
                .put("announce-list", BList.of(tier("ftp://x"))));
        assertEquals(List.of(List.of("http://only/announce")), m.trackerTiers());
        assertEquals(List.of(), parse(singleFileInfo(), BDict.builder().put("announce", "mailto:x")).trackers());
    }

    @Test
    void aWebSeedStringIsAFolderInAMultiFileTorrent() throws Exception {
        BDict.Builder info = BDict.builder().put("name", "dir").put("piece length", 16384).put("pieces", new byte[20])
                .put("files", files("a", 1, "b", 2));
        Metainfo m = parse(info, BDict.builder().put("url-list", "http://h/x y?q=1"));
        assertEquals(List.of("http://h/x%20y%3fq%3d1/"), m.webSeeds());
    }

    @Test
    void malformedDhtNodesAreSkipped() throws Exception {
        Metainfo m = parse(singleFileInfo(), BDict.builder().put("nodes", BList.of(
                BList.of(BString.of("10.0.0.1"), BInt.of(6881)),
                BList.of(BString.of("10.0.0.2")),
                BList.of(BInt.of(1), BInt.of(2)),
                BList.of(BString.of("10.0.0.3"), BInt.of(70000)))));
        assertEquals(List.of(new Metainfo.DhtNode("10.0.0.1", 6881)), m.nodes());
    }

    @Test
    void filesCollidingWithFoldersOrByCaseAreRenamed() throws Exception {
        BDict.Builder info = BDict.builder().put("name", "t").put("piece length", 16384).put("pieces", new byte[20])
                .put("files", files("a", 1, "a/b", 1, "README", 1, "readme", 1, "x.tar.gz", 1, "x.tar.gz", 1));
        Metainfo m = parse(info);
        assertEquals(List.of("t/a.1", "t/a/b", "t/README", "t/readme.1", "t/x.tar.gz", "t/x.tar.1.gz"),
                m.files().stream().map(FileEntry::displayPath).toList());
    }

    @Test
    void tooManyDuplicatesAreRefused() {
        Object[] many = new Object[2 * 40];
        for (int i = 0; i < 40; i++) {
            many[2 * i] = "same";
            many[2 * i + 1] = 1;
        }
        BDict.Builder info = BDict.builder().put("name", "t").put("piece length", 16384).put("pieces", new byte[20])
                .put("files", files(many));
        // the k-th copy tries k-1 taken names first: 39 * 40 / 2 collisions in all
        assertEquals(Category.TOO_MANY_DUPLICATE_FILENAMES, refused(info).category());
    }

    @Test
    void symlinksOutsideTheTorrentPointAtThemselves() throws Exception {
        BDict link = BDict.builder().put("path", tier("link")).put("attr", "l").put("length", 0)
                .put("symlink path", tier("..", "..", "etc", "passwd")).build();
        BDict file = BDict.builder().put("path", tier("real")).put("length", 10).build();
        Metainfo m = parse(BDict.builder().put("name", "t").put("piece length", 16384).put("pieces", new byte[20])
                .put("files", BList.of(file, link)));
        assertEquals(List.of("t", "link"), m.files().get(1).symlinkTarget());
    }

    @Test
    void metaVersionAndFileTreeMustComeTogether() {
        BDict tree = BDict.builder().put("f", BDict.builder().put("", BDict.builder().put("length", 0).build()).build())
                .build();
        assertEquals(Category.MISSING_META_VERSION, refused(singleFileInfo().put("file tree", tree)).category());
        assertEquals(Category.MISSING_FILE_TREE, refused(singleFileInfo().put("meta version", 2)).category());
        assertEquals(Category.UNKNOWN_VERSION, refused(singleFileInfo().put("meta version", 3)).category());
    }

    @Test
    void failuresSayWhatIsWrongOnOneLine() {
        InvalidTorrentException e = assertThrows(InvalidTorrentException.class,
                () -> Metainfo.parse("d4:infoi1ee".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Category.MISSING_INFO, e.category());
        e = assertThrows(InvalidTorrentException.class, () -> Metainfo.parse("d4:info".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Category.INVALID_BENCODING, e.category());
        assertTrue(e.getMessage().contains("at byte 7"), e.getMessage());
        e = refused(singleFileInfo().put("pieces", new byte[59]));
        assertEquals("the torrent has 59 bytes of piece hashes where its 3 pieces need 60", e.getMessage());
    }

    @Test
    void aV2OnlyTorrentSaysSo() throws Exception {
        Metainfo m = Metainfo.parse(Corpus.read("libtorrent", "v2_only.torrent"));
        assertTrue(m.isV2Only());
        assertThrows(IllegalStateException.class, () -> m.pieceHash(0));
        assertNull(m.infoHashV1());
    }
}
