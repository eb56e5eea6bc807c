package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import mim.core.metainfo.LibtorrentCorpusTest.TorrentCheck;

/**
 * What each loadable file of libtorrent's corpus must look like: the EXPECTED.tsv note, the checks
 * of libtorrent's {@code test_torrent_info.cpp}, and for files without either, what the file's
 * bytes plainly say (its name, its files, its sanitised paths).
 */
final class LibtorrentExpectations {
    static final Map<String, TorrentCheck> CHECKS = new HashMap<>();

    private LibtorrentExpectations() {}

    private static void check(String file, TorrentCheck check) {
        CHECKS.put(file, check);
    }

    static void paths(Metainfo m, String... expected) {
        assertEquals(List.of(expected), m.files().stream().map(FileEntry::displayPath).toList());
    }

    static void v1Single(Metainfo m) {
        assertEquals("temp", m.name());
        assertFalse(m.isMultiFile());
        paths(m, "temp");
        assertEquals(425, m.totalLength());
        assertTrue(m.hasV1());
        assertFalse(m.hasV2());
    }

    static void symlink(Metainfo m, int index, String target) {
        FileEntry f = m.files().get(index);
        assertTrue(f.isSymlink(), f.displayPath());
        assertEquals(0, f.length());
        assertEquals(target, String.join("/", f.symlinkTarget()));
    }

    static void hybrid(Metainfo m) {
        assertTrue(m.isHybrid());
        assertFalse(m.isV2Only());
        assertEquals(InfoHash.Version.V1, m.infoHashV1().version());
        assertEquals(InfoHash.Version.V2, m.infoHashV2().version());
    }

    static void v2Only(Metainfo m) {
        assertTrue(m.isV2Only());
        assertNull(m.infoHashV1());
        assertTrue(m.hasV2());
        assertEquals(m.infoHashV2(), m.infoHash());
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    static {
        check("base.torrent", m -> {
            v1Single(m);
            assertEquals("libtorrent", m.createdBy());
            assertEquals(16384, m.pieceLength());
            assertEquals(1, m.pieceCount());
        });
        check("empty_path.torrent", m -> paths(m, "temp/_/_"));
        check("parent_path.torrent", m -> paths(m, "temp/_/_/bar"));
        check("hidden_parent_path.torrent", m -> paths(m, "temp/foo......bar/bar"));
        check("single_multi_file.torrent", m -> {
            assertTrue(m.isMultiFile());
            paths(m, "temp/foo/bar");
        });
        check("slash_path.torrent", m -> paths(m, "temp/_/_/bar"));
        check("slash_path2.torrent", m -> paths(m, "temp/abc....def/_/bar"));
        check("slash_path3.torrent", m -> {
            paths(m, "temp....abc");
            assertEquals("temp....abc", m.name());
        });
        check("backslash_path.torrent", m -> paths(m, "temp/_/_/bar"));
        // an empty string, a list, an integer: no usable web seed in any of them
        check("url_list.torrent", m -> {
            v1Single(m);
            assertEquals(List.of(), m.webSeeds());
        });
        check("url_list2.torrent", m -> assertEquals(List.of(), m.webSeeds()));
        check("url_list3.torrent", m -> assertEquals(List.of(), m.webSeeds()));
        // BEP 17 http seeds are ignored, as libtorrent 2 ignores them
        check("httpseed.torrent", m -> {
            v1Single(m);
            assertEquals(List.of(), m.webSeeds());
        });
        check("empty_httpseed.torrent", m -> assertEquals(List.of(), m.webSeeds()));
        check("long_name.torrent", m -> {
            String name = m.name();
            assertTrue(name.length() < 255, "name cut below 255 bytes: " + name.length());
            assertTrue(name.startsWith("abcdefghij0123456789"));
            assertTrue(name.endsWith(".23456789"), "the extension is kept: " + name);
            paths(m, name);
        });
        check("whitespace_url.torrent", m -> {
            assertEquals("udp://test.com/announce", m.trackers().get(0));
            assertEquals(List.of(List.of("udp://test.com/announce")), m.trackerTiers());
        });
        check("duplicate_files.torrent", m -> paths(m, "temp/foo/bar.txt", "temp/foo/bar.1.txt"));
        check("pad_file.torrent", m -> {
            assertEquals(2, m.files().size());
            assertFalse(m.files().get(0).pad());
            assertTrue(m.files().get(1).pad());
            assertEquals(45 + 2124, m.totalLength());
        });
        check("creation_date.torrent", m -> assertEquals(OptionalLong.of(1234567), m.creationDate()));
        check("no_creation_date.torrent", m -> assertEquals(OptionalLong.empty(), m.creationDate()));
        check("url_seed.torrent", m -> assertEquals(List.of("http://test.com/file"), m.webSeeds()));
        check("url_seed_multi.torrent", m -> assertEquals(List.of("http://test.com/file/"), m.webSeeds()));
        check("url_seed_multi_single_file.torrent",
                m -> assertEquals(List.of("http://test.com/file/temp/foo/bar.txt"), m.webSeeds()));
        check("url_seed_multi_space.torrent",
                m -> assertEquals(List.of("http://test.com/test%20file/foo%20bar/"), m.webSeeds()));
        check("url_seed_multi_space_nolist.torrent",
                m -> assertEquals(List.of("http://test.com/test%20file/foo%20bar/"), m.webSeeds()));
        check("empty_path_multi.torrent", m -> paths(m, "temp/abcde", "temp/_", "temp/_.1"));
        check("duplicate_web_seeds.torrent", m -> assertEquals(
                List.of("http://foobar.com/foo", "http://foobar.com/foobar", "http://foobar.com/bar"), m.webSeeds()));
        check("invalid_name2.torrent", m -> {
            assertEquals("b61560c2918f463768cd122b6d2fdd47b77bdb35", m.name());
            assertEquals(m.name(), m.infoHashV1().hex());
            paths(m, m.name() + "/foo/bar.txt", m.name() + "/foo/var.txt");
        });
        check("invalid_name3.torrent", m -> {
            assertEquals("foobar", m.name());
            paths(m, "foobar/foo/bar.txt", "foobar/foo/var.txt");
        });
        check("symlink1.torrent", m -> {
            assertEquals(2, m.files().size());
            assertFalse(m.files().get(0).isSymlink());
            symlink(m, 1, "temp/a/b/bar");
        });
        check("symlink2.torrent", m -> {
            assertEquals(5, m.files().size());
            symlink(m, 0, "Some.framework/Versions/A/SDL2");
            symlink(m, 4, "Some.framework/Versions/A");
            assertTrue(m.files().get(0).executable());
            assertEquals("Symlinks test", m.comment());
        });
        check("unordered.torrent", m -> {
            v1Single(m);
            assertEquals("1e44709a0ec082a6a5ea4837e450ae08d3f4394e", m.infoHashV1().hex());
        });
        check("symlink_zero_size.torrent", m -> {
            assertEquals(2, m.files().size());
            symlink(m, 1, "temp/a/b/bar");
        });
        check("symlink_filtered_path.torrent", m -> {
            assertEquals(2, m.files().size());
            assertEquals("temp/a/_/bar", m.files().get(0).displayPath());
            symlink(m, 1, "temp/a/_/bar");
        });
        check("pad_file_no_path.torrent", m -> {
            paths(m, "temp/foo/bar.txt", ".pad/2124");
            assertTrue(m.files().get(1).pad());
        });
        check("large.torrent", m -> {
            paths(m, "large/stress_test0");
            assertEquals(5_242_880_000L, m.totalLength());
        });
        check("absolute_filename.torrent", m -> paths(m, "temp/abcde", "temp/foobar"));
        check("invalid_filename.torrent", m -> paths(m, "est2/f", "est2/_"));
        check("invalid_filename2.torrent", m -> paths(m, "est2/f", "est2/_/_", "est2/_/_.1"));
        check("overlapping_symlinks.torrent", m -> {
            assertTrue(m.files().size() > 3);
            symlink(m, 0, "SDL2.framework/Versions/Current/Headers");
            symlink(m, 1, "SDL2.framework/Versions/Current/Resources");
            symlink(m, 2, "SDL2.framework/Versions/Current/SDL2");
        });
        check("invalid_directory_name.torrent", m -> paths(m, "test2/_/foo", "test2/_/foo.1"));
        check("v2.torrent", m -> {
            hybrid(m);
            paths(m, "test64K");
            assertEquals(65536, m.files().get(0).length());
            assertEquals("597b180c1a170a585dfc5e85d834d69013ceda174b8f357d5bb1a0ca509faf0a", m.infoHashV2().hex());
            assertEquals("60aae9c7b428f87e0713e88229e18f0adf12cd7b22a0dd8a92bb2485eb7af242", hex(m.fileRoot(0)));
        });
        check("v2_multipiece_file.torrent", m -> {
            hybrid(m);
            paths(m, "test1MB");
            assertEquals(1048576, m.files().get(0).length());
            assertEquals("515ea9181744b817744ded9d2e8e9dc6a8450c0b0c52e24b5077f302ffbd9008", hex(m.fileRoot(0)));
            assertEquals("108ac2c3718ce722e6896edc56c4afa98f1d711ecaace7aad74fca418ebd03de", m.infoHashV2().hex());
        });
        check("v2_only.torrent", m -> {
            v2Only(m);
            paths(m, "test1MB");
            assertEquals(1048576, m.files().get(0).length());
            assertEquals("515ea9181744b817744ded9d2e8e9dc6a8450c0b0c52e24b5077f302ffbd9008", hex(m.fileRoot(0)));
            assertEquals("95e04d0c4bad94ab206efa884666fd89777dbe4f7bd9945af1829037a85c6192", m.infoHashV2().hex());
            // the piece layer was checked against the root: one hash per 64 KiB piece
            assertEquals(16 * 32, m.pieceLayer(0).length);
        });
        check("v2_invalid_filename.torrent", m -> paths(m, "_estMB"));
        check("v2_multiple_files.torrent", m -> {
            v2Only(m);
            // three files, each followed by padding to the next piece boundary but the first
            paths(m, "test/stress_test0", "test/stress_test1", ".pad/1048376", "test/stress_test2", ".pad/1048176");
            assertEquals(0, m.totalLength() % m.pieceLength());
            assertTrue(m.pieceLayer(0) != null || m.pieceLayer(1) != null || m.pieceLayer(3) != null);
        });
        check("v2_invalid_filename2.torrent", m -> paths(m, "test/_", "test/_.1", "test/stress_test2"));
        check("v2_symlinks.torrent", m -> {
            v2Only(m);
            assertTrue(m.files().size() > 3);
            symlink(m, 0, "SDL2.framework/Versions/Current/Headers");
            symlink(m, 1, "SDL2.framework/Versions/Current/Resources");
            symlink(m, 2, "SDL2.framework/Versions/Current/SDL2");
        });
        check("v2_hybrid.torrent", m -> {
            hybrid(m);
            assertTrue(m.isMultiFile());
            assertEquals("bittorrent-v1-v2-hybrid-test", m.name());
        });
        for (int i = 1; i <= 5; i++) {
            check("empty-files-" + i + ".torrent", m -> {
                hybrid(m);
                assertEquals(7, m.files().size());
                assertEquals(4, m.files().stream().filter(f -> f.length() == 0).count());
            });
        }
        check("v2_no_piece_layers.torrent", m -> {
            v2Only(m);
            assertNull(m.pieceLayer(0));
        });
        check("v2_incomplete_piece_layer.torrent", m -> {
            v2Only(m);
            long withLayer = java.util.stream.IntStream.range(0, m.files().size())
                    .filter(i -> m.pieceLayer(i) != null).count();
            assertTrue(withLayer < 3, "some files have no layer");
        });
        check("similar.torrent", m -> assertEquals(List.of(InfoHash.v1("aaaaaaaaaaaaaaaaaaaa".getBytes())),
                m.similarTorrents()));
        check("similar2.torrent", m -> assertEquals(List.of(InfoHash.v1("aaaaaaaaaaaaaaaaaaaa".getBytes())),
                m.similarTorrents()));
        check("collection.torrent", m -> assertEquals(List.of("bar", "foo"), m.collections().stream().sorted().toList()));
        check("collection2.torrent", m -> assertEquals(List.of("bar", "foo"), m.collections().stream().sorted().toList()));
        check("dht_nodes.torrent", m -> assertEquals(List.of(new Metainfo.DhtNode("127.0.0.1", 6881),
                new Metainfo.DhtNode("192.168.1.1", 6881)), m.nodes()));
        check("large_piece_size.torrent", m -> assertEquals(32767L * 0x4000, m.pieceLength()));
    }
}
