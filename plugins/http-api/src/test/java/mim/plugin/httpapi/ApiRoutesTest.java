package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mim.core.spi.AddRequest;
import mim.core.spi.Limits;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The routes over real HTTP on loopback, against a session that answers with fixed values. */
@ExtendWith(LeakCheck.class)
class ApiRoutesTest {
    private TestServer api;

    @BeforeEach
    void start() throws Exception {
        api = TestServer.plain();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theIndexListsEveryRoute() throws Exception {
        JsonNode index = json(api.get("/"), 200);
        assertEquals("mim", index.path("server").asText());
        for (String route : List.of("GET /stats", "GET /torrents", "GET /torrents/{id}", "GET /torrents/{id}/stats/v1",
                "GET /torrents/{id}/peer_stats", "GET /torrents/{id}/haves", "GET /torrents/{id}/metadata",
                "POST /torrents", "POST /torrents/{id}/pause", "POST /torrents/{id}/start", "POST /torrents/{id}/forget",
                "POST /torrents/{id}/delete", "POST /torrents/{id}/update_only_files", "GET /torrents/limits",
                "POST /torrents/limits", "GET /torrents/{id}/limits", "POST /torrents/{id}/limits",
                "POST /torrents/{id}/add_peers", "GET /torrents/categories", "POST /torrents/categories")) {
            assertTrue(index.path("apis").has(route), route + " missing from " + index);
        }
    }

    @Test
    void torrentsAreListedWithStatsOnlyWhenAsked() throws Exception {
        JsonNode plain = json(api.get("/torrents"), 200).path("torrents").get(0);
        assertEquals(FakeSession.ID, plain.path("id").asInt());
        assertEquals(FakeSession.HASH, plain.path("info_hash").asText());
        assertEquals("2024-05-01T10:00:00Z", plain.path("added_at").asText());
        assertTrue(plain.path("completed_at").isNull());
        assertTrue(plain.path("stats").isMissingNode());
        JsonNode stats = json(api.get("/torrents?with_stats=true"), 200).path("torrents").get(0).path("stats");
        assertEquals(250, stats.path("progress_bytes").asLong());
        assertError(api.get("/torrents?with_stats=yes"), 400, "bad_request");
    }

    @Test
    void aTorrentIsFoundByIdOrByInfoHash() throws Exception {
        JsonNode byId = json(api.get("/torrents/7"), 200);
        JsonNode byHash = json(api.get("/torrents/" + FakeSession.HASH.toUpperCase()), 200);
        assertEquals(byId, byHash);
        assertEquals("ubuntu.iso", byId.path("files").get(0).path("components").get(0).asText());
        assertTrue(byId.path("files").get(0).path("included").asBoolean());
    }

    @Test
    void statsPeersHavesAndMetadataHaveTheirShapes() throws Exception {
        JsonNode stats = json(api.get("/torrents/7/stats/v1"), 200);
        assertEquals("downloading", stats.path("state").asText());
        assertEquals(100, stats.path("download_speed").path("bytes_per_second").asLong());
        assertEquals(7, stats.path("eta_seconds").asLong(), "750 bytes left at 100 a second");
        assertEquals(1, stats.path("banned").path("corrupt data").asInt());
        JsonNode peer = json(api.get("/torrents/7/peer_stats"), 200).path("peers").get(0);
        assertEquals("192.0.2.7:6881", peer.path("address").asText());
        assertTrue(peer.path("encrypted").asBoolean());
        assertEquals("outgoing", peer.path("direction").asText());
        JsonNode session = json(api.get("/stats"), 200);
        assertEquals(5, session.path("uptime_seconds").asLong());

        HttpResponse<byte[]> svg = api.get("/torrents/7/haves");
        assertEquals("image/svg+xml", svg.headers().firstValue("content-type").orElse(""));
        String picture = new String(svg.body(), StandardCharsets.UTF_8);
        assertTrue(picture.contains("width=\"20.0000\" height=\"100\" fill=\"#22c55e\""), picture);
        HttpResponse<byte[]> raw = api.get("/torrents/7/haves", "Accept", "application/octet-stream");
        assertArrayEquals(new byte[] {(byte) 0xc0, 0}, raw.body());
        assertEquals("10", raw.headers().firstValue("x-bitfield-len").orElse(""));

        HttpResponse<byte[]> file = api.get("/torrents/7/metadata");
        assertEquals("application/x-bittorrent", file.headers().firstValue("content-type").orElse(""));
        assertEquals("attachment; filename=\"ubuntu.iso.torrent\"",
                file.headers().firstValue("content-disposition").orElse(""));
        assertArrayEquals("d4:infode".getBytes(), file.body());
    }

    @Test
    void aMagnetLinkAnUrlAndTorrentBytesAreAddedWithTheirParameters() throws Exception {
        String magnet = "magnet:?xt=urn:btih:" + FakeSession.HASH;
        JsonNode added = json(api.post("/torrents?paused=true&only_files=0,2&sub_folder=isos&overwrite=true&labels=tv,,hd"
                + "&initial_peers=192.0.2.7:6881,%5B2001:db8::1%5D:51413&only_files_regex=%5C.iso%24",
                ("  " + magnet + "\n").getBytes()), 200);
        assertEquals(FakeSession.ID, added.path("id").asInt());
        assertEquals("/srv/t", added.path("output_folder").asText());
        AddRequest r = api.session.added.get(0);
        assertEquals(new AddRequest.Link(magnet), r.source());
        assertEquals(Set.of(0, 2), r.onlyFiles());
        assertEquals("isos", r.subFolder());
        assertEquals("\\.iso$", r.onlyFilesRegex());
        assertTrue(r.paused() && r.overwrite());
        assertEquals(Set.of("tv", "hd"), r.labels());
        assertEquals("[\"linux\"]", added.path("details").path("labels").toString());
        assertEquals(List.of(new InetSocketAddress("192.0.2.7", 6881), new InetSocketAddress("2001:db8::1", 51413)),
                r.initialPeers());

        json(api.post("/torrents", "https://example.org/a.torrent".getBytes()), 200);
        assertEquals(new AddRequest.Link("https://example.org/a.torrent"), api.session.added.get(1).source());
        byte[] torrent = "d8:announce1:x4:infod4:name1:aee".getBytes();
        JsonNode listed = json(api.post("/torrents?list_only=true", torrent), 200);
        assertTrue(listed.path("id").isNull(), "nothing is added, so there is no id");
        assertArrayEquals(torrent, ((AddRequest.TorrentFile) api.session.added.get(2).source()).bytes());
        json(api.post("/torrents?is_url=false", "magnet:?looks-like-a-link".getBytes()), 200);
        assertInstanceOf(AddRequest.TorrentFile.class, api.session.added.get(3).source());
    }

    @Test
    void badAddParametersAreRefusedNamingThem() throws Exception {
        assertError(api.post("/torrents?paused=1", "magnet:?x".getBytes()), 400, "bad_request", "paused=1");
        assertError(api.post("/torrents?only_files=0,x", "magnet:?x".getBytes()), 400, "bad_request", "'x'");
        assertError(api.post("/torrents?initial_peers=example.org:1", "magnet:?x".getBytes()), 400, "bad_request",
                "not IP:PORT");
        assertError(api.post("/torrents?output=x", "magnet:?x".getBytes()), 400, "bad_request", "unknown parameter 'output'");
        assertError(api.post("/torrents?paused=true&paused=false", "magnet:?x".getBytes()), 400, "bad_request", "2 times");
        assertError(api.post("/torrents", FakeSession.REFUSED.getBytes()), 400, "bad_request", "that link is refused");
        assertEquals(1, api.session.added.size(), "only the last reached the session");
    }

    @Test
    void actionsReachTheSessionAndAnswerAnEmptyObject() throws Exception {
        for (String action : List.of("pause", "start", "forget", "delete")) {
            assertEquals("{}", new String(api.post("/torrents/7/" + action, new byte[0]).body()));
        }
        json(api.post("/torrents/" + FakeSession.HASH + "/update_only_files", "{\"only_files\": [2, 0]}".getBytes()), 200);
        assertEquals(List.of("pause 7", "start 7", "forget 7", "delete 7", "select [0, 2] 7"), api.session.actions);
        assertError(api.post("/torrents/7/update_only_files", "{\"only_files\": [\"a\"]}".getBytes()), 400, "bad_request");
        assertError(api.post("/torrents/7/update_only_files", "[0]".getBytes()), 400, "bad_request");
        assertError(api.post("/torrents/7/update_only_files", "{".getBytes()), 400, "bad_request", "not JSON");
        assertError(api.post("/torrents/7/update_only_files", "{\"only_files\": [-1]}".getBytes()), 400, "bad_request");
    }

    @Test
    void labelsAreSetFromAListOfStrings() throws Exception {
        assertEquals("{}", new String(api.post("/torrents/7/labels", "{\"labels\": [\"tv\", \"hd\"]}".getBytes()).body()));
        assertEquals(List.of("label [hd, tv] 7"), api.session.actions);
        assertError(api.post("/torrents/7/labels", "{\"labels\": [1]}".getBytes()), 400, "bad_request", "not a string");
        assertError(api.post("/torrents/7/labels", "[\"tv\"]".getBytes()), 400, "bad_request", "expected");
        assertError(api.post("/torrents/8/labels", "{\"labels\": []}".getBytes()), 404, "torrent_not_found");
    }

    @Test
    void unknownTorrentsRoutesAndMethodsHaveTheirOwnErrors() throws Exception {
        assertError(api.get("/torrents/8"), 404, "torrent_not_found", "no torrent with id 8");
        assertError(api.post("/torrents/8/pause", new byte[0]), 404, "torrent_not_found");
        assertError(api.get("/torrents/" + "9".repeat(40)), 404, "torrent_not_found");
        assertError(api.get("/torrents/seven"), 400, "bad_request", "neither a torrent id nor");
        assertError(api.get("/torrents/99999999999"), 400, "bad_request");
        assertError(api.get("/nothing/here"), 404, "not_found");
        assertError(api.get("/torrents/7/pause"), 405, "method_not_allowed", "allowed are POST");
        assertError(api.get("/torrents/7?with_stats=true"), 400, "bad_request", "unknown parameter 'with_stats'");
        assertError(api.post("/torrents/7/pause?now=1", new byte[0]), 400, "bad_request", "unknown parameter 'now'");
    }

    @Test
    void limitsAreSetAndReadForTheSessionAndEachTorrent() throws Exception {
        JsonNode none = json(api.get("/torrents/limits"), 200);
        assertTrue(none.path("download_bps").isNull() && none.path("seed_ratio").isNull(), none.toString());
        json(api.post("/torrents/limits", "{\"download_bps\": 5242880, \"upload_bps\": null}".getBytes()), 200);
        assertEquals(new Limits(5_242_880L, null, null, null), api.session.sessionLimits());
        assertEquals(5_242_880, json(api.get("/torrents/limits"), 200).path("download_bps").asLong());

        json(api.post("/torrents/7/limits",
                "{\"upload_bps\": 1000, \"seed_ratio\": 1.5, \"seed_time_secs\": 3600}".getBytes()), 200);
        assertEquals(new Limits(null, 1000L, 1.5, Duration.ofHours(1)), api.session.torrentLimits);
        JsonNode own = json(api.get("/torrents/" + FakeSession.HASH + "/limits"), 200);
        assertEquals(1000, own.path("upload_bps").asLong());
        assertEquals(3600, own.path("seed_time_secs").asLong());
        assertEquals(1.5, json(api.get("/torrents/7/stats/v1"), 200).path("limits").path("seed_ratio").asDouble());
    }

    @Test
    void categoriesAreReplacedWholeAndBadOnesRefused() throws Exception {
        assertEquals("{}", json(api.get("/torrents/categories"), 200).toString());
        json(api.post("/torrents/categories", "{\"tv\": \"shows\", \"radarr\": \"\"}".getBytes()), 200);
        assertEquals(Map.of("tv", "shows", "radarr", ""), api.session.categories());
        assertEquals("shows", json(api.get("/torrents/categories"), 200).path("tv").asText());
        assertError(api.post("/torrents/categories", "{\"tv\": 1}".getBytes()), 400, "bad_request", "is not a folder");
        assertError(api.post("/torrents/categories", "[]".getBytes()), 400, "bad_request");
        assertError(api.post("/torrents/categories", "{\"a,b\": \"\"}".getBytes()), 400, "bad_request", "no comma");
        assertEquals(Map.of("tv", "shows", "radarr", ""), api.session.categories(), "nothing refused was applied");
    }

    @Test
    void badLimitsAreRefusedNamingWhatIsWrong() throws Exception {
        assertError(api.post("/torrents/limits", "{\"download_bps\": 0}".getBytes()), 400, "bad_request", "download_bps");
        assertError(api.post("/torrents/limits", "{\"upload_bps\": -5}".getBytes()), 400, "bad_request", "upload_bps");
        assertError(api.post("/torrents/limits", "{\"upload_bps\": \"5M\"}".getBytes()), 400, "bad_request",
                "whole number");
        assertError(api.post("/torrents/limits", "{\"seed_ratio\": -1}".getBytes()), 400, "bad_request", "seed_ratio");
        assertError(api.post("/torrents/limits", "{\"seed_time_secs\": 1.5}".getBytes()), 400, "bad_request",
                "seed_time_secs");
        assertError(api.post("/torrents/limits", "{\"download\": 1}".getBytes()), 400, "bad_request",
                "unknown key 'download'");
        assertError(api.post("/torrents/limits", "[1]".getBytes()), 400, "bad_request");
        assertError(api.post("/torrents/7/limits", "{".getBytes()), 400, "bad_request", "not JSON");
        assertError(api.post("/torrents/8/limits", "{}".getBytes()), 404, "torrent_not_found");
        assertError(api.get("/torrents/8/limits"), 404, "torrent_not_found");
        assertEquals(Limits.NONE, api.session.sessionLimits(), "nothing refused was applied");
    }

    @Test
    void peersAreAddedOneALineOrAsAJsonList() throws Exception {
        JsonNode lines = json(api.post("/torrents/7/add_peers", "192.0.2.7:6881\n\n[2001:db8::1]:51413\n".getBytes()),
                200);
        assertEquals(2, lines.path("added").asInt());
        json(api.post("/torrents/7/add_peers", "[\"192.0.2.8:1\", \"192.0.2.8:1\"]".getBytes()), 200);
        assertEquals(List.of("add_peers [/192.0.2.7:6881, /[2001:db8:0:0:0:0:0:1]:51413] 7",
                "add_peers [/192.0.2.8:1] 7"), api.session.actions);
        assertError(api.post("/torrents/7/add_peers", "example.org:6881".getBytes()), 400, "bad_request",
                "'example.org:6881'");
        assertError(api.post("/torrents/7/add_peers", "[6881]".getBytes()), 400, "bad_request", "6881");
        assertError(api.post("/torrents/7/add_peers", "192.0.2.7:70000".getBytes()), 400, "bad_request");
        assertError(api.post("/torrents/7/add_peers", new byte[0]), 400, "bad_request", "no peer");
        assertError(api.post("/torrents/8/add_peers", "192.0.2.7:6881".getBytes()), 404, "torrent_not_found");
    }

    private static JsonNode json(HttpResponse<byte[]> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        return Json.MAPPER.readTree(r.body());
    }

    static void assertError(HttpResponse<byte[]> r, int status, String kind, String... fragments) throws Exception {
        JsonNode body = json(r, status);
        assertEquals(kind, body.path("error_kind").asText(), body::toString);
        assertEquals(status, body.path("status").asInt());
        assertTrue(body.path("status_text").isTextual());
        for (String f : fragments) {
            assertTrue(body.path("human_readable").asText().contains(f), body::toString);
        }
        assertEquals(Set.of("error_kind", "human_readable", "status", "status_text"), fields(body));
        assertNull(r.headers().firstValue("x-powered-by").orElse(null));
    }

    private static Set<String> fields(JsonNode n) {
        Set<String> out = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
