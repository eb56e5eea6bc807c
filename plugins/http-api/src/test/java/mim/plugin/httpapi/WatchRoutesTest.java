package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mim.core.spi.LogRecord;
import mim.core.spi.SessionEvent;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentSummary;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /events} and {@code /stream_logs} over a real socket: their formats, and a client that leaves. */
@ExtendWith(LeakCheck.class)
class WatchRoutesTest {
    private static final TorrentSummary TORRENT = new TorrentSummary(7, FakeSession.HASH, "line\nbreak.iso", "/srv/t",
            "downloading", 10, Instant.parse("2024-05-01T10:00:00Z"), null, java.util.List.of());

    @Test
    void eventsAreServerSentEventsWithIdKindAndOneLineOfJson() throws Exception {
        try (TestServer api = TestServer.plain(); Socket s = open(api, "/events")) {
            InputStream in = s.getInputStream();
            String head = StreamedAnswerTest.readHead(in);
            assertTrue(head.toLowerCase().contains("content-type: text/event-stream"), head);
            assertTrue(readUntil(in, "\n\n").contains("retry: 3000\n"), "the stream opens with a comment and retry:");
            Await.until(() -> api.session.subscriptions.size() == 1, "the stream subscribed");

            var sub = api.session.subscriptions.get(0);
            sub.deliver(new SessionEvent.TorrentAdded(1, TORRENT));
            sub.deliver(new SessionEvent.StateChanged(2, 7, FakeSession.HASH, "checking", "downloading"));
            sub.deliver(new SessionEvent.Stats(3, new SessionStats(1, 10, 20, 30, 40, 2, 60), Map.of()));
            String text = readUntil(in, "event: stats");
            text += readUntil(in, "\n\n");
            List<String> events = List.of(text.substring(0, text.length() - 2).split("\n\n"));
            assertEquals(3, events.size(), text);
            assertEquals("id: 1\nevent: torrent_added", events.get(0).substring(0, events.get(0).indexOf("\ndata: ")));
            JsonNode added = data(events.get(0));
            assertEquals("line\nbreak.iso", added.path("name").asText(), "a line break in a value stays in one data line");
            assertEquals(FakeSession.HASH, added.path("info_hash").asText());
            JsonNode state = data(events.get(1));
            assertTrue(events.get(1).startsWith("id: 2\nevent: torrent_state\n"), events.get(1));
            assertEquals("checking", state.path("from").asText());
            assertEquals("downloading", state.path("to").asText());
            assertEquals(20, data(events.get(2)).path("session").path("uploaded_bytes").asLong());
        }
    }

    @Test
    void aClientThatLeavesTheEventStreamIsUnsubscribed() throws Exception {
        try (TestServer api = TestServer.plain()) {
            try (Socket s = open(api, "/events")) {
                StreamedAnswerTest.readHead(s.getInputStream());
                Await.until(() -> api.session.subscriptions.size() == 1, "the stream subscribed");
            }
            Await.until(() -> api.session.subscriptions.isEmpty(), "the subscription is closed once the client left");
        }
    }

    @Test
    void theLogStreamsOneJsonObjectALine() throws Exception {
        try (TestServer api = TestServer.plain(); Socket s = open(api, "/stream_logs")) {
            InputStream in = s.getInputStream();
            String head = StreamedAnswerTest.readHead(in);
            assertTrue(head.toLowerCase().contains("content-type: application/x-ndjson"), head);
            Await.until(() -> api.logReaders.size() == 1, "the stream subscribed");
            api.logReaders.get(0).deliver(new LogRecord(Instant.parse("2024-05-01T10:00:00Z"), "INFO",
                    "mim.core.session.Torrent", "ubuntu.iso: download complete"));
            String line = readUntil(in, "\n");
            JsonNode record = Json.MAPPER.readTree(line);
            assertEquals("2024-05-01T10:00:00Z", record.path("time").asText());
            assertEquals("INFO", record.path("level").asText());
            assertEquals("mim.core.session.Torrent", record.path("logger").asText());
            assertEquals("ubuntu.iso: download complete", record.path("message").asText());
        }
    }

    @Test
    void theStreamsAreBehindTheSameChecksAsEveryRoute() throws Exception {
        try (TestServer api = new TestServer(Map.of("listen", "127.0.0.1:0", "auth", "u:p"), List.of())) {
            for (String path : List.of("/events", "/stream_logs")) {
                RawHttp.Answer a = RawHttp.send(api.address(), RawHttp.request(api.address(), "GET", path, "", new byte[0]));
                assertEquals(401, a.status(), path);
                RawHttp.Answer foreign = RawHttp.send(api.address(), "GET " + path + " HTTP/1.1\r\nHost: evil.example\r\n\r\n");
                assertEquals(403, foreign.status(), path);
            }
            assertTrue(api.session.subscriptions.isEmpty() && api.logReaders.isEmpty(), "nothing subscribed");
        }
    }

    private static JsonNode data(String event) throws IOException {
        String[] lines = event.split("\n");
        assertEquals(3, lines.length, "id, event and one data line: " + event);
        assertTrue(lines[2].startsWith("data: "), event);
        return Json.MAPPER.readTree(lines[2].substring("data: ".length()));
    }

    private static Socket open(TestServer api, String path) throws IOException {
        Socket s = new Socket(api.address().getAddress(), api.address().getPort());
        s.setSoTimeout(30_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + api.address().getPort()
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    /** The body's text from where it was up to and including the first {@code end}, reading chunk by chunk. */
    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder(pending);
        pending = "";
        while (text.indexOf(end) < 0) {
            byte[] chunk = StreamedAnswerTest.readChunk(in);
            if (chunk == null) {
                throw new IOException("the stream ended before " + end + ": " + text);
            }
            text.append(new String(chunk, StandardCharsets.UTF_8));
        }
        int cut = text.indexOf(end) + end.length();
        pending = text.substring(cut);
        return text.substring(0, cut);
    }

    private static String pending = "";
}
