package mim.plugin.httpapi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mim.core.MimException;
import mim.core.spi.HttpMount;
import mim.core.spi.InterfaceContext;
import mim.core.spi.LogFeed;
import mim.core.spi.LogRecord;
import mim.core.spi.Subscription;

/** An API server on a free port of 127.0.0.1 over a {@link FakeSession}, and a client for it; closed by the test. */
final class TestServer implements AutoCloseable {
    final FakeSession session = new FakeSession();
    /** The log feed's subscriptions open now; a test delivers records to them. */
    final List<Subscription<LogRecord>> logReaders = new CopyOnWriteArrayList<>();
    final ApiServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(Map<String, String> settings, List<HttpMount> mounts) throws MimException {
        this(ApiSettings.from(new InterfaceContext(settings, List.of())), mounts);
    }

    TestServer(ApiSettings settings, List<HttpMount> mounts) throws MimException {
        this.server = ApiServer.start(settings, session, mounts, "0.1-test", capacity -> {
            Subscription<LogRecord> s = LogFeed.subscription(capacity, logReaders::remove);
            logReaders.add(s);
            return s;
        });
    }

    static TestServer plain() throws MimException {
        return new TestServer(Map.of("listen", "127.0.0.1:0"), List.of());
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.address().getPort());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    HttpResponse<byte[]> head(String path, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()), headers);
    }

    HttpResponse<byte[]> post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b, String... headers) throws IOException, InterruptedException {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    @Override
    public void close() {
        server.close();
    }
}
