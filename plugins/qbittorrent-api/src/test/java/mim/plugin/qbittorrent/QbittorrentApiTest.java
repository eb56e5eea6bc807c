package mim.plugin.qbittorrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mim.core.spi.AddRequest;
import mim.core.spi.HttpMount;
import mim.core.spi.Limits;
import org.junit.jupiter.api.Test;

/** The API on a session of one torrent: logging in, the forms it reads, and what each call answers and does. */
class QbittorrentApiTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    /** A server whose credentials are {@code u:p}, for a request that did not carry them. */
    private static final HttpMount.Access NOT_ADMITTED = new HttpMount.Access() {
        @Override
        public boolean admitted() {
            return false;
        }

        @Override
        public boolean accepts(String user, String password) {
            return user.equals("u") && password.equals("p");
        }
    };

    private final QbittorrentApi api = new QbittorrentApi();
    private final FakeSession fake = new FakeSession();

    @Test
    void withCredentialsSetACallNeedsTheCookieOfALoginWithThemAndIsOtherwise403() throws Exception {
        assertEquals(403, send("GET", "app/webapiVersion", "", null, NOT_ADMITTED).status());
        HttpMount.Response wrong = send("POST", "auth/login", "username=u&password=x", null, NOT_ADMITTED);
        assertEquals("Fails.", text(wrong));
        assertNull(wrong.headers().get("Set-Cookie"));
        HttpMount.Response right = send("POST", "auth/login", "username=u&password=p", null, NOT_ADMITTED);
        assertEquals("Ok.", text(right));
        String cookie = right.headers().get("Set-Cookie");
        assertTrue(cookie.startsWith("SID=") && cookie.contains("HttpOnly"), cookie);
        String sid = cookie.substring(0, cookie.indexOf(';'));
        HttpMount.Response version = send("GET", "app/webapiVersion", "", "other=1; " + sid, NOT_ADMITTED);
        assertEquals(200, version.status());
        assertEquals(QbittorrentApi.WEB_API_VERSION, text(version));
        assertEquals(403, send("GET", "app/version", "", sid + "x", NOT_ADMITTED).status());
        assertEquals(200, send("POST", "auth/logout", "", sid, NOT_ADMITTED).status());
        assertEquals(403, send("GET", "app/version", "", sid, NOT_ADMITTED).status(), "logged out");
    }

    @Test
    void aRequestTheServerAdmittedNeedsNoLoginAndAnyLoginSucceedsWithoutCredentials() throws Exception {
        assertEquals(QbittorrentApi.APP_VERSION, text(get("app/version")));
        assertEquals("Ok.", text(post("auth/login", "username=anyone&password=")));
    }

    @Test
    void actionsTakeAPostOnlyAndUnknownCallsAre404() throws Exception {
        HttpMount.Response r = send("GET", "torrents/delete", "", null, HttpMount.Access.ADMITTED);
        assertEquals(405, r.status());
        assertEquals("POST", r.headers().get("Allow"));
        assertTrue(fake.calls.isEmpty());
        assertEquals(404, get("torrents/nothing").status());
        assertEquals(404, get("torrents/properties?hash=" + "cd".repeat(20)).status());
        assertEquals(400, get("torrents/properties").status(), "hash is required");
        assertEquals(400, get("torrents/info?filter=sideways").status());
    }

    @Test
    void infoShowsTheTorrentInQbittorrentsWordsAndFilters() throws Exception {
        JsonNode rows = json(get("torrents/info"));
        assertEquals(1, rows.size());
        JsonNode t = rows.get(0);
        assertEquals(FakeSession.HASH, t.path("hash").asText());
        assertEquals("downloading", t.path("state").asText());
        assertEquals("tv", t.path("category").asText());
        assertEquals("hd", t.path("tags").asText());
        assertEquals(0.25, t.path("progress").asDouble());
        assertEquals(1000, t.path("size").asLong());
        assertEquals(4000, t.path("total_size").asLong());
        assertEquals("/srv/t", t.path("save_path").asText());
        assertEquals("/srv/t/show", t.path("content_path").asText());
        assertEquals(15, t.path("eta").asLong(), "750 bytes at 50 a second");
        assertEquals(1_700_000_000, t.path("added_on").asLong());
        assertEquals(-1, t.path("completion_on").asLong());
        assertEquals(-2.0, t.path("ratio_limit").asDouble(), "no limit of its own: the session's");
        assertTrue(t.path("size").isIntegralNumber());
        assertEquals(1, json(get("torrents/info?category=tv&filter=downloading")).size());
        assertEquals(0, json(get("torrents/info?category=movies")).size());
        assertEquals(0, json(get("torrents/info?category=")).size(), "an empty category: those without one");
        assertEquals(0, json(get("torrents/info?filter=completed")).size());
        assertEquals(1, json(get("torrents/info?hashes=" + FakeSession.HASH.toUpperCase() + "|" + "cd".repeat(20))).size());
        fake.state = "paused";
        assertEquals("stoppedDL", json(get("torrents/info")).get(0).path("state").asText());
        assertEquals(1, json(get("torrents/info?filter=paused")).size());
    }

    @Test
    void filesAndPropertiesDescribeTheTorrent() throws Exception {
        JsonNode files = json(get("torrents/files?hash=" + FakeSession.HASH));
        assertEquals(2, files.size());
        assertEquals("show/e1.mkv", files.get(0).path("name").asText());
        assertEquals(0.25, files.get(0).path("progress").asDouble());
        assertEquals(1, files.get(0).path("priority").asInt());
        assertEquals(0, files.get(1).path("priority").asInt(), "not chosen");
        JsonNode props = json(get("torrents/properties?hash=" + FakeSession.HASH));
        assertEquals("/srv/t", props.path("save_path").asText());
        assertEquals(4, props.path("pieces_num").asInt());
        assertEquals(3, json(get("torrents/trackers?hash=" + FakeSession.HASH)).size(), "DHT, PeX and LSD");
    }

    @Test
    void addReadsUrlsFilesAndItsOptionsFromEitherForm() throws Exception {
        assertEquals("Ok.", text(post("torrents/add", "urls=magnet%3A%3Fxt%3Durn%3Abtih%3A" + "cd".repeat(20)
                + "%0Amagnet%3A%3Fbad&category=tv&tags=a,b&stopped=true&savepath=shows&ratioLimit=3")));
        assertEquals(2, fake.added.size());
        assertEquals(new Limits(null, null, 3.0, null), fake.limits, "Sonarr's seed limits come with the add");
        AddRequest first = fake.added.get(0);
        assertEquals(new AddRequest.Link("magnet:?xt=urn:btih:" + "cd".repeat(20)), first.source());
        assertEquals(Set.of("category:tv", "a", "b"), first.labels());
        assertTrue(first.paused());
        assertEquals("shows", first.outputFolder());
        String boundary = "XyZ";
        byte[] torrent = {'d', 'e', 0, (byte) 0xff};
        byte[] body = concat(("--XyZ\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"a.torrent\"\r\n"
                + "Content-Type: application/x-bittorrent\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), torrent,
                ("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"paused\"\r\n\r\nfalse\r\n--XyZ--\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        HttpMount.Response r = api.handle(new HttpMount.Request("POST", "torrents/add", Map.of(),
                Map.of("content-type", "multipart/form-data; boundary=" + boundary), body), fake.session).join();
        assertEquals("Ok.", text(r));
        AddRequest file = fake.added.get(2);
        assertTrue(java.util.Arrays.equals(torrent, ((AddRequest.TorrentFile) file.source()).bytes()));
        assertFalse(file.paused());
        assertEquals("Fails.", text(post("torrents/add", "urls=magnet%3A%3Fbad")), "nothing added");
        assertEquals(400, post("torrents/add", "", "multipart/form-data").status(), "no boundary");
    }

    @Test
    void categoriesAreLabelsWithTheirSavePathsAndSetCategoryNeedsOneThatExists() throws Exception {
        JsonNode cats = json(get("torrents/categories"));
        assertEquals("tv", cats.path("tv").path("name").asText(), "named by a torrent");
        assertEquals(409, post("torrents/setCategory", "hashes=all&category=movies").status());
        assertEquals(200, post("torrents/createCategory", "category=movies&savePath=/srv/t/movies").status());
        assertEquals(409, post("torrents/createCategory", "category=movies").status());
        assertEquals(400, post("torrents/createCategory", "category=a,b").status());
        assertEquals("/srv/t/movies", json(get("torrents/categories")).path("movies").path("savePath").asText());
        assertEquals(Map.of("movies", "/srv/t/movies"), fake.categories, "the session keeps it");
        assertEquals(200, post("torrents/setCategory", "hashes=" + FakeSession.HASH + "&category=movies").status());
        assertEquals(List.of("category:movies", "hd"), fake.labels);
        assertEquals(200, post("torrents/addTags", "hashes=all&tags=x,y").status());
        assertEquals(List.of("category:movies", "hd", "x", "y"), fake.labels);
        assertEquals(200, post("torrents/removeTags", "hashes=all&tags=hd,x").status());
        assertEquals(List.of("category:movies", "y"), fake.labels);
        assertEquals(400, post("torrents/addTags", "hashes=all&tags=category:z").status());
        post("torrents/add", "urls=magnet%3A%3Fxt%3Durn%3Abtih%3A" + "cd".repeat(20) + "&category=movies");
        assertEquals("/srv/t/movies", fake.added.get(0).outputFolder(), "the category's save path");
        assertEquals(200, post("torrents/setCategory", "hashes=all&category=").status());
        assertEquals(List.of("y"), fake.labels);
        assertEquals(200, post("torrents/editCategory", "category=movies&savePath=films").status());
        assertEquals(Map.of("movies", "films"), fake.categories);
        assertEquals(200, post("torrents/removeCategories", "categories=movies").status());
        assertEquals(Map.of(), fake.categories);
    }

    @Test
    void actionsReachTheSessionForTheTorrentsNamed() throws Exception {
        String all = "hashes=" + FakeSession.HASH;
        post("torrents/stop", all);
        post("torrents/resume", all);
        post("torrents/recheck", all);
        post("torrents/setForceStart", all + "&value=true");
        post("torrents/pause", "hashes=" + "cd".repeat(20));
        post("torrents/delete", all + "&deleteFiles=true");
        post("torrents/delete", "hashes=all&deleteFiles=false");
        assertEquals(List.of("pause 3", "start 3", "verify 3", "start 3", "delete 3", "forget 3"), fake.calls);
        assertEquals(409, post("torrents/topPrio", all).status(), "queueing is off");
        assertEquals(200, post("torrents/setShareLimits", all + "&ratioLimit=1.5&seedingTimeLimit=90").status());
        assertEquals(new Limits(null, null, 1.5, Duration.ofMinutes(90)), fake.limits);
        assertEquals(1.5, json(get("torrents/info")).get(0).path("ratio_limit").asDouble());
        post("torrents/setShareLimits", all + "&ratioLimit=-2&seedingTimeLimit=-1");
        assertEquals(Limits.NONE, fake.limits);
    }

    @Test
    void preferencesShowAndSetTheSessionsLimits() throws Exception {
        JsonNode prefs = json(get("app/preferences"));
        assertEquals("/srv/t", prefs.path("save_path").asText());
        assertFalse(prefs.path("queueing_enabled").asBoolean(true));
        assertFalse(prefs.path("max_ratio_enabled").asBoolean(true));
        assertEquals(200, post("app/setPreferences", "json=" + java.net.URLEncoder.encode(
                "{\"max_ratio_enabled\":true,\"max_ratio\":2,\"max_seeding_time_enabled\":true,\"max_seeding_time\":60,"
                        + "\"up_limit\":1024,\"web_ui_port\":1}", StandardCharsets.UTF_8)).status());
        assertEquals(new Limits(null, 1024L, 2.0, Duration.ofHours(1)), fake.sessionLimits);
        prefs = json(get("app/preferences"));
        assertTrue(prefs.path("max_ratio_enabled").asBoolean());
        assertEquals(60, prefs.path("max_seeding_time").asInt());
        post("app/setPreferences", "json=%7B%22max_ratio_enabled%22%3Afalse%7D");
        assertNull(fake.sessionLimits.seedRatio());
        assertEquals(400, post("app/setPreferences", "json=%5B").status());
    }

    @Test
    void mainDataIsWholeThenOnlyWhatChanged() throws Exception {
        JsonNode full = json(get("sync/maindata?rid=0"));
        assertTrue(full.path("full_update").asBoolean());
        long rid = full.path("rid").asLong();
        assertEquals("tv", full.path("torrents").path(FakeSession.HASH).path("category").asText());
        assertTrue(full.path("categories").has("tv"));
        JsonNode same = json(get("sync/maindata?rid=" + rid));
        assertFalse(same.has("full_update"));
        assertFalse(same.has("torrents"), same::toString);
        fake.state = "paused";
        fake.labels = List.of("hd", "new");
        JsonNode changed = json(get("sync/maindata?rid=" + same.path("rid").asLong()));
        JsonNode row = changed.path("torrents").path(FakeSession.HASH);
        assertEquals("stoppedDL", row.path("state").asText());
        assertEquals("", row.path("category").asText());
        assertFalse(row.has("size"), "unchanged fields are left out");
        assertEquals("tv", changed.path("categories_removed").get(0).asText());
        assertEquals("new", changed.path("tags").get(0).asText());
        assertTrue(json(get("sync/maindata?rid=999999")).path("full_update").asBoolean(), "an unknown rid");
    }

    // ---- helpers

    private HttpMount.Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, "", null, HttpMount.Access.ADMITTED);
    }

    private HttpMount.Response post(String path, String form) {
        return send("POST", path, form, null, HttpMount.Access.ADMITTED);
    }

    private HttpMount.Response post(String path, String body, String contentType) {
        return api.handle(new HttpMount.Request("POST", path, Map.of(), Map.of("content-type", contentType),
                body.getBytes(StandardCharsets.UTF_8)), fake.session).join();
    }

    private HttpMount.Response send(String method, String pathAndQuery, String form, String cookie,
            HttpMount.Access access) {
        int q = pathAndQuery.indexOf('?');
        Map<String, List<String>> query = new HashMap<>();
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), List.of(pair.substring(eq + 1)));
            }
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", FORM);
        if (cookie != null) {
            headers.put("cookie", cookie);
        }
        return api.handle(new HttpMount.Request(method, q >= 0 ? pathAndQuery.substring(0, q) : pathAndQuery, query,
                headers, form.getBytes(StandardCharsets.UTF_8), access), fake.session).join();
    }

    private static String text(HttpMount.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpMount.Response r) throws Exception {
        assertEquals(200, r.status(), () -> text(r));
        return Views.JSON.readTree(r.body());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
