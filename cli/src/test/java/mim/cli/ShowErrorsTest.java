package mim.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void urlTooLarge() {
        byte[] body = new byte[(int) TorrentSource.Limits.DEFAULT_MAX_BYTES + 1];
        body[0] = 'd';
        server.stubFor(get("/huge.torrent").willReturn(aResponse().withStatus(200).withBody(body)));
        assertEquals(url("/huge.torrent") + ": too large for a torrent file (67108865 bytes; the limit is 64 MiB)",
                oneErrorLine(url("/huge.torrent")));
    }
}
