package mim.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentSourceTest {
    private static final TorrentSource.Limits LIMITS = TorrentSource.Limits.defaults();

    private WireMockServer server;
    private byte[] alice;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        // Bodies with a Content-Length, as file servers send them; the unannounced case has its own test.
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER));
        server.start();
        alice = TestTorrents.bytes("webtorrent/alice.torrent");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private MimException failure(String source, TorrentSource.Limits limits) {
        return assertThrows(MimException.class, () -> TorrentSource.load(source, limits));
    }

    @Test
    void fetchesATorrentOverHttp() throws Exception {
        server.stubFor(get("/alice.torrent").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-bittorrent").withBody(alice)));
        TorrentSource.Loaded loaded = TorrentSource.load(url("/alice.torrent"), LIMITS);
        TorrentSource.TorrentFile file = assertInstanceOf(TorrentSource.TorrentFile.class, loaded);
        assertArrayEquals(alice, file.bytes());
        assertEquals(url("/alice.torrent"), file.source());
    }

    @Test
    void followsARedirectToTheTorrent() throws Exception {
        server.stubFor(get("/old").willReturn(aResponse().withStatus(302).withHeader("Location", "/new.torrent")));
        server.stubFor(get("/new.torrent").willReturn(aResponse().withStatus(200).withBody(alice)));
        TorrentSource.TorrentFile file = assertInstanceOf(TorrentSource.TorrentFile.class,
                TorrentSource.load(url("/old"), LIMITS));
        assertArrayEquals(alice, file.bytes());
        server.verify(1, getRequestedFor(urlEqualTo("/new.torrent")));
    }

    @Test
    void notFoundNamesTheStatus() {
        server.stubFor(get("/gone").willReturn(aResponse().withStatus(404)));
        MimException e = failure(url("/gone"), LIMITS);
        assertInstanceOf(MimException.Network.class, e);
        assertTrue(e.getMessage().startsWith(url("/gone") + ": server answered HTTP 404"), e.getMessage());
    }

    @Test
    void serverErrorNamesTheStatus() {
        server.stubFor(get("/broken").willReturn(aResponse().withStatus(500).withBody("oops")));
        MimException e = failure(url("/broken"), LIMITS);
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    }

    @Test
    void aWebPageIsNotATorrent() {
        server.stubFor(get("/page").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<!DOCTYPE html>\n<html><body>Log in to download</body></html>")));
        MimException e = failure(url("/page"), LIMITS);
        assertEquals(url("/page") + ": not a torrent (the server sent a web page)", e.getMessage());
    }

    @Test
    void otherNonBencodeIsNotATorrent() {
        server.stubFor(get("/json").willReturn(aResponse().withStatus(200).withBody("{\"error\": \"no\"}")));
        MimException e = failure(url("/json"), LIMITS);
        assertTrue(e.getMessage().contains("not a torrent file"), e.getMessage());
    }

    @Test
    void aDeclaredBodyOverTheCapIsRefused() {
        byte[] big = new byte[8192];
        big[0] = 'd';
        server.stubFor(get("/big").willReturn(aResponse().withStatus(200).withBody(big)));
        TorrentSource.Limits small = new TorrentSource.Limits(4096, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        MimException e = failure(url("/big"), small);
        // Refused on the announced Content-Length, before any of the body is read.
        assertEquals(url("/big") + ": too large for a torrent file (8192 bytes; the limit is 4 KiB)", e.getMessage());
    }

    @Test
    void aSlowServerTimesOut() {
        server.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withBody(alice).withFixedDelay(10_000)));
        TorrentSource.Limits impatient = LIMITS.withTimeout(Duration.ofMillis(300));
        long start = System.nanoTime();
        MimException e = failure(url("/slow"), impatient);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(url("/slow") + ": timed out", e.getMessage());
        assertTrue(tookMillis < 5_000, "took " + tookMillis + " ms");
    }

    /**
     * A body of unannounced length (no Content-Length, closed at the end) that would be 100 MB: the load
     * stops at the cap instead of reading it all. A plain socket server, since it must stream.
     */
    @Test
    void anEndlessBodyIsCutOffAtTheCap() throws Exception {
        long bodyBytes = 100_000_000L;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> streamBody(listener, bodyBytes));
            String source = "http://127.0.0.1:" + listener.getLocalPort() + "/endless.torrent";
            MimException e = failure(source, LIMITS);
            assertTrue(e.getMessage().contains("too large for a torrent file (more than 67108864 bytes"),
                    e.getMessage());
            long sent = written.get(30, TimeUnit.SECONDS);
            assertTrue(sent < bodyBytes, "the whole body was sent: " + sent);
        }
    }

    /** Serves one request with a body of {@code total} bytes; returns how many were written before the peer left. */
    private static long streamBody(ServerSocket listener, long total) {
        long sent = 0;
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            // Skip the request up to its blank line.
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return 0;
                }
                matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/x-bittorrent\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            chunk[0] = 'd';
            while (sent < total) {
                out.write(chunk);
                chunk[0] = 0;
                sent += chunk.length;
            }
        } catch (IOException expected) {
            // The client hung up once it had seen enough.
        }
        return sent;
    }

    @Test
    void readsALocalFile() throws Exception {
        Path file = dir.resolve("alice.torrent");
        Files.write(file, alice);
        TorrentSource.TorrentFile loaded = assertInstanceOf(TorrentSource.TorrentFile.class,
                TorrentSource.load(file.toString(), LIMITS));
        assertArrayEquals(alice, loaded.bytes());
    }

    @Test
    void localFileProblemsAreNamed() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.torrent"));
        Path big = dir.resolve("big.torrent");
        Files.write(big, new byte[5000]);
        Path html = dir.resolve("page.torrent");
        Files.writeString(html, "<html></html>");
        TorrentSource.Limits small = new TorrentSource.Limits(4096, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));

        assertEquals(dir.resolve("nope.torrent") + ": no such file",
                failure(dir.resolve("nope.torrent").toString(), LIMITS).getMessage());
        assertEquals(dir + ": is a directory, not a torrent file", failure(dir.toString(), LIMITS).getMessage());
        assertEquals(empty + ": is empty, not a torrent file", failure(empty.toString(), LIMITS).getMessage());
        assertEquals(big + ": too large for a torrent file (5000 bytes; the limit is 4 KiB)",
                failure(big.toString(), small).getMessage());
        assertTrue(failure(html.toString(), LIMITS).getMessage().startsWith(html + ": not a torrent file"));
    }

    @Test
    void recognisesMagnetLinksAndOtherSchemes() throws Exception {
        String magnet = "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&dn=Sintel";
        TorrentSource.Magnet m = assertInstanceOf(TorrentSource.Magnet.class, TorrentSource.load(magnet, LIMITS));
        assertEquals(magnet, m.link().toString());
        assertInstanceOf(MimException.BadInput.class, failure("magnet:?dn=x", LIMITS));
        assertEquals("ftp://host/a.torrent: unsupported URL scheme (use http, https or magnet)",
                failure("ftp://host/a.torrent", LIMITS).getMessage());
    }
}
