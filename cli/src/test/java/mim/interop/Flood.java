package mim.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flood (the npm package {@code flood}, a web front-end for torrent clients) on a loopback address of its
 * own, with its built-in authentication off and one client of its own configuration: a Transmission RPC
 * ({@code --trurl}) or a qBittorrent Web API ({@code --qburl}). Its database lives in a folder of the
 * swarm; it runs under the swarm, which stops it by pid. Its HTTP API is driven as its web page drives
 * it: a session cookie from {@code /api/auth/authenticate}, then JSON calls under {@code /api/}.
 */
public final class Flood {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);

    private final String base;
    private final ManagedProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String cookie;

    private Flood(String base, ManagedProcess process) {
        this.base = base;
        this.process = process;
    }

    /** Flood in front of a Transmission RPC at {@code url}; returns once it lets us in. */
    public static Flood transmission(Swarm swarm, String url, String user, String password) {
        return start(swarm, List.of("--trurl", url, "--truser", user, "--trpass", password));
    }

    /** Flood in front of a qBittorrent Web API whose base is {@code url}; returns once it lets us in. */
    public static Flood qbittorrent(Swarm swarm, String url, String user, String password) {
        return start(swarm, List.of("--qburl", url, "--qbuser", user, "--qbpass", password));
    }

    private static Flood start(Swarm swarm, List<String> client) {
        InetAddress ip = swarm.newAddress();
        String host = ip.getHostAddress() + ":" + Swarm.freePort(ip);
        Path script = Path.of("src/test/node/node_modules/flood/dist/index.js").toAbsolutePath();
        if (!script.toFile().isFile()) {
            throw new IllegalStateException("no " + script + ": build the cli module's tests first "
                    + "(mvn -pl cli -am verify installs it with npm ci)");
        }
        Path rundir = swarm.newDir("flood");
        List<String> command = new ArrayList<>(List.of("node", script.toString(), "--auth", "none",
                "--rundir", rundir.toString(), "--host", ip.getHostAddress(),
                "--port", host.substring(host.indexOf(':') + 1)));
        command.addAll(client);
        Flood flood = new Flood("http://" + host + "/api/", swarm.start("flood", command, rundir, List.of()));
        Await.until("Flood letting us in on " + host, START, flood::authenticate, flood.process);
        return flood;
    }

    public ManagedProcess process() {
        return process;
    }

    /** {@code GET /api/torrents}: the torrents of its client, by upper-case info-hash. */
    public JsonNode torrents() {
        return json(send(HttpRequest.newBuilder(URI.create(base + "torrents")).GET())).path("torrents");
    }

    /**
     * {@code POST /api/torrents/ACTION} with a JSON body.
     *
     * @throws AssertionError unless Flood answers 2xx (it answers 500 when its client refused the call)
     */
    public void post(String action, Object body) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "torrents/" + action))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError("Flood answered " + r.statusCode() + " to " + action + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, and waits for it to exit. */
    public void stop() {
        process.terminate();
        process.awaitExit(START);
    }

    /** With {@code --auth none}, any authenticate call gets the session cookie. */
    private boolean authenticate() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "auth/authenticate"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            cookie = r.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).orElse(null);
            return r.statusCode() == 200 && cookie != null;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new AssertionError("Flood answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
