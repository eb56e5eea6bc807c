package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.spi.AddResult;
import mim.core.spi.InterfaceContext;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The checks every request passes before a route, over raw sockets (no client library sends a
 * foreign Host or a broken request): each refusal in the API's error shape, the connection closed.
 */
@ExtendWith(LeakCheck.class)
class ApiSecurityTest {
    private static final byte[] NONE = new byte[0];

    @Test
    void aHostThatIsNeitherTheServerNorLocalhostIsRefused() throws Exception {
        try (TestServer api = TestServer.plain()) {
            InetSocketAddress at = api.address();
            int port = at.getPort();
            assertEquals(403, RawHttp.send(at, "GET /stats HTTP/1.1\r\nHost: evil.example:" + port + "\r\n\r\n").status());
            assertEquals(403, RawHttp.send(at, "GET /stats HTTP/1.1\r\nHost: 127.0.0.1:" + (port + 1) + "\r\n\r\n").status());
            RawHttp.Answer missing = RawHttp.send(at, "GET /stats HTTP/1.1\r\n\r\n");
            assertEquals(403, missing.status());
            assertEquals("forbidden_host", missing.json().path("error_kind").asText());
            assertEquals("close", missing.header("connection"));
            for (String ours : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "127.0.0.1")) {
                RawHttp.Answer ok = RawHttp.send(at, "GET /stats HTTP/1.1\r\nHost: " + ours + "\r\nConnection: close\r\n\r\n");
                assertEquals(200, ok.status(), ours);
            }
        }
    }

    @Test
    void aWriteFromAnotherSitesPageIsRefusedAndOneFromOurOwnIsNot() throws Exception {
        try (TestServer api = TestServer.plain()) {
            InetSocketAddress at = api.address();
            RawHttp.Answer foreign = RawHttp.send(at, RawHttp.request(at, "POST", "/torrents/7/pause",
                    "Origin: https://evil.example\r\n", NONE));
            assertEquals(403, foreign.status());
            assertEquals("forbidden_origin", foreign.json().path("error_kind").asText());
            assertEquals(403, RawHttp.send(at, RawHttp.request(at, "POST", "/torrents/7/pause", "Origin: null\r\n", NONE))
                    .status());
            assertEquals(List.of(), api.session.actions, "nothing reached the session");
            String own = "Origin: http://127.0.0.1:" + at.getPort() + "\r\n";
            assertEquals(200, RawHttp.send(at, RawHttp.request(at, "POST", "/torrents/7/pause", own, NONE)).status());
            assertEquals(200, RawHttp.send(at, RawHttp.request(at, "GET", "/stats", "Origin: https://evil.example\r\n",
                    NONE)).status(), "a read from elsewhere is harmless: the browser keeps its answer from the page");
        }
    }

    @Test
    void bodiesAndHeadersPastTheirLimitsAreRefused() throws Exception {
        try (TestServer api = TestServer.plain()) {
            InetSocketAddress at = api.address();
            String declared = "POST /torrents HTTP/1.1\r\nHost: 127.0.0.1:" + at.getPort() + "\r\nContent-Length: "
                    + (ApiSettings.MAX_BODY_BYTES + 1) + "\r\n\r\n";
            RawHttp.Answer big = RawHttp.send(at, declared);
            assertEquals(413, big.status());
            assertEquals("payload_too_large", big.json().path("error_kind").asText());

            byte[] chunked = chunked(at, ApiSettings.MAX_BODY_BYTES + 64 * 1024);
            assertEquals(413, RawHttp.send(at, chunked).status(), "a chunked body is counted as it comes");

            String huge = "X-Filler: " + "a".repeat(ApiSettings.MAX_HEADER_BYTES) + "\r\n";
            RawHttp.Answer headers = RawHttp.send(at, RawHttp.request(at, "GET", "/stats", huge, NONE));
            assertEquals(431, headers.status());
            assertEquals("headers_too_large", headers.json().path("error_kind").asText());
            assertEquals(List.of(), api.session.added);
        }
    }

    @Test
    void malformedRequestsGetA400InTheErrorShape() throws Exception {
        try (TestServer api = TestServer.plain()) {
            InetSocketAddress at = api.address();
            RawHttp.Answer garbage = RawHttp.send(at, "\u0001\u0002 not http at all\r\n\r\n");
            assertEquals(400, garbage.status());
            assertEquals("bad_request", garbage.json().path("error_kind").asText());
            RawHttp.Answer badLength = RawHttp.send(at, "POST /torrents HTTP/1.1\r\nHost: 127.0.0.1:" + at.getPort()
                    + "\r\nContent-Length: lots\r\n\r\n");
            assertEquals(400, badLength.status());
            RawHttp.Answer badPath = RawHttp.send(at, RawHttp.request(at, "GET", "/torrents/%zz", "", NONE));
            assertEquals(400, badPath.status(), badPath.text());
        }
    }

    @Test
    void withCredentialsEveryRequestNeedsThem() throws Exception {
        try (TestServer api = new TestServer(Map.of("listen", "127.0.0.1:0", "auth", "alice:s3cret"), List.of())) {
            InetSocketAddress at = api.address();
            RawHttp.Answer none = RawHttp.send(at, RawHttp.request(at, "GET", "/stats", "", NONE));
            assertEquals(401, none.status());
            assertEquals("unauthorized", none.json().path("error_kind").asText());
            assertTrue(none.header("www-authenticate").startsWith("Basic realm="), none.head());
            String wrong = "Authorization: Basic " + base64("alice:guess") + "\r\n";
            assertEquals(401, RawHttp.send(at, RawHttp.request(at, "GET", "/stats", wrong, NONE)).status());
            String right = "Authorization: Basic " + base64("alice:s3cret") + "\r\n";
            assertEquals(200, RawHttp.send(at, RawHttp.request(at, "GET", "/stats", right, NONE)).status());
        }
    }

    @Test
    void anAddressOtherThanLoopbackNeedsCredentialsOrTheInsecureFlag() throws Exception {
        MimException.BadInput open = assertThrows(MimException.BadInput.class,
                () -> ApiSettings.from(new InterfaceContext(Map.of("listen", "0.0.0.0:3030"), List.of())));
        assertTrue(open.getMessage().contains("--http-api-auth"), open.getMessage());
        ApiSettings.from(new InterfaceContext(Map.of("listen", "0.0.0.0:3030", "auth", "a:b"), List.of()));
        ApiSettings.from(new InterfaceContext(Map.of("listen", "0.0.0.0:3030", "insecure", "true"), List.of()));
        ApiSettings.from(new InterfaceContext(Map.of("listen", "[::1]:3030"), List.of()));
        for (String bad : List.of("3030", "127.0.0.1", "127.0.0.1:70000", "::1:3030", "[::1]:x")) {
            assertThrows(MimException.BadInput.class,
                    () -> ApiSettings.from(new InterfaceContext(Map.of("listen", bad), List.of())), bad);
        }
        assertThrows(MimException.BadInput.class,
                () -> ApiSettings.from(new InterfaceContext(Map.of("auth", "no-colon"), List.of())));
        assertFalse(ApiSettings.from(new InterfaceContext(Map.of("auth", "a:b"), List.of())).toString().contains("a:b"),
                "credentials never reach a log line");
    }

    @Test
    void connectionsPastTheBoundAreAnswered503AndIdleOnesClosed() throws Exception {
        ApiSettings small = ApiSettings.from(new InterfaceContext(Map.of("listen", "127.0.0.1:0"), List.of()))
                .withLimits(ApiSettings.MAX_HEADER_BYTES, ApiSettings.MAX_BODY_BYTES, Duration.ofMillis(300), 2);
        try (TestServer api = new TestServer(small, List.of())) {
            InetSocketAddress at = api.address();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(new Socket(InetAddress.getLoopbackAddress(), at.getPort()));
                }
                RawHttp.Answer busy = RawHttp.send(at, RawHttp.request(at, "GET", "/stats", "", NONE));
                assertEquals(503, busy.status());
                assertEquals("too_many_connections", busy.json().path("error_kind").asText());
                for (Socket s : held) {
                    s.setSoTimeout(20_000);
                    InputStream in = s.getInputStream();
                    assertEquals(-1, in.read(), "an idle connection is closed by the server");
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            Await.until(() -> statusOf(at) == 200, "a connection is accepted once the others are gone");
        }
    }

    @Test
    void theIdleTimerDoesNotCutAnAnswerOnItsWay() throws Exception {
        ApiSettings quick = ApiSettings.from(new InterfaceContext(Map.of("listen", "127.0.0.1:0"), List.of()))
                .withLimits(ApiSettings.MAX_HEADER_BYTES, ApiSettings.MAX_BODY_BYTES, Duration.ofMillis(200), 8);
        try (TestServer api = new TestServer(quick, List.of())) {
            CompletableFuture<RawHttp.Answer> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttp.send(api.address(), RawHttp.request(api.address(), "POST", "/torrents", "",
                            FakeSession.HELD.getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Await.until(() -> !api.session.added.isEmpty(), "the add reached the session");
            // A connection opened now and closed for idleness proves the add has waited past the limit too.
            try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), api.address().getPort())) {
                idle.setSoTimeout(20_000);
                assertEquals(-1, idle.getInputStream().read(), "the idle timer fired on the connection doing nothing");
            }
            api.session.held.complete(new AddResult(api.session.details(FakeSession.ID), true));
            assertEquals(200, answer.get(20, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void hostAndOriginRulesReadAddressesAsTheServerWasReached() {
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 3030);
        assertTrue(RequestGuard.isOurs("127.0.0.1:3030", v4));
        assertTrue(RequestGuard.isOurs("localhost", v4));
        assertFalse(RequestGuard.isOurs("127.0.0.1.nip.io:3030", v4));
        assertFalse(RequestGuard.isOurs("127.0.0.1:x", v4));
        InetSocketAddress v6 = new InetSocketAddress("::1", 3030);
        assertTrue(RequestGuard.isOurs("[::1]:3030", v6));
        assertTrue(RequestGuard.isOurs("[0:0:0:0:0:0:0:1]", v6));
        assertFalse(RequestGuard.isOurs("::1", v6), "an IPv6 Host needs its brackets");
        InetSocketAddress lan = new InetSocketAddress("192.168.1.5", 3030);
        assertFalse(RequestGuard.isOurs("localhost:3030", lan), "localhost does not name a LAN address");
        assertTrue(RequestGuard.isOurOrigin("http://localhost:3030", v4));
        assertTrue(RequestGuard.isOurOrigin("http://[::1]:3030", v6));
        assertFalse(RequestGuard.isOurOrigin("http://localhost", v4), "port 80 is another origin");
        assertFalse(RequestGuard.isOurOrigin("file://", v4));
    }

    private static int statusOf(InetSocketAddress at) {
        try {
            return RawHttp.send(at, RawHttp.request(at, "GET", "/stats", "", NONE)).status();
        } catch (IOException e) {
            return -1;
        }
    }

    private static byte[] chunked(InetSocketAddress at, int total) {
        StringBuilder out = new StringBuilder("POST /torrents HTTP/1.1\r\nHost: 127.0.0.1:" + at.getPort()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "x".repeat(64 * 1024);
        for (int sent = 0; sent < total; sent += chunk.length()) {
            out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return out.append("0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
