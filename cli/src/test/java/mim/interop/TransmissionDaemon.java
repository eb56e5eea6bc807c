package mim.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's {@code transmission-daemon} 3.00 with its RPC on a loopback address of its own, for tests
 * that hold mim's Transmission RPC against the real one: its own configuration folder, the RPC open
 * to loopback without credentials, DHT, local peer discovery, µTP and port mapping off. Started in
 * the foreground under the swarm, which stops it by pid.
 */
public final class TransmissionDaemon {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(30);

    private final InetSocketAddress rpc;
    private final ManagedProcess process;

    private TransmissionDaemon(InetSocketAddress rpc, ManagedProcess process) {
        this.rpc = rpc;
        this.process = process;
    }

    /** Starts a daemon whose downloads go to {@code downloadDir}; returns once its RPC answers. */
    public static TransmissionDaemon start(Swarm swarm, Path downloadDir) {
        InetAddress ip = swarm.newAddress();
        InetSocketAddress rpc = new InetSocketAddress(ip, Swarm.freePort(ip));
        Path config = swarm.newDir("transmission-daemon");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rpc-enabled", true);
        settings.put("rpc-bind-address", ip.getHostAddress());
        settings.put("rpc-port", rpc.getPort());
        settings.put("rpc-authentication-required", false);
        settings.put("rpc-whitelist-enabled", false);
        settings.put("rpc-host-whitelist-enabled", false);
        settings.put("bind-address-ipv4", ip.getHostAddress());
        settings.put("bind-address-ipv6", "::1");
        settings.put("peer-port", Swarm.freePort(ip));
        settings.put("peer-port-random-on-start", false);
        settings.put("port-forwarding-enabled", false);
        settings.put("dht-enabled", false);
        settings.put("lpd-enabled", false);
        settings.put("utp-enabled", false);
        settings.put("blocklist-enabled", false);
        settings.put("download-dir", downloadDir.toString());
        settings.put("incomplete-dir-enabled", false);
        settings.put("rename-partial-files", false);
        settings.put("message-level", 2);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(config.resolve("settings.json").toFile(), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = swarm.start("transmission-daemon",
                List.of("transmission-daemon", "--foreground", "--config-dir", config.toString()), config, List.of());
        TransmissionDaemon daemon = new TransmissionDaemon(rpc, process);
        Await.until("transmission-daemon's RPC on " + daemon.hostPort(), START, daemon::answers, process);
        return daemon;
    }

    /** Its RPC as transmission-remote takes it: {@code host:port}. */
    public String hostPort() {
        return rpc.getAddress().getHostAddress() + ":" + rpc.getPort();
    }

    public ManagedProcess process() {
        return process;
    }

    /** Stops it (SIGTERM) and waits for it to exit. */
    public void stop() {
        process.terminate();
        process.awaitExit(START);
    }

    private boolean answers() {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/transmission/rpc"))
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 409;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
