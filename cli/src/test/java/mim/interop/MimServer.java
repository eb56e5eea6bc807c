package mim.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code mim server start} from the packaged distribution, as a managed process of the swarm: its own
 * loopback address for peers and for the HTTP API, its configuration and state in a folder of its own
 * (kept across {@link #stop} and {@link #start}, so a restart finds its torrents), the DHT off unless
 * {@link #dht} names a router to bootstrap from.
 *
 * <p>Requests go over real HTTP on loopback ({@link #get}, {@link #post}); {@link #raw} sends bytes no
 * client library would (a foreign Host, a broken request). Not thread-safe; the swarm stops the process
 * on close if the test did not.
 */
public final class MimServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);

    private final Swarm swarm;
    private final Path output;
    private final Path home;
    private final InetAddress ip;
    private final int apiPort;
    private final int peerPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ManagedProcess process;
    private DhtRouter dhtRouter;

    private MimServer(Swarm swarm, Path output, Path home) {
        this.swarm = swarm;
        this.output = output;
        this.home = home;
        this.ip = swarm.newAddress();
        this.apiPort = Swarm.freePort(ip);
        this.peerPort = Swarm.freePort(ip);
    }

    /** A server of {@code output}, not started. */
    public static MimServer create(Swarm swarm, Path output) {
        return new MimServer(swarm, output, swarm.newDir("mim-server"));
    }

    /** Another server, on addresses of its own, sharing this one's state folder. */
    public MimServer sharingState(Path otherOutput) {
        return new MimServer(swarm, otherOutput, home);
    }

    public Path output() {
        return output;
    }

    /** {@code $XDG_STATE_HOME/mim/server} of this server. */
    public Path stateFolder() {
        return home.resolve("state").resolve("mim").resolve("server");
    }

    public InetSocketAddress api() {
        return new InetSocketAddress(ip, apiPort);
    }

    /** The server as a peer of the swarm: where it accepts peers, for another client to dial. */
    public Peer peer() {
        return new Peer("mim-server", new InetSocketAddress(ip, peerPort), process);
    }

    public ManagedProcess process() {
        return process;
    }

    /** Turns the DHT on, {@code router} its only bootstrap node ({@code --dht-bootstrap}). */
    public MimServer dht(DhtRouter router) {
        dhtRouter = router;
        return this;
    }

    /**
     * Starts the server and returns once its API answers (a server started with credentials answers 401
     * to this harness, which sends none); throws if it exits first.
     */
    public MimServer start(String... options) {
        launch(options);
        Await.until("mim server answering on " + ip.getHostAddress() + ":" + apiPort, START, () -> {
            try {
                // 401: it answers, and asks for the credentials it was started with.
                int status = get("/stats").status();
                return status == 200 || status == 401;
            } catch (UncheckedIOException e) {
                return false;
            }
        }, process);
        return this;
    }

    /** Starts the server and returns at once, for a start that is meant to fail. */
    public ManagedProcess launch(String... options) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server runs already");
        }
        List<String> command = new ArrayList<>(List.of(Mim.launcher().toString(), "-v", "info"));
        command.addAll(dhtRouter == null ? List.of("--disable-dht") : List.of("--dht-bootstrap", dhtRouter.hostPort()));
        command.addAll(List.of("server", "start", "--listen-addr", ip.getHostAddress() + ":" + peerPort,
                "--http-api-listen-addr", ip.getHostAddress() + ":" + apiPort));
        command.addAll(Arrays.asList(options));
        command.add(output.toString());
        Map<String, String> env = new HashMap<>(Map.of(
                "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_DATA_HOME", home.resolve("data").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString()));
        if (dhtRouter != null) {
            Mim.allowDht(env);
        }
        process = swarm.start("mim-server", command, home, List.of(), env);
        return process;
    }

    /** SIGTERM, as a service manager stops it; returns once it exited. */
    public void stop() {
        process.terminate();
        process.awaitExit(START);
    }

    /** An answer: status and body. */
    public record Answer(int status, byte[] body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public Answer get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public Answer post(String path, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    public Answer post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    /** GET that must answer 200 with JSON. */
    public JsonNode json(String path) {
        Answer a = get(path);
        if (a.status() != 200) {
            throw Await.failure("GET " + path + " answered " + a.status() + ": " + a.text(), process);
        }
        return a.json();
    }

    /**
     * Polls {@code GET path} until its JSON satisfies {@code condition}, and returns that JSON; fails
     * after {@code timeout} or when the server exits, with its log.
     */
    public JsonNode await(String path, Predicate<JsonNode> condition, String what, Duration timeout) {
        JsonNode[] seen = new JsonNode[1];
        Await.until(this + ": " + what, timeout, () -> {
            seen[0] = json(path);
            return condition.test(seen[0]);
        }, process);
        return seen[0];
    }

    /** Opens {@code GET path}, an answer streamed as lines, read as they come until it is closed. */
    public LineStream stream(String path) {
        return new LineStream(api(), host(), path, process);
    }

    /** Sends {@code request} as it is and reads the answer until the server closes. */
    public Answer raw(String request) {
        try (Socket s = new Socket()) {
            s.connect(api(), 5000);
            s.setSoTimeout(30_000);
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            } catch (IOException e) {
                // The server may answer and close before taking everything.
            }
            byte[] all = readAll(s.getInputStream());
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("no HTTP answer: " + text);
            }
            int status = Integer.parseInt(text.substring(0, end).split(" ", 3)[1]);
            return new Answer(status, Arrays.copyOfRange(all, end + 4, all.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Host a client of this server sends. */
    public String host() {
        return ip.getHostAddress() + ":" + apiPort;
    }

    private Answer send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + host() + path);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // A reset after the answer: what came is the answer.
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "mim server at " + host();
    }
}
