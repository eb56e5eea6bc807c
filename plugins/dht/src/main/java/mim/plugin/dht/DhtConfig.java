package mim.plugin.dht;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mim.core.MimException;

/**
 * How the DHT node runs. Immutable.
 *
 * <p>The application sets it through system properties read by {@link #fromSystemProperties}
 * (the plugin sees nothing else of the application's configuration), one per command-line flag:
 * {@code mim.dht.disabled} ({@code --disable-dht}), {@code mim.dht.port} ({@code --dht-port}),
 * {@code mim.dht.bootstrap} (the {@code --dht-bootstrap} values, comma-separated) and
 * {@code mim.dht.persistence} ({@code false} for {@code --disable-dht-persistence}).
 *
 * @param enabled false to answer every torrent with a lookup that does nothing
 * @param bindAddress the local address of the UDP socket; the wildcard address by default
 * @param port the UDP port; 0 for the first torrent's listen port (or any free port if that one is taken)
 * @param bootstrap where a node with an empty table starts, as HOST:PORT
 * @param persistence whether the routing table is loaded from and saved to {@code stateFile}
 * @param stateFile where the routing table is kept between runs
 * @param limits how much work strangers may ask of us
 */
public record DhtConfig(boolean enabled, InetAddress bindAddress, int port, List<HostPort> bootstrap,
        boolean persistence, Path stateFile, Limits limits) {

    /** The well-known public routers that bootstrap most clients. */
    public static final List<HostPort> PUBLIC_ROUTERS = List.of(new HostPort("router.bittorrent.com", 6881),
            new HostPort("dht.transmissionbt.com", 6881), new HostPort("router.utorrent.com", 6881));

    public DhtConfig {
        Objects.requireNonNull(bindAddress);
        Objects.requireNonNull(stateFile);
        Objects.requireNonNull(limits);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dht port " + port + " out of range");
        }
        bootstrap = List.copyOf(bootstrap);
    }

    /** The defaults: enabled, on every address, the public routers, the table kept in the user's state folder. */
    public DhtConfig() {
        this(true, wildcard(), 0, PUBLIC_ROUTERS, true, defaultStateFile(System.getenv(), System.getProperty("user.home")),
                Limits.DEFAULT);
    }

    /**
     * The defaults, changed by the {@code mim.dht.*} system properties that are set.
     *
     * @throws MimException.BadInput if one is set to something unusable
     */
    public static DhtConfig fromSystemProperties() throws MimException.BadInput {
        Map<String, String> set = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("mim.dht.")) {
                set.put(name, System.getProperty(name));
            }
        }
        return fromProperties(set, new DhtConfig());
    }

    static DhtConfig fromProperties(Map<String, String> p, DhtConfig defaults) throws MimException.BadInput {
        boolean enabled = !Boolean.parseBoolean(p.getOrDefault("mim.dht.disabled", "false"));
        int port = defaults.port();
        if (p.containsKey("mim.dht.port")) {
            try {
                port = Integer.parseInt(p.get("mim.dht.port").trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new MimException.BadInput("--dht-port: '" + p.get("mim.dht.port") + "' is not a port (0 to 65535)");
            }
        }
        List<HostPort> bootstrap = defaults.bootstrap();
        if (p.containsKey("mim.dht.bootstrap")) {
            bootstrap = new ArrayList<>();
            for (String item : p.get("mim.dht.bootstrap").split(",")) {
                if (!item.isBlank()) {
                    bootstrap.add(HostPort.parse(item.trim()));
                }
            }
        }
        boolean persistence = Boolean.parseBoolean(p.getOrDefault("mim.dht.persistence", "true"));
        return new DhtConfig(enabled, defaults.bindAddress(), port, bootstrap, persistence, defaults.stateFile(),
                defaults.limits());
    }

    /** {@code $XDG_STATE_HOME/mim/dht.json}, by default {@code ~/.local/state/mim/dht.json}. */
    static Path defaultStateFile(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(userHome, ".local", "state");
        return base.resolve("mim").resolve("dht.json");
    }

    public DhtConfig withBootstrap(List<HostPort> nodes) {
        return new DhtConfig(enabled, bindAddress, port, nodes, persistence, stateFile, limits);
    }

    public DhtConfig withBindAddress(InetAddress address, int newPort) {
        return new DhtConfig(enabled, address, newPort, bootstrap, persistence, stateFile, limits);
    }

    public DhtConfig withPersistence(boolean on, Path file) {
        return new DhtConfig(enabled, bindAddress, port, bootstrap, on, file, limits);
    }

    public DhtConfig withLimits(Limits newLimits) {
        return new DhtConfig(enabled, bindAddress, port, bootstrap, persistence, stateFile, newLimits);
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    /** A host name or IP literal and a port, not yet resolved. */
    public record HostPort(String host, int port) {
        public HostPort {
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad node address " + host + ":" + port);
            }
        }

        /**
         * Reads {@code HOST:PORT}, or {@code [IPv6]:PORT}.
         *
         * @throws MimException.BadInput if it is neither
         */
        public static HostPort parse(String text) throws MimException.BadInput {
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? "" : text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                return new HostPort(host, port);
            } catch (IllegalArgumentException e) {
                throw new MimException.BadInput("--dht-bootstrap: '" + text + "' is not HOST:PORT");
            }
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * How many queries we serve, per source IP and in all, per second, with the bursts allowed.
     * The defaults keep a node's answers to a few hundred kilobytes a second at most.
     */
    public record Limits(double perSourcePerSecond, double perSourceBurst, double globalPerSecond, double globalBurst) {
        public static final Limits DEFAULT = new Limits(20, 50, 250, 500);

        public Limits {
            if (!(perSourcePerSecond > 0 && perSourceBurst >= 1 && globalPerSecond > 0 && globalBurst >= 1)) {
                throw new IllegalArgumentException("rate limits must be positive");
            }
        }
    }
}
