package mim.plugin.transmission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mim.core.spi.AddRequest;
import mim.core.spi.HttpMount;
import mim.core.spi.Limits;
import mim.plugin.transmission.RpcCall.RpcFailure;
import org.junit.jupiter.api.Test;

/** The RPC on a session of one torrent: the handshake, the envelope, the ids, and what each method asks. */
class TransmissionRpcTest {
    private final TransmissionRpc rpc = new TransmissionRpc();
    private final OneTorrentSession fake = new OneTorrentSession();

    @Test
    void aCallWithoutTheSessionIdGets409AndTheIdWhichThenWorks() throws Exception {
        for (String method : List.of("GET", "POST")) {
            HttpMount.Response r = send(method, "rpc", Map.of(), "{\"method\":\"session-get\"}");
            assertEquals(409, r.status());
            String id = r.headers().get(TransmissionRpc.SESSION_ID_HEADER);
            assertTrue(id != null && id.length() >= 24, r.headers()::toString);
            HttpMount.Response wrong = send(method, "rpc", Map.of("x-transmission-session-id", id + "x"), "{}");
            assertEquals(409, wrong.status());
        }
        JsonNode session = call("{\"method\":\"session-get\",\"tag\":7}", "rpc/");
        assertEquals("success", session.path("result").asText());
        assertEquals(7, session.path("tag").asInt());
        assertEquals(17, session.path("arguments").path("rpc-version").asInt());
        assertTrue(session.path("arguments").path("version").asText().startsWith("4.0.6 (mim "));
        assertEquals("/srv/t", session.path("arguments").path("download-dir").asText());
    }

    @Test
    void whatIsNotACallIsAnsweredInTransmissionsWordsNeverWithA500() throws Exception {
        assertEquals("JSON parse error", call("{not json", "rpc").path("result").asText());
        assertEquals("JSON parse error", call("[1,2]", "rpc").path("result").asText());
        JsonNode noMethod = call("{\"tag\":5}", "rpc");
        assertEquals("no method name", noMethod.path("result").asText());
        assertEquals(5, noMethod.path("tag").asInt());
        JsonNode unknown = call("{\"method\":\"torrent-reannounce-everything\"}", "rpc");
        assertEquals("method name not recognized", unknown.path("result").asText());
        assertFalse(unknown.has("tag"), "no tag given, none echoed");
        assertEquals("arguments must be an object",
                call("{\"method\":\"torrent-get\",\"arguments\":[1]}", "rpc").path("result").asText());
        assertEquals("no fields specified", call("{\"method\":\"torrent-get\"}", "rpc").path("result").asText());
        assertEquals("invalid or corrupt torrent file",
                call("{\"method\":\"torrent-add\",\"arguments\":{\"metainfo\":\"!!\"}}", "rpc").path("result").asText());
        assertTrue(call("{\"method\":\"torrent-add\",\"arguments\":{\"filename\":\"/etc/passwd\"}}", "rpc")
                .path("result").asText().contains("not a path on the server"));
        assertEquals(404, send("POST", "other", headers(), "{}").status());
    }

    @Test
    void idsAreAbsentAnIntAHashAListOfBothOrRecentlyActive() throws Exception {
        Recent recent = new Recent();
        List<mim.core.spi.TorrentSummary> all = List.of(OneTorrentSession.SUMMARY);
        assertEquals(all, ids("{}").select(all, recent, 0));
        assertEquals(all, ids("{\"ids\":3}").select(all, recent, 0));
        assertEquals(List.of(), ids("{\"ids\":4}").select(all, recent, 0));
        assertEquals(all, ids("{\"ids\":\"" + OneTorrentSession.HASH.toUpperCase() + "\"}").select(all, recent, 0));
        assertEquals(all, ids("{\"ids\":[9,\"" + OneTorrentSession.HASH + "\",3]}").select(all, recent, 0));
        assertEquals(Set.of(), ids("{\"ids\":[\"" + "cd".repeat(20) + "\"]}").ids());
        Ids active = ids("{\"ids\":\"recently-active\"}");
        assertTrue(active.recentlyActive());
        assertEquals(List.of(), active.select(all, recent, 0), "nothing observed yet");
        recent.observe(all, Map.of(3, OneTorrentSession.STATS), 0);
        assertEquals(all, active.select(all, recent, 1));
        assertEquals(List.of(), active.select(all, recent, Recent.WINDOW_NANOS + 1), "a minute later");
        recent.observe(List.of(), Map.of(), 2);
        assertEquals(List.of(3), recent.removed());
        for (String bad : List.of("{\"ids\":\"all\"}", "{\"ids\":[1.5]}", "{\"ids\":{\"a\":1}}", "{\"ids\":true}")) {
            assertThrows(RpcFailure.class, () -> ids(bad), bad);
        }
    }

    @Test
    void torrentGetAnswersTheFieldsAskedWithIntegersAsIntegers() throws Exception {
        JsonNode answer = call("{\"method\":\"torrent-get\",\"arguments\":{\"ids\":[3],\"fields\":[\"id\",\"name\","
                + "\"status\",\"totalSize\",\"sizeWhenDone\",\"leftUntilDone\",\"percentDone\",\"eta\",\"rateDownload\","
                + "\"labels\",\"files\",\"fileStats\",\"wanted\",\"priorities\",\"peers\",\"uploadRatio\",\"addedDate\","
                + "\"peersFrom\",\"noSuchField\"]}}", "rpc");
        JsonNode t = answer.path("arguments").path("torrents").get(0);
        assertEquals(TorrentFields.DOWNLOAD, t.path("status").asInt());
        assertEquals(524_288, t.path("leftUntilDone").asLong());
        assertEquals(8, t.path("eta").asLong(), "524288 bytes left at 65536 a second");
        assertEquals(0.5, t.path("percentDone").asDouble());
        assertEquals("[\"tv\"]", t.path("labels").toString());
        assertEquals("[{\"bytesCompleted\":524288,\"length\":1048576,\"name\":\"show.mkv\"}]", t.path("files").toString());
        assertEquals("[{\"bytesCompleted\":524288,\"wanted\":true,\"priority\":0}]", t.path("fileStats").toString());
        assertEquals("[1]", t.path("wanted").toString());
        assertEquals(1_700_000_000, t.path("addedDate").asLong());
        assertEquals("10.0.0.7", t.path("peers").get(0).path("address").asText());
        assertEquals(1, t.path("peersFrom").path("fromIncoming").asInt(), t.path("peersFrom")::toString);
        assertEquals(0, t.path("peersFrom").path("fromTracker").asInt(), "mim does not say where a dialled peer came from");
        assertFalse(t.has("noSuchField"));
        for (String field : List.of("id", "status", "sizeWhenDone", "leftUntilDone", "eta", "rateDownload", "addedDate")) {
            assertTrue(t.path(field).isIntegralNumber(), field + " is " + t.path(field));
        }
        JsonNode table = call("{\"method\":\"torrent-get\",\"arguments\":{\"format\":\"table\",\"fields\":[\"id\","
                + "\"name\"]}}", "rpc");
        assertEquals("[[\"id\",\"name\"],[3,\"show.mkv\"]]", table.path("arguments").path("torrents").toString());
    }

    @Test
    void torrentAddPassesTheTorrentItsFolderPausedAndLabels() throws Exception {
        byte[] torrent = ("d4:infod6:lengthi5e4:name5:a.txt12:piece lengthi16384e6:pieces20:"
                + "x".repeat(20) + "ee").getBytes(StandardCharsets.ISO_8859_1);
        JsonNode added = call("{\"method\":\"torrent-add\",\"tag\":2,\"arguments\":{\"metainfo\":\""
                + Base64.getEncoder().encodeToString(torrent) + "\",\"download-dir\":\"/srv/t/tv\",\"paused\":true,"
                + "\"labels\":[\"tv\",\"sonarr\"]}}", "rpc");
        assertEquals("success", added.path("result").asText(), added::toString);
        assertEquals(3, added.path("arguments").path("torrent-added").path("id").asInt());
        AddRequest r = fake.added.get(0);
        assertTrue(r.source() instanceof AddRequest.TorrentFile f && java.util.Arrays.equals(torrent, f.bytes()));
        assertEquals("/srv/t/tv", r.outputFolder());
        assertTrue(r.paused());
        assertEquals(Set.of("tv", "sonarr"), r.labels());

        call("{\"method\":\"torrent-add\",\"arguments\":{\"filename\":\"magnet:?xt=urn:btih:" + "cd".repeat(20) + "\"}}",
                "rpc");
        assertTrue(fake.added.get(1).source() instanceof AddRequest.Link);
        assertFalse(fake.added.get(1).paused());
    }

    @Test
    void actionsReachTheSessionAndWhatMimCannotSetIsRefused() throws Exception {
        for (String m : List.of("torrent-stop", "torrent-start", "torrent-verify")) {
            assertEquals("success", call("{\"method\":\"" + m + "\",\"arguments\":{\"ids\":[3, 8]}}", "rpc")
                    .path("result").asText());
        }
        call("{\"method\":\"torrent-remove\",\"arguments\":{\"ids\":3,\"delete-local-data\":true}}", "rpc");
        call("{\"method\":\"torrent-remove\",\"arguments\":{\"ids\":3}}", "rpc");
        call("{\"method\":\"torrent-set\",\"arguments\":{\"ids\":3,\"labels\":[\"done\"],\"files-unwanted\":[0]}}", "rpc");
        assertEquals(List.of("pause 3", "start 3", "verify 3", "delete 3", "forget 3", "selectFiles 3 []",
                "setLabels 3 [done]"), fake.calls);
        assertTrue(call("{\"method\":\"torrent-set\",\"arguments\":{\"ids\":3,\"seedIdleLimit\":5}}", "rpc")
                .path("result").asText().contains("seedIdleLimit"));
        assertTrue(call("{\"method\":\"session-set\",\"arguments\":{\"idle-seeding-limit\":5,\"nonsense\":1}}", "rpc")
                .path("result").asText().contains("idle-seeding-limit"));
        assertEquals("success", call("{\"method\":\"session-set\",\"arguments\":{\"download-dir\":\"/srv/t/\","
                + "\"nonsense\":1}}", "rpc").path("result").asText());
        assertEquals("success", call("{\"method\":\"queue-move-top\",\"arguments\":{\"ids\":[3]}}", "rpc")
                .path("result").asText());
        JsonNode stats = call("{\"method\":\"session-stats\"}", "rpc").path("arguments");
        assertEquals(1, stats.path("torrentCount").asInt());
        assertEquals(42, stats.path("current-stats").path("secondsActive").asInt());
    }

    @Test
    void limitsAreReadAndSetInTransmissionsUnits() throws Exception {
        assertEquals("success", call("{\"method\":\"session-set\",\"arguments\":{\"speed-limit-down\":250,"
                + "\"speed-limit-down-enabled\":true,\"seedRatioLimit\":1.5,\"seedRatioLimited\":true}}", "rpc")
                .path("result").asText());
        assertEquals(new Limits(250_000L, null, 1.5, null), fake.sessionLimits);
        JsonNode session = call("{\"method\":\"session-get\"}", "rpc").path("arguments");
        assertEquals(250, session.path("speed-limit-down").asInt());
        assertTrue(session.path("speed-limit-down-enabled").asBoolean());
        assertFalse(session.path("speed-limit-up-enabled").asBoolean());
        assertEquals(1.5, session.path("seedRatioLimit").asDouble());
        call("{\"method\":\"session-set\",\"arguments\":{\"speed-limit-down-enabled\":false}}", "rpc");
        assertEquals(new Limits(null, null, 1.5, null), fake.sessionLimits);

        assertEquals("success", call("{\"method\":\"torrent-set\",\"arguments\":{\"ids\":3,\"uploadLimit\":40,"
                + "\"uploadLimited\":true,\"seedRatioMode\":1,\"seedRatioLimit\":3}}", "rpc").path("result").asText());
        assertEquals(List.of("setLimits 3 " + new Limits(null, 40_000L, 3.0, null)), fake.calls);
        assertTrue(call("{\"method\":\"torrent-set\",\"arguments\":{\"ids\":3,\"seedRatioMode\":2}}", "rpc")
                .path("result").asText().startsWith("seedRatioMode 2"));
        assertTrue(call("{\"method\":\"torrent-set\",\"arguments\":{\"ids\":3,\"downloadLimit\":0,"
                + "\"downloadLimited\":true}}", "rpc").path("result").asText().startsWith("downloadLimit"));
        assertEquals(1, fake.calls.size(), "a refused torrent-set changes nothing");
        fake.limits = new Limits(7_000L, null, 3.0, null);
        JsonNode t = call("{\"method\":\"torrent-get\",\"arguments\":{\"fields\":[\"downloadLimit\","
                + "\"downloadLimited\",\"uploadLimited\",\"seedRatioMode\",\"seedRatioLimit\"]}}", "rpc")
                .path("arguments").path("torrents").get(0);
        assertEquals("{\"downloadLimit\":7,\"downloadLimited\":true,\"uploadLimited\":false,\"seedRatioMode\":1,"
                + "\"seedRatioLimit\":3.0}", t.toString());
    }

    private Ids ids(String args) throws Exception {
        return Ids.of((ObjectNode) RpcCall.JSON.readTree(args), fake.session);
    }

    private Map<String, String> headers() throws Exception {
        String id = send("POST", "rpc", Map.of(), "").headers().get(TransmissionRpc.SESSION_ID_HEADER);
        return Map.of("x-transmission-session-id", id);
    }

    private JsonNode call(String body, String path) throws Exception {
        HttpMount.Response r = send("POST", path, headers(), body);
        assertEquals(200, r.status(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return RpcCall.JSON.readTree(r.body());
    }

    private HttpMount.Response send(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        return rpc.handle(new HttpMount.Request(method, path, Map.of(), headers, body.getBytes(StandardCharsets.UTF_8)),
                fake.session).get();
    }
}
