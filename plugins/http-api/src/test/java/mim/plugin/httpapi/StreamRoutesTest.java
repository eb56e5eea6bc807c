package mim.plugin.httpapi;

import static mim.plugin.httpapi.ApiRoutesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Streaming and the playlist over real HTTP on loopback, against a session with one file of 1,000 bytes. */
@ExtendWith(LeakCheck.class)
class StreamRoutesTest {
    private TestServer api;

    @BeforeEach
    void start() throws Exception {
        api = TestServer.plain();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static String header(HttpResponse<byte[]> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static byte[] content(int from, int to) {
        return Arrays.copyOfRange(FakeSession.CONTENT, from, to);
    }

    @Test
    void withoutRangeTheWholeFileComesAndTheStreamIsClosed() throws Exception {
        HttpResponse<byte[]> r = api.get("/torrents/7/stream/0");
        assertEquals(200, r.statusCode());
        assertEquals("bytes", header(r, "accept-ranges"));
        assertEquals("1000", header(r, "content-length"));
        assertEquals("application/octet-stream", header(r, "content-type"));
        assertArrayEquals(FakeSession.CONTENT, r.body());
        Await.until(() -> api.session.actions.contains("closed stream 7"), "the stream is closed");
    }

    @Test
    void aRangeIsAnsweredWith206AndItsBytes() throws Exception {
        HttpResponse<byte[]> r = api.get("/torrents/7/stream/0/ubuntu.iso", "Range", "bytes=150-649");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 150-649/1000", header(r, "content-range"));
        assertEquals("500", header(r, "content-length"));
        assertArrayEquals(content(150, 650), r.body());

        HttpResponse<byte[]> open = api.get("/torrents/" + FakeSession.HASH + "/stream/0", "Range", "bytes=990-");
        assertEquals("bytes 990-999/1000", header(open, "content-range"));
        assertArrayEquals(content(990, 1000), open.body());

        HttpResponse<byte[]> suffix = api.get("/torrents/7/stream/0", "Range", "bytes=-25");
        assertEquals(206, suffix.statusCode());
        assertEquals("bytes 975-999/1000", header(suffix, "content-range"));
        assertArrayEquals(content(975, 1000), suffix.body());
    }

    @Test
    void headAnswersTheHeadOfAGetWithoutItsBody() throws Exception {
        HttpResponse<byte[]> r = api.head("/torrents/7/stream/0/ubuntu.iso", "Range", "bytes=-10");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 990-999/1000", header(r, "content-range"));
        assertEquals("10", header(r, "content-length"));
        assertEquals(0, r.body().length);
        HttpResponse<byte[]> whole = api.head("/torrents/7/stream/0");
        assertEquals(200, whole.statusCode());
        assertEquals("1000", header(whole, "content-length"));
        assertEquals(404, api.head("/torrents/7/stream/5").statusCode());
        assertEquals(416, api.head("/torrents/7/stream/0", "Range", "bytes=2000-").statusCode());
        assertTrue(api.session.actions.stream().noneMatch(a -> a.startsWith("stream")), "HEAD opens no stream");
        assertArrayEquals(content(0, 10), api.get("/torrents/7/stream/0", "Range", "bytes=0-9").body(),
                "the connection answers on");
    }

    @Test
    void severalRangesAreAnsweredWithTheWholeFile() throws Exception {
        HttpResponse<byte[]> r = api.get("/torrents/7/stream/0", "Range", "bytes=0-1,5-9");
        assertEquals(200, r.statusCode());
        assertArrayEquals(FakeSession.CONTENT, r.body());
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheLength() throws Exception {
        for (String range : new String[] {"bytes=1000-", "bytes=9-3", "bytes=x-"}) {
            HttpResponse<byte[]> r = api.get("/torrents/7/stream/0", "Range", range);
            assertError(r, 416, "range_not_satisfiable");
            assertEquals("bytes */1000", header(r, "content-range"), range);
        }
        assertError(api.get("/torrents/7/stream/1", "Range", "bytes=0-"), 416, "range_not_satisfiable");
    }

    @Test
    void anEmptyFileIsAnEmptyBody() throws Exception {
        HttpResponse<byte[]> r = api.get("/torrents/7/stream/1/clip%20one.mkv");
        assertEquals(200, r.statusCode());
        assertEquals("video/x-matroska", header(r, "content-type"));
        assertEquals(0, r.body().length);
    }

    @Test
    void unknownFilesAndTorrentsAreRefused() throws Exception {
        assertError(api.get("/torrents/7/stream/2"), 404, "file_not_found", "no file 2");
        assertError(api.get("/torrents/7/stream/x"), 400, "bad_request", "not a file index");
        assertError(api.get("/torrents/8/stream/0"), 404, "torrent_not_found");
        assertError(api.get("/torrents/7/stream/0?t=1"), 400, "bad_request");
    }

    @Test
    void thePlaylistListsTheMediaFilesWithAbsoluteUrls() throws Exception {
        HttpResponse<byte[]> r = api.get("/torrents/7/playlist");
        assertEquals(200, r.statusCode());
        assertEquals("audio/x-mpegurl", header(r, "content-type"));
        String expected = "#EXTM3U\n#EXTINF:-1,extras/clip one.mkv\nhttp://127.0.0.1:" + api.address().getPort()
                + "/torrents/7/stream/1/clip%20one.mkv\n";
        assertEquals(expected, new String(r.body(), StandardCharsets.UTF_8), "ubuntu.iso is no media file");
        assertError(api.get("/torrents/9/playlist"), 404, "torrent_not_found");
    }

    @Test
    void mediaTypesComeFromTheExtension() {
        assertEquals("video/mp4", StreamRoutes.mediaType("a/Film.MP4"));
        assertEquals("video/x-matroska", StreamRoutes.mediaType("x.mkv"));
        assertEquals("video/webm", StreamRoutes.mediaType("x.webm"));
        assertEquals("audio/mpeg", StreamRoutes.mediaType("x.mp3"));
        assertEquals("audio/flac", StreamRoutes.mediaType("x.flac"));
        assertEquals("audio/ogg", StreamRoutes.mediaType("x.ogg"));
        assertEquals("text/plain", StreamRoutes.mediaType("x.en.srt"));
        assertEquals("text/plain", StreamRoutes.mediaType("notes.txt"));
        assertEquals("application/octet-stream", StreamRoutes.mediaType("x.iso"));
        assertEquals("application/octet-stream", StreamRoutes.mediaType("README"));
    }
}
