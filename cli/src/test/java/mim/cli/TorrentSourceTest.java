package mim.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mim.core.MimException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentSourceTest {
    private static final String ALICE_HASH = "722fe65b2aa26d14f35b4ad627d20236e481d924";
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
        assertEquals(ALICE_HASH, file.metainfo().infoHashV1().hex());
        assertEquals(url("/alice.torrent"), file.source());
    }

    @Test
    void followsARedirectToTheTorrent() throws Exception {
        server.stubFor(get("/old").willReturn(aResponse().withStatus(302).withHeader("Location", "/new.torrent")));
        server.stubFor(get("/new.torrent").willReturn(aResponse().withStatus(200).withBody(alice)));
        TorrentSource.TorrentFile file = assertInstanceOf(TorrentSource.TorrentFile.class,
                TorrentSource.load(url("/old"), LIMITS));
        assertEquals(ALICE_HASH, file.metainfo().infoHashV1().hex());
        server.verify(1, getRequestedFor(urlEqualTo("/new.torrent")));
    }

    @Test
    void aRedirectToAMagnetLinkGivesTheLink() throws Exception {
        String magnet = "magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&dn=Sintel";
        server.stubFor(get("/dl/42").willReturn(aResponse().withStatus(302).withHeader("Location", magnet)));
        TorrentSource.Magnet m = assertInstanceOf(TorrentSource.Magnet.class, TorrentSource.load(url("/dl/42"), LIMITS));
        assertEquals(magnet, m.link().toString());
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

    /** A server that takes the request and never answers: the load ends by itself, saying so. */
    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + mute.getLocalPort() + "/mute.torrent";
            TorrentSource.Limits impatient = LIMITS.withTimeout(Duration.ofMillis(300));
            MimException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> failure(url, impatient),
                    "the load waited on a server that never answers");
            assertEquals(url + ": timed out", e.getMessage());
        }
    }

    /**
     * A body of unannounced length (no Content-Length, closed at the end) that would be 100 MB: the load
     * stops at the cap instead of reading it all.
     */
    @Test
    void anEndlessBodyIsCutOffAtTheCap() throws Exception {
        long bodyBytes = 100_000_000L;
        try (StreamingServer endless = new StreamingServer(bodyBytes, false)) {
            MimException e = failure(endless.url("/endless.torrent"), LIMITS);
            assertTrue(e.getMessage().contains("too large for a torrent file (more than 67108864 bytes"),
                    e.getMessage());
            assertTrue(endless.bytesSent() < bodyBytes, "the whole body was sent");
        }
    }

    @Test
    void readsALocalFile() throws Exception {
        Path file = dir.resolve("alice.torrent");
        Files.write(file, alice);
        TorrentSource.TorrentFile loaded = assertInstanceOf(TorrentSource.TorrentFile.class,
                TorrentSource.load(file.toString(), LIMITS));
        assertEquals(ALICE_HASH, loaded.metainfo().infoHashV1().hex());
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
