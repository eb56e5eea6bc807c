package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ShowMagnetTest {
    private static final String LINK = "magnet:?xt=urn:btih:631a31dd0a46257d5078c0dee4e66e26f73e42ac"
            + "&xt=urn:btmh:1220d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb"
            + "&dn=bittorrent-v1-v2-hybrid-test&tr=udp://a.example:1/announce&tr=http://b.example/announce"
            + "&ws=https://seed.example/&x.pe=[::1]:6881&so=2,0-1";

    @Test
    void showsWhatTheLinkSaysAndWhatItLacks() {
        MainTest.Result r = MainTest.run("show", LINK);
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(String.join("\n",
                "Name:            bittorrent-v1-v2-hybrid-test",
                "Info-hash v1:    631a31dd0a46257d5078c0dee4e66e26f73e42ac",
                "Info-hash v2:    d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb",
                "Trackers:        udp://a.example:1/announce",
                "                 http://b.example/announce",
                "Web seeds:       https://seed.example/",
                "Peers:           [::1]:6881",
                "Selected files:  0-2",
                "This is a magnet link: the file list and sizes come with the torrent's metadata, which peers "
                        + "send once connected.",
                ""), r.out());
    }

    @Test
    void jsonHasEveryFieldWithNullsForTheMissingMetadata() throws Exception {
        MainTest.Result r = MainTest.run("show", "--json", LINK);
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("magnet", o.get("kind").asText());
        assertEquals("bittorrent-v1-v2-hybrid-test", o.get("name").asText());
        assertEquals("631a31dd0a46257d5078c0dee4e66e26f73e42ac", o.get("info_hash").asText());
        assertEquals("d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb",
                o.get("info_hash_v2").asText());
        assertTrue(o.get("files").isNull());
        assertTrue(o.get("total_size").isNull());
        assertEquals("[[\"udp://a.example:1/announce\"],[\"http://b.example/announce\"]]",
                o.get("trackers").toString());
        assertEquals("[\"[::1]:6881\"]", o.get("peers").toString());
        assertEquals("[\"0-2\"]", o.get("selected_files").toString());
        assertEquals(LINK.replace("&so=2,0-1", "&x.pe=%5B::1%5D:6881&so=0-2").replace("&x.pe=[::1]:6881", ""),
                o.get("magnet").asText());
    }

    @Test
    void aBadMagnetLinkIsOneErrorLine() {
        MainTest.Result r = MainTest.run("show", "magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("mim: error: invalid magnet link: unsupported hash kind 'urn:sha1' (mim needs urn:btih or "
                + "urn:btmh): magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C\n", r.err());
    }
}
