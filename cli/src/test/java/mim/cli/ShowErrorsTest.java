package mim.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way {@code mim show} can fail ends in one line on stderr, nothing on stdout, and exit code 1. */
class ShowErrorsTest {
    private static WireMockServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Runs {@code mim show ARGS} and returns its one error line, after checking it is the only output. */
    static String oneErrorLine(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "show";
        System.arraycopy(args, 0, command, 1, args.length);
        MainTest.Result r = MainTest.run(command);
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("mim: error: "), r.err());
        assertTrue(r.err().endsWith("\n") && r.err().indexOf('\n') == r.err().length() - 1,
                "more than one line:\n" + r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
        return r.err().substring("mim: error: ".length(), r.err().length() - 1);
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.torrent");
        assertEquals(missing + ": no such file", oneErrorLine(missing.toString()));
    }

    @Test
    void directory() {
        assertEquals(dir + ": is a directory, not a torrent file", oneErrorLine(dir.toString()));
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.torrent"));
        assertEquals(empty + ": is empty, not a torrent file", oneErrorLine(empty.toString()));
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] alice = TestTorrents.bytes("webtorrent/alice.torrent");
        Path cut = dir.resolve("cut.torrent");
        Files.write(cut, Arrays.copyOf(alice, alice.length / 2));
        assertTrue(oneErrorLine(cut.toString()).startsWith(cut + ": invalid torrent: "));
    }

    /** A few of libtorrent's broken torrents, one per kind of failure; core's corpus test has them all. */
    @ParameterizedTest
    @ValueSource(strings = {"string", "no_name", "invalid_pieces", "unaligned_pieces", "negative_file_size",
            "v2_deep_recursion"})
    void brokenTorrentsFromLibtorrentsCorpus(String name) {
        String path = TestTorrents.path("libtorrent/" + name + ".torrent").toString();
        assertTrue(oneErrorLine(path).startsWith(path + ": "));
    }

    @Test
    void urlNotFound() {
        server.stubFor(get("/missing.torrent").willReturn(aResponse().withStatus(404)));
        assertEquals(url("/missing.torrent") + ": server answered HTTP 404 Not Found",
                oneErrorLine(url("/missing.torrent")));
    }

    @Test
    void urlGivesAWebPage() {
        server.stubFor(get("/login").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>Log in</title></head></html>")));
        assertEquals(url("/login") + ": not a torrent (the server sent a web page)", oneErrorLine(url("/login")));
    }

    @Test
    void urlTimesOut() {
        server.stubFor(get("/slow.torrent").willReturn(aResponse().withStatus(200).withBody("d1:ai1ee")
                .withFixedDelay(10_000)));
        assertEquals(url("/slow.torrent") + ": timed out",
                oneErrorLine("--timeout", "300ms", url("/slow.torrent")));
    }

    @Test
    void urlRefused() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/x.torrent";
        assertEquals(url + ": cannot fetch: connection refused", oneErrorLine(url));
    }

    @Test
    void urlTooLarge() throws Exception {
        try (StreamingServer huge = new StreamingServer(100_000_000L, true)) {
            assertEquals(huge.url("/huge.torrent") + ": too large for a torrent file (100000000 bytes; "
                    + "the limit is 64 MiB)", oneErrorLine(huge.url("/huge.torrent")));
            assertTrue(huge.bytesSent() < 100_000_000L, "the whole body was sent");
        }
    }
}
