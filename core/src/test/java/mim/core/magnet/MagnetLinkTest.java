package mim.core.magnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import mim.core.MimException;
import mim.core.metainfo.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MagnetLinkTest {
    private static final String SINTEL = "08ada5a7a6183aae1e09d831df6748d566095a10";
    private static final String HYBRID_V1 = "631a31dd0a46257d5078c0dee4e66e26f73e42ac";
    private static final String HYBRID_V2 = "d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb";

    /** Links as real clients and sites write them. */
    static final String[] REAL_LINKS = {
        // WebTorrent's Sintel example: upper-case escapes, ws and an xs we ignore.
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&dn=Sintel"
                + "&tr=udp%3A%2F%2Fexplodie.org%3A6969&tr=udp%3A%2F%2Ftracker.coppersurfer.tk%3A6969"
                + "&tr=wss%3A%2F%2Ftracker.btorrent.xyz&tr=wss%3A%2F%2Ftracker.openwebtorrent.com"
                + "&ws=https%3A%2F%2Fwebtorrent.io%2Ftorrents%2F"
                + "&xs=https%3A%2F%2Fwebtorrent.io%2Ftorrents%2Fsintel.torrent",
        // qBittorrent: lower-case escapes.
        "magnet:?xt=urn:btih:3b245504cf5f11bbdbe1201cea6a6bf45aee1bc0&dn=ubuntu-22.04.3-desktop-amd64.iso"
                + "&tr=https%3a%2f%2ftorrent.ubuntu.com%2fannounce&tr=https%3a%2f%2fipv6.torrent.ubuntu.com%2fannounce",
        // The BitTorrent v2 hybrid test torrent.
        "magnet:?xt=urn:btih:631a31dd0a46257d5078c0dee4e66e26f73e42ac"
                + "&xt=urn:btmh:1220d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb"
                + "&dn=bittorrent-v1-v2-hybrid-test",
        // A site's link: '+' for spaces, exact length, unescaped tracker.
        "magnet:?xt=urn:btih:C9E15763F722F23E98A29DECDFAE341B98D53056&dn=Big+Buck+Bunny+%281080p%29&xl=276134947"
                + "&tr=udp://tracker.example.org:1337/announce",
        // Base32 (old Vuze links), peers and a file selection.
        "magnet:?xt=urn:btih:BDSFMWBSZHZ4PVGNJPM2XEBTTXKZF6KQ&x.pe=10.0.0.1:6881&x.pe=[2001:db8::1]:51413&so=0,2,4-6",
    };

    @Test
    void readsWebTorrentsSintelLink() throws Exception {
        MagnetLink m = MagnetLink.parse(REAL_LINKS[0]);
        assertEquals(Optional.of(SINTEL), m.infoHashV1().map(InfoHash::hex));
        assertEquals(Optional.empty(), m.infoHashV2().map(InfoHash::hex));
        assertEquals(Optional.of("Sintel"), m.name());
        assertEquals(List.of("udp://explodie.org:6969", "udp://tracker.coppersurfer.tk:6969",
                "wss://tracker.btorrent.xyz", "wss://tracker.openwebtorrent.com"), m.trackers());
        assertEquals(List.of("https://webtorrent.io/torrents/"), m.webSeeds());
    }

    @Test
    void readsHybridLinkWithBothHashes() throws Exception {
        MagnetLink m = MagnetLink.parse(REAL_LINKS[2]);
        assertEquals(Optional.of(HYBRID_V1), m.infoHashV1().map(InfoHash::hex));
        assertEquals(Optional.of(HYBRID_V2), m.infoHashV2().map(InfoHash::hex));
    }

    @Test
    void readsV2OnlyLink() throws Exception {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btmh:1220" + HYBRID_V2.toUpperCase());
        assertEquals(Optional.empty(), m.infoHashV1().map(InfoHash::hex));
        assertEquals(Optional.of(HYBRID_V2), m.infoHashV2().map(InfoHash::hex));
    }

    @Test
    void plusIsASpaceAndEscapedPlusIsAPlus() throws Exception {
        MagnetLink m = MagnetLink.parse(REAL_LINKS[3]);
        assertEquals(Optional.of("Big Buck Bunny (1080p)"), m.name());
        assertEquals(Optional.of("c9e15763f722f23e98a29decdfae341b98d53056"), m.infoHashV1().map(InfoHash::hex));
        assertEquals(Optional.of("C++ a+b"), MagnetLink.parse("magnet:?xt=urn:btih:" + SINTEL
                + "&dn=C%2B%2B+a%2Bb").name());
    }

    @Test
    void base32AndHexGiveTheSameHash() throws Exception {
        String hex = "08e4565832c9f3c7d4cd4bd9ab90339dd592f950";
        MagnetLink base32 = MagnetLink.parse(REAL_LINKS[4]);
        assertEquals(Optional.of(hex), base32.infoHashV1().map(InfoHash::hex));
        assertEquals(Optional.of(hex),
                MagnetLink.parse("magnet:?xt=urn:btih:bdsfmwbszhz4pvgnjpm2xebttxkzf6kq")
                        .infoHashV1().map(InfoHash::hex));
    }

    @Test
    void readsPeersIncludingIpv6() throws Exception {
        MagnetLink m = MagnetLink.parse(REAL_LINKS[4]);
        assertEquals(List.of(new MagnetLink.Peer("10.0.0.1", 6881), new MagnetLink.Peer("2001:db8::1", 51413)),
                m.peers());
        assertEquals("[2001:db8::1]:51413", m.peers().get(1).toString());
    }

    @Test
    void selectOnlyIsSortedAndMerged() throws Exception {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + SINTEL + "&so=7,4-5,0,6,2,1");
        assertEquals(List.of(new MagnetLink.IndexRange(0, 2), new MagnetLink.IndexRange(4, 7)), m.selectedFiles());
        assertTrue(m.toString().endsWith("&so=0-2,4-7"), m.toString());
    }

    @Test
    void escapedAmpersandStaysInsideTheTrackerUrl() throws Exception {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + SINTEL
                + "&tr=http%3A%2F%2Ft.example%2Fannounce%3Fa%3D1%26b%3D2&tr=udp://second:80");
        assertEquals(List.of("http://t.example/announce?a=1&b=2", "udp://second:80"), m.trackers());
    }

    @Test
    void numberedAndUpperCaseNamesCount() throws Exception {
        MagnetLink m = MagnetLink.parse("MAGNET:?XT.1=urn:btih:" + SINTEL
                + "&xt.2=urn:btmh:1220" + HYBRID_V2 + "&TR.1=udp://a:1&tr.2=udp://b:2&DN=x");
        assertEquals(Optional.of(SINTEL), m.infoHashV1().map(InfoHash::hex));
        assertEquals(Optional.of(HYBRID_V2), m.infoHashV2().map(InfoHash::hex));
        assertEquals(List.of("udp://a:1", "udp://b:2"), m.trackers());
        assertEquals(Optional.of("x"), m.name());
    }

    @Test
    void otherHashKindsBesideBtihAreIgnored() throws Exception {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:ed2k:354B15E68FB8F36D7CD88FF94116CDC1"
                + "&xt=urn:btih:" + SINTEL + "&xl=10826029&kt=a+b");
        assertEquals(Optional.of(SINTEL), m.infoHashV1().map(InfoHash::hex));
        assertEquals("magnet:?xt=urn:btih:" + SINTEL, m.toString());
    }

    @Test
    void formatsCanonically() throws Exception {
        MagnetLink m = MagnetLink.builder()
                .infoHashV1(InfoHash.fromHex(HYBRID_V1))
                .infoHashV2(InfoHash.fromHex(HYBRID_V2))
                .name("a b+c&d=é")
                .tracker("udp://t.example:6969/announce")
                .webSeed("https://seed.example/files/")
                .peer(new MagnetLink.Peer("::1", 6881))
                .selectFiles(new MagnetLink.IndexRange(3, 3))
                .build();
        assertEquals("magnet:?xt=urn:btih:" + HYBRID_V1 + "&xt=urn:btmh:1220" + HYBRID_V2
                + "&dn=a%20b%2Bc%26d%3D%C3%A9&tr=udp://t.example:6969/announce"
                + "&ws=https://seed.example/files/&x.pe=%5B::1%5D:6881&so=3", m.toString());
    }

    @Test
    void realLinksRoundTrip() throws Exception {
        for (String link : REAL_LINKS) {
            MagnetLink m = MagnetLink.parse(link);
            assertEquals(m, MagnetLink.parse(m.toString()), link);
            assertEquals(m.toString(), MagnetLink.parse(m.toString()).toString());
        }
    }

    @Test
    void randomLinksRoundTrip() throws Exception {
        Random random = new Random(20240601L);
        for (int i = 0; i < 2000; i++) {
            MagnetLink.Builder b = MagnetLink.builder();
            int kinds = 1 + random.nextInt(3);
            if ((kinds & 1) != 0) {
                b.infoHashV1(InfoHash.v1(bytes(random, 20)));
            }
            if ((kinds & 2) != 0) {
                b.infoHashV2(InfoHash.v2(bytes(random, 32)));
            }
            if (random.nextBoolean()) {
                b.name(text(random));
            }
            for (int t = random.nextInt(4); t > 0; t--) {
                b.tracker("udp://" + text(random) + ":" + random.nextInt(65536) + "/a?b=" + text(random));
            }
            for (int w = random.nextInt(3); w > 0; w--) {
                b.webSeed("https://" + text(random) + "/");
            }
            for (int p = random.nextInt(3); p > 0; p--) {
                String host = random.nextBoolean() ? "fe80::" + random.nextInt(9999) : "h" + random.nextInt(999);
                b.peer(new MagnetLink.Peer(host, 1 + random.nextInt(65535)));
            }
            for (int s = random.nextInt(4); s > 0; s--) {
                int first = random.nextInt(50);
                b.selectFiles(new MagnetLink.IndexRange(first, first + random.nextInt(5)));
            }
            MagnetLink m = b.build();
            assertEquals(m, MagnetLink.parse(m.toString()), m.toString());
        }
    }

    /** Printable text with the characters that need escaping: space, + & = % # ? and non-ASCII. */
    private static String text(Random random) {
        String alphabet = "abcXYZ019 -._~+&=%#?/:@[]é€ü日本😀\t\"'<>";
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            s.appendCodePoint(alphabet.codePoints().skip(random.nextInt((int) alphabet.codePoints().count()))
                    .findFirst().getAsInt());
        }
        return s.toString();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://example.org/a.torrent|not a magnet link",
        "magnet:xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10|no '?' after 'magnet:'",
        "magnet:?dn=nothing|no info-hash",
        "magnet:?|no info-hash",
        "magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C|unsupported hash kind 'urn:sha1'",
        "magnet:?xt=urn:ed2k:354B15E68FB8F36D7CD88FF94116CDC1|unsupported hash kind 'urn:ed2k'",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a1|malformed v1 info-hash",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a1g|malformed v1 info-hash",
        "magnet:?xt=urn:btih:BDSFMWBSZHZ4PVGNJPM2XEBTTXKZF6K1|malformed v1 info-hash",
        "magnet:?xt=urn:btmh:1220abcd|malformed v2 info-hash",
        "magnet:?xt=urn:btmh:1114" + "0123456789012345678901234567890123456789|unsupported multihash '1114'",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&xt=urn:btih:"
                + "631a31dd0a46257d5078c0dee4e66e26f73e42ac|two different v1 info-hashes",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&dn=a%2|invalid percent-escape '%2'",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&dn=a%zzb|invalid percent-escape '%zz'",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&dn=%C3|not UTF-8",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&x.pe=1.2.3.4|malformed peer",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&x.pe=::1:80|malformed peer",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&x.pe=h:0|malformed peer",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&x.pe=[::1]80|malformed peer",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&x.pe=[[::1]:80|a bracket inside the host",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&x.pe=h]:80|a bracket inside the host",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&so=3-1|malformed file selection",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&so=1,,2|malformed file selection",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&so=a|malformed file selection",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&tr=|empty tr parameter",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a\n0|malformed v1 info-hash '08ada5a7a6183aae1e09d831df6748d566095a%0A0'",
        "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&x.pe=a\r\nb|malformed peer 'a%0D%0Ab'",
        "\u0085magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10|not a magnet link (expected magnet:?xt=...): %C2%85magnet:?xt",
    })
    void refusesWithAClearMessage(String row) {
        String[] parts = row.split("\\|");
        MimException.BadInput e = assertThrows(MimException.BadInput.class, () -> MagnetLink.parse(parts[0]));
        assertTrue(e.getMessage().contains(parts[1]), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void errorQuotesALongLinkShortened() {
        String link = "magnet:?dn=" + "x".repeat(500);
        MimException.BadInput e = assertThrows(MimException.BadInput.class, () -> MagnetLink.parse(link));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertTrue(e.getMessage().endsWith("..."), e.getMessage());
    }

    @Test
    void recognisesTheScheme() {
        assertTrue(MagnetLink.looksLikeMagnet("Magnet:?xt=whatever"));
        assertFalse(MagnetLink.looksLikeMagnet("/tmp/magnet.torrent"));
    }

    @Test
    void builderNeedsAHash() {
        assertThrows(IllegalArgumentException.class, () -> MagnetLink.builder().name("x").build());
    }
}
