package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mim.interop.ManagedProcess;
import mim.interop.MimServer;
import mim.interop.Swarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code mim server start} refuses, over real HTTP on loopback against the packaged distribution:
 * a second server on one state folder, requests from elsewhere (a foreign Host, a foreign Origin on a
 * write), bodies past the limit, malformed input, a folder outside the output folder and an unknown
 * torrent, each with one line or one JSON error; and a corrupt state file, kept aside and reported.
 * Every test stops the servers it started.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServerSafetyIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final String MAGNET = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567";

    @Test
    void aSecondServerOnTheSameStateFolderFailsAtOnceNamingTheFirst() {
        try (Swarm swarm = Swarm.create()) {
            MimServer first = MimServer.create(swarm, swarm.newDir("out")).start();
            MimServer second = first.sharingState(swarm.newDir("out"));

            ManagedProcess refused = second.launch();

            assertEquals(1, refused.awaitExit(EXIT), refused.output());
            List<String> lines = refused.output().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(List.of("mim: error: another mim server (pid " + first.process().pid() + ") is using "
                    + first.stateFolder() + "; stop it first, or start this one with --disable-persistence"), lines);
            assertEquals(200, first.get("/stats").status(), "the first one serves on");
            first.stop();
        }
    }

    @Test
    void requestsFromElsewhereOversizedOrMalformedAreRefusedAndTheServerServesOn() {
        try (Swarm swarm = Swarm.create()) {
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            String host = "Host: " + server.host() + "\r\n";

            assertError(server.raw("GET /torrents HTTP/1.1\r\nHost: attacker.example\r\n\r\n"), 403, "forbidden_host");
            assertError(server.raw("POST /torrents HTTP/1.1\r\n" + host + "Origin: http://attacker.example\r\n"
                    + "Content-Length: " + MAGNET.length() + "\r\n\r\n" + MAGNET), 403, "forbidden_origin");
            assertError(server.raw("POST /torrents HTTP/1.1\r\n" + host + "Content-Length: " + (11 << 20) + "\r\n\r\n"),
                    413, "payload_too_large");
            assertError(server.raw("BLAH\u0000 / HTTP/9\r\n\r\n"), 400, "bad_request");
            assertError(server.post("/torrents?sub_folder=../..", MAGNET), 400, "bad_request", "sub_folder '../..'");
            assertError(server.post("/torrents?output_folder=/etc", MAGNET), 400, "bad_request", "lies outside");
            assertError(server.post("/torrents", "this is not a torrent"), 400, "bad_request");
            assertError(server.post("/torrents", "magnet:?xt=urn:btih:12ab"), 400, "bad_request", "info-hash");
            assertError(server.get("/torrents/99"), 404, "torrent_not_found");
            assertError(server.post("/torrents/99/pause", ""), 404, "torrent_not_found");
            assertError(server.get("/torrents/not-an-id"), 400, "bad_request");

            assertEquals(0, server.json("/torrents").path("torrents").size(), "nothing was added");
            assertEquals(200, server.get("/stats").status());
            server.stop();
            assertFalse(server.process().output().contains("\tat "), "no stack trace: " + server.process().output());
        }
    }

    @Test
    void aCorruptStateFileIsKeptAsideAndReported() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            MimServer server = MimServer.create(swarm, swarm.newDir("out"));
            Files.createDirectories(server.stateFolder());
            Path state = server.stateFolder().resolve("session.json");
            Files.writeString(state, "{\"version\": 1, \"torrents\": [ {\"id\": ");

            server.start();

            Path aside = server.stateFolder().resolve("session.json.corrupt-1");
            assertEquals("{\"version\": 1, \"torrents\": [ {\"id\": ", Files.readString(aside));
            String warning = server.process().output().lines().filter(l -> l.startsWith("mim: warning: "))
                    .findFirst().orElse("");
            assertTrue(warning.contains(state + " is not a session mim can read") && warning.contains(aside.toString()),
                    server.process().output());
            assertEquals(0, server.json("/torrents").path("torrents").size());
            server.stop();
            assertTrue(Files.readString(state).contains("\"version\" : 1"), "a fresh state was saved at the stop");
        }
    }

    private static void assertError(MimServer.Answer a, int status, String kind, String... fragments) {
        assertEquals(status, a.status(), a.text());
        JsonNode body = a.json();
        assertEquals(kind, body.path("error_kind").asText(), a.text());
        assertEquals(status, body.path("status").asInt());
        for (String f : fragments) {
            assertTrue(body.path("human_readable").asText().contains(f), a.text());
        }
    }
}
