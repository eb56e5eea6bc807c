package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mim.interop.Await;
import mim.interop.ManagedProcess;
import mim.interop.MimServer;
import mim.interop.NodeScript;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mim's qBittorrent Web API driven as Sonarr drives qBittorrent (the calls, parameters and checks of its
 * {@code QBittorrentProxyV2}, in its order): probe the API version, log in, read the preferences and
 * categories, add a magnet link with a category, wait for the torrent in its properties, follow it by
 * category until it is complete (the bytes checked on disk), set its share limits, and delete it with its
 * files. Then the same server behind {@code --http-api-auth}: 403 without a login, never 401.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class QbittorrentApiIT {
    private static final Duration TRANSFER = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A client as Sonarr's: form posts, the SID cookie once logged in, Basic credentials when it has them. */
    private static final class Client {
        private final HttpClient http = HttpClient.newHttpClient();
        private final String base;
        private final String basic;
        private String cookie;

        Client(MimServer server, String credentials) {
            this.base = "http://" + server.host() + "/api/v2/";
            this.basic = credentials == null ? null
                    : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> get(String call) {
            return send(HttpRequest.newBuilder(URI.create(base + call)).GET());
        }

        HttpResponse<String> post(String call, String... fields) {
            StringBuilder form = new StringBuilder();
            for (int i = 0; i < fields.length; i += 2) {
                form.append(form.isEmpty() ? "" : "&").append(fields[i]).append('=')
                        .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return send(HttpRequest.newBuilder(URI.create(base + call))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
        }

        /** A call that must answer 200; its body. */
        String ok(HttpResponse<String> r) {
            assertEquals(200, r.statusCode(), () -> r.request().uri() + ": " + r.body());
            return r.body();
        }

        JsonNode json(String call) {
            try {
                return JSON.readTree(ok(get(call)));
            } catch (IOException e) {
                throw new AssertionError(call + " is not JSON", e);
            }
        }

        void login(String user, String password) {
            HttpResponse<String> r = post("auth/login", "username", user, "password", password);
            assertEquals("Ok.", ok(r));
            String set = r.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = set.substring(0, set.indexOf(';'));
        }

        private HttpResponse<String> send(HttpRequest.Builder b) {
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            if (basic != null) {
                b.header("Authorization", basic);
            }
            try {
                return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Test
    void sonarrsSequenceAddsFollowsLimitsAndDeletesAMagnetLinkWithACategory() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path tree = swarm.tree("episode", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(tree, MimLeechesIT.PIECE_LOG2, false);
            Peer seeder = swarm.libtorrent().seed(torrent, tree);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            Client sonarr = new Client(server, null);

            assertEquals(200, sonarr.get("app/webapiVersion").statusCode(), "the probe finds the API");
            sonarr.login("", "");
            assertTrue(sonarr.ok(sonarr.get("app/webapiVersion")).startsWith("2.11."));
            assertTrue(sonarr.ok(sonarr.get("app/version")).startsWith("v5."));
            JsonNode prefs = sonarr.json("app/preferences");
            assertEquals(server.output().toString(), prefs.path("save_path").asText());
            assertFalse(prefs.path("queueing_enabled").asBoolean(true));
            assertFalse(sonarr.json("torrents/categories").has("tv-sonarr"));
            sonarr.ok(sonarr.post("torrents/createCategory", "category", "tv-sonarr"));
            assertTrue(sonarr.json("torrents/categories").has("tv-sonarr"));

            String hash = torrent.infoHash();
            assertEquals("Ok.", sonarr.ok(sonarr.post("torrents/add", "urls",
                    torrent.bareMagnet() + "&x.pe=" + seeder.hostPort(), "category", "tv-sonarr", "stopped", "false")));
            Await.until("the torrent in torrents/properties", TRANSFER,
                    () -> sonarr.get("torrents/properties?hash=" + hash).statusCode() == 200, server.process());
            assertEquals(409, sonarr.post("torrents/topPrio", "hashes", hash).statusCode(), "queueing is off");
            sonarr.ok(sonarr.post("torrents/setForceStart", "hashes", hash, "value", "true"));

            JsonNode[] row = new JsonNode[1];
            Await.until("100% in torrents/info?category=tv-sonarr", TRANSFER, () -> {
                JsonNode rows = sonarr.json("torrents/info?category=tv-sonarr");
                row[0] = rows.size() == 1 ? rows.get(0) : null;
                return row[0] != null && row[0].path("progress").asDouble() == 1.0;
            }, server.process());
            assertEquals(hash, row[0].path("hash").asText());
            assertEquals("tv-sonarr", row[0].path("category").asText());
            assertTrue(row[0].path("state").asText().endsWith("UP") || row[0].path("state").asText().equals("uploading"),
                    row[0]::toString);
            Path content = Path.of(row[0].path("content_path").asText());
            assertEquals(server.output().resolve(torrent.name()), content);
            assertEquals(TestData.sha256(tree), TestData.sha256(content), swarm::diagnostics);
            assertEquals(0, sonarr.json("torrents/info?category=movies").size());
            JsonNode files = sonarr.json("torrents/files?hash=" + hash);
            assertEquals(6, files.size());
            assertTrue(files.get(0).path("name").asText().startsWith(torrent.name() + "/"), files::toString);

            sonarr.ok(sonarr.post("torrents/setShareLimits", "hashes", hash, "ratioLimit", "2.5",
                    "seedingTimeLimit", "600"));
            JsonNode limits = server.json("/torrents/" + hash + "/limits");
            assertEquals(2.5, limits.path("seed_ratio").asDouble(), limits::toString);
            assertEquals(2.5, sonarr.json("torrents/info?hashes=" + hash).get(0).path("ratio_limit").asDouble());

            sonarr.ok(sonarr.post("torrents/delete", "hashes", hash, "deleteFiles", "true"));
            Await.until("the torrent gone from torrents/info", TRANSFER,
                    () -> sonarr.json("torrents/info").isEmpty(), server.process());
            Await.until("its files deleted", TRANSFER, () -> !Files.exists(content), server.process());
            server.stop();
        }
    }

    @Test
    void withCredentialsEveryCallButTheLoginIs403UntilALoginWithThem() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start("--http-api-auth", "sonarr:s3cret");
            Client anonymous = new Client(server, null);
            assertEquals(403, anonymous.get("app/webapiVersion").statusCode(), "Sonarr's probe: supported, log in");
            assertEquals(403, anonymous.get("torrents/info").statusCode());
            assertEquals(403, anonymous.post("torrents/delete", "hashes", "all").statusCode());
            assertEquals("Fails.", anonymous.ok(anonymous.post("auth/login", "username", "sonarr", "password", "guess")));
            assertEquals(403, anonymous.get("torrents/info").statusCode(), "a failed login gives nothing");
            assertEquals(401, server.get("/torrents").status(), "mim's own API still asks for Basic credentials");

            Client sonarr = new Client(server, null);
            sonarr.login("sonarr", "s3cret");
            assertEquals("[]", sonarr.ok(sonarr.get("torrents/info")));
            sonarr.ok(sonarr.post("auth/logout"));
            assertEquals(403, sonarr.get("torrents/info").statusCode(), "logged out");

            Client basic = new Client(server, "sonarr:s3cret");
            assertEquals("[]", basic.ok(basic.get("torrents/info")), "the server's own credentials admit too");
            server.stop();
        }
    }

    /**
     * A category created through this API is the session's: its save path survives a restart of the
     * server, mim's own API shows it, and a torrent added in it after the restart goes to its folder.
     */
    @Test
    void aCategoryAndItsSavePathSurviveARestart() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            Client before = new Client(server, null);
            before.ok(before.post("torrents/createCategory", "category", "tv-sonarr", "savePath", "shows"));
            before.ok(before.post("torrents/createCategory", "category", "movies", "savePath", "films"));
            before.ok(before.post("torrents/removeCategories", "categories", "movies"));
            server.stop();

            server.start();
            Client after = new Client(server, null);
            JsonNode categories = after.json("torrents/categories");
            assertEquals("shows", categories.path("tv-sonarr").path("savePath").asText(), categories::toString);
            assertFalse(categories.has("movies"), "a removed category stays removed");
            assertEquals("{\"tv-sonarr\":\"shows\"}", server.json("/torrents/categories").toString(),
                    "mim's own API shows the session's categories");
            String hash = "ab".repeat(20);
            after.ok(after.post("torrents/add", "urls", "magnet:?xt=urn:btih:" + hash, "category", "tv-sonarr"));
            assertEquals(server.output().resolve("shows").toString(),
                    server.json("/torrents/" + hash).path("output_folder").asText(), "added into the category's folder");
            server.stop();
        }
    }

    @Test
    void ctrlQbittorrentLogsInAddsListsPausesResumesAndRemovesWithFiles() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("node.bin", (2 << 20) + 99);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start("--http-api-auth", "qbt:secret");
            ManagedProcess node = NodeScript.run(swarm, "qbittorrent.mjs", "http://" + server.host() + "/",
                    torrent.bareMagnet() + "&x.pe=" + seeder.hostPort(), torrent.infoHash(), "tv");
            assertEquals(0, node.awaitExit(Duration.ofSeconds(240)), node::output);
            String out = node.output();
            Path content = server.output().resolve(torrent.name());
            String digest = TestData.sha256(data).values().iterator().next();
            assertTrue(out.contains("complete " + content + " sha256 " + digest), out);
            assertTrue(out.contains("paused stoppedUP"), out);
            assertTrue(out.contains("normalized 1 " + torrent.infoHash() + " 1"), out);
            assertTrue(out.contains("removed"), out);
            assertFalse(Files.exists(content), "removed with its files");
            server.stop();
        }
    }
}
