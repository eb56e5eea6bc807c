package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import mim.core.MimException;
import mim.core.spi.InterfaceContext;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Answers whose body is written over time, over real sockets: parts arrive whole and in order,
 * chunked or with a length; the connection then answers its next request; a client that goes away
 * is noticed; a client that stops reading cannot make the server hold more than its bound.
 */
@ExtendWith(LeakCheck.class)
class StreamedAnswerTest {
    private static final List<String> PARTS = List.of("first part\n", "", "second, a little longer\n",
            "x".repeat(70_000), "the end\n");

    /** Writes {@link #PARTS} one after another, each once the last went out, from another thread. */
    private static Answer.Producer parts() {
        return sink -> CompletableFuture.runAsync(() -> {
            CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
            for (String p : PARTS) {
                last = last.thenCompose(v -> sink.write(p.getBytes(StandardCharsets.UTF_8)));
            }
            last.whenComplete((v, e) -> {
                if (e == null) {
                    sink.end();
                } else {
                    sink.fail(e);
                }
            });
        });
    }

    private static ApiServer server(Duration idle, Router router) throws MimException {
        return server(idle, 8, router);
    }

    private static ApiServer server(Duration idle, int connections, Router router) throws MimException {
        ApiSettings settings = ApiSettings.from(new InterfaceContext(Map.of("listen", "127.0.0.1:0"), List.of()))
                .withLimits(ApiSettings.MAX_HEADER_BYTES, ApiSettings.MAX_BODY_BYTES, idle, connections);
        return ApiServer.start(settings, router);
    }

    private static Router router() {
        return new Router(List.of(), new FakeSession());
    }

    private static CompletableFuture<Answer> streamed(long length, Answer.Producer producer) {
        return CompletableFuture.completedFuture(new Answer.Streamed(200, "text/plain", Map.of("X-Part", "yes"),
                length, producer));
    }

    @Test
    void aChunkedBodyArrivesWholeAndInOrderAndTheConnectionAnswersItsNextRequest() throws Exception {
        Router router = router().stream("/parts", Set.of(), "parts", (r, p) -> streamed(Answer.Streamed.UNKNOWN_LENGTH,
                parts()));
        try (ApiServer api = server(Duration.ofSeconds(60), router); Socket s = connect(api)) {
            String host = "Host: 127.0.0.1:" + api.address().getPort() + "\r\n";
            s.getOutputStream().write(("GET /parts HTTP/1.1\r\n" + host + "\r\nGET /parts HTTP/1.1\r\n" + host
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("transfer-encoding: chunked"), head);
            assertTrue(head.contains("X-Part: yes"), head);
            assertEquals(String.join("", PARTS), new String(readChunked(in), StandardCharsets.UTF_8));
            String second = readHead(in);
            assertTrue(second.startsWith("HTTP/1.1 200"), "the pipelined request is answered after the stream: "
                    + second);
            assertEquals(String.join("", PARTS), new String(readChunked(in), StandardCharsets.UTF_8));
            assertEquals(-1, in.read(), "the second asked to close");
        }
    }

    @Test
    void aBodyOfKnownLengthIsSentWithContentLength() throws Exception {
        long length = PARTS.stream().mapToLong(p -> p.getBytes(StandardCharsets.UTF_8).length).sum();
        Router router = router().stream("/parts", Set.of(), "parts", (r, p) -> streamed(length, parts()));
        try (ApiServer api = server(Duration.ofSeconds(60), router)) {
            RawHttp.Answer a = RawHttp.send(api.address(), "GET /parts HTTP/1.1\r\nHost: 127.0.0.1:"
                    + api.address().getPort() + "\r\nConnection: close\r\n\r\n");
            assertEquals(200, a.status());
            assertEquals(Long.toString(length), a.header("content-length"));
            assertEquals(null, a.header("transfer-encoding"));
            assertEquals(String.join("", PARTS), a.text());
        }
    }

    @Test
    void aBodyCutShortOfItsLengthClosesTheConnection() throws Exception {
        Router router = router().stream("/short", Set.of(), "short", (r, p) -> streamed(100, sink -> {
            sink.write("only this".getBytes(StandardCharsets.UTF_8));
            sink.end();
        }));
        try (ApiServer api = server(Duration.ofSeconds(60), router)) {
            RawHttp.Answer a = RawHttp.send(api.address(), "GET /short HTTP/1.1\r\nHost: 127.0.0.1:"
                    + api.address().getPort() + "\r\n\r\n");
            assertEquals("only this", a.text(), "the client sees a cut body, then the end of the connection");
        }
    }

    @Test
    void aClientThatGoesAwayIsNoticed() throws Exception {
        AtomicReference<BodySink> sink = new AtomicReference<>();
        Router router = router().stream("/forever", Set.of(), "never ends",
                (r, p) -> streamed(Answer.Streamed.UNKNOWN_LENGTH, s -> {
                    sink.set(s);
                    s.write("hello\n".getBytes(StandardCharsets.UTF_8));
                }));
        try (ApiServer api = server(Duration.ofSeconds(60), router)) {
            try (Socket s = connect(api)) {
                s.getOutputStream().write(("GET /forever HTTP/1.1\r\nHost: 127.0.0.1:" + api.address().getPort()
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                readHead(s.getInputStream());
                Await.until(() -> sink.get() != null, "the stream started");
                assertTrue(!sink.get().closed().isDone(), "the stream is open while the client is there");
            }
            Await.until(() -> sink.get().closed().isDone(), "the closed connection is noticed");
            assertTrue(awaitFailure(sink.get()), "a write after the client left fails");
        }
    }

    @Test
    void aProducerThatDoesNotWaitForAClientThatDoesNotReadIsStoppedAtTheBound() throws Exception {
        AtomicLong accepted = new AtomicLong();
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        Router router = router().stream("/flood", Set.of(), "flood",
                (r, p) -> streamed(Answer.Streamed.UNKNOWN_LENGTH, sink -> CompletableFuture.runAsync(() -> {
                    byte[] part = new byte[64 * 1024];
                    while (!refused.isDone()) {
                        sink.write(part).whenComplete((v, e) -> {
                            if (e != null) {
                                refused.complete(e);
                            }
                        });
                        accepted.addAndGet(part.length);
                    }
                })));
        try (ApiServer api = server(Duration.ofSeconds(60), router); Socket s = connect(api)) {
            s.setReceiveBufferSize(16 * 1024);
            s.getOutputStream().write(("GET /flood HTTP/1.1\r\nHost: 127.0.0.1:" + api.address().getPort()
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Throwable why = refused.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(why.getMessage().contains("unread"), why.toString());
            assertTrue(accepted.get() < 256L << 20, "the producer was stopped after " + accepted.get() + " bytes");
        }
    }

    @Test
    void aPacedStreamWhoseClientStopsReadingIsClosedAfterTheIdleTime() throws Exception {
        AtomicReference<BodySink> sink = new AtomicReference<>();
        AtomicLong sent = new AtomicLong();
        Router router = router().stream("/paced", Set.of(), "paced",
                (r, p) -> streamed(Answer.Streamed.UNKNOWN_LENGTH, s -> {
                    sink.set(s);
                    writeForever(s, sent);
                }));
        try (ApiServer api = server(Duration.ofMillis(500), router); Socket s = connect(api)) {
            s.setReceiveBufferSize(16 * 1024);
            s.getOutputStream().write(("GET /paced HTTP/1.1\r\nHost: 127.0.0.1:" + api.address().getPort()
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Await.until(() -> sink.get() != null && sink.get().closed().isDone(),
                    "the stream the client stopped reading is closed");
            assertTrue(sent.get() < 256L << 20, "the producer was held at the client's pace: " + sent.get());
        }
    }

    @Test
    void aQuietStreamOutlivesTheIdleTime() throws Exception {
        CompletableFuture<BodySink> sink = new CompletableFuture<>();
        Router router = router().stream("/quiet", Set.of(), "quiet",
                (r, p) -> streamed(Answer.Streamed.UNKNOWN_LENGTH, sink::complete));
        try (ApiServer api = server(Duration.ofMillis(200), router); Socket s = connect(api)) {
            s.getOutputStream().write(("GET /quiet HTTP/1.1\r\nHost: 127.0.0.1:" + api.address().getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            readHead(in);
            BodySink quiet = sink.get(30, java.util.concurrent.TimeUnit.SECONDS);
            // Several idle periods pass with nothing written: the stream is still open, its write arrives.
            for (int i = 0; i < 5; i++) {
                quiet.write(("tick " + i + "\n").getBytes(StandardCharsets.UTF_8)).get(30,
                        java.util.concurrent.TimeUnit.SECONDS);
                long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
                Await.until(() -> System.nanoTime() > until, "an idle period");
            }
            quiet.end();
            assertEquals("tick 0\ntick 1\ntick 2\ntick 3\ntick 4\n", new String(readChunked(in), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStreamOpenWhenTheServerStopsEndsWhole() throws Exception {
        CompletableFuture<BodySink> sink = new CompletableFuture<>();
        Router router = router().stream("/events", Set.of(), "events",
                (r, p) -> streamed(Answer.Streamed.UNKNOWN_LENGTH, sink::complete));
        ApiServer api = server(Duration.ofSeconds(60), router);
        try (Socket s = connect(api)) {
            s.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + api.address().getPort()
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            readHead(in);
            sink.get(30, java.util.concurrent.TimeUnit.SECONDS).write("tick\n".getBytes(StandardCharsets.UTF_8))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            api.close();
            assertEquals("tick\n", new String(readChunked(in), StandardCharsets.UTF_8),
                    "the body ends with its last chunk, not cut (a browser would report a cut one)");
        } finally {
            api.close();
        }
    }

    @Test
    void aStreamCountsAgainstTheConnectionLimit() throws Exception {
        Router router = router().stream("/quiet", Set.of(), "quiet",
                (r, p) -> streamed(Answer.Streamed.UNKNOWN_LENGTH, sink -> {}));
        try (ApiServer api = server(Duration.ofSeconds(60), 1, router); Socket s = connect(api)) {
            String host = "Host: 127.0.0.1:" + api.address().getPort() + "\r\n";
            s.getOutputStream().write(("GET /quiet HTTP/1.1\r\n" + host + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            readHead(s.getInputStream());
            RawHttp.Answer refused = RawHttp.send(api.address(), "GET /quiet HTTP/1.1\r\n" + host + "\r\n");
            assertEquals(503, refused.status(), "the open stream holds the only connection allowed");
        }
    }

    private static void writeForever(BodySink sink, AtomicLong sent) {
        sink.write(new byte[32 * 1024]).whenComplete((v, e) -> {
            if (e == null) {
                sent.addAndGet(32 * 1024);
                writeForever(sink, sent);
            }
        });
    }

    private static boolean awaitFailure(BodySink sink) throws Exception {
        try {
            sink.write(new byte[1]).get(30, java.util.concurrent.TimeUnit.SECONDS);
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    private static Socket connect(ApiServer api) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", api.address().getPort()), 5000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** Reads up to and including the blank line that ends a head. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed inside a head: " + out);
            }
            out.write(b);
            String s = out.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
    }

    /** Reads a chunked body to its last chunk, checking its framing. */
    static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] chunk; (chunk = readChunk(in)) != null; ) {
            body.write(chunk);
        }
        return body.toByteArray();
    }

    /** One chunk of a chunked body, checking its framing; null for the last, empty one. */
    static byte[] readChunk(InputStream in) throws IOException {
        int n = Integer.parseInt(line(in).strip(), 16);
        if (n == 0) {
            assertEquals("", line(in), "the body ends with an empty line after the last chunk");
            return null;
        }
        byte[] chunk = in.readNBytes(n);
        assertEquals("", line(in), "a chunk ends with CRLF");
        return chunk;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the connection closed inside a chunked body");
            }
            out.write(b);
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        assertTrue(s.endsWith("\r"), "lines end with CRLF");
        return s.substring(0, s.length() - 1);
    }
}
