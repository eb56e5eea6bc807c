package mim.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mim.cli.plugins.PluginSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes, before or after the subcommand's name ({@code mim -v debug show x}
 * and {@code mim show -v debug x} are the same; picocli sets the value on this object either way),
 * except {@code -s}, which goes before the subcommand. Each is parsed here and used by the component
 * it names. Subcommands reach it through {@code @ParentCommand Main}.
 */
public final class GlobalOptions {
    private static final String DHT_PLUGIN = "dht";

    @Option(names = "-v", paramLabel = "LOG_LEVEL", scope = ScopeType.INHERIT,
            converter = LogLevelConverter.class,
            description = "Log level: trace, debug, info, warn, error (default: warn). "
                    + "debug and trace also print stack traces of failures.")
    Logging.Level logLevel = Logging.Level.warn;

    @Option(names = {"-i", "--tracker-refresh-interval"}, paramLabel = "DURATION", scope = ScopeType.INHERIT,
            converter = DurationConverter.class,
            description = "Announce to trackers at this interval instead of the one they ask for (e.g. 30s, 5m).")
    Duration trackerRefreshInterval;

    @Option(names = "--http-api-listen-addr", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            defaultValue = "127.0.0.1:3030",
            description = "Where the server's HTTP API listens, and where commands look for a running server "
                    + "(default: ${DEFAULT-VALUE}).")
    String httpApiListenAddr;

    // Local to the top command: `download -s` is --sub-folder, so this one goes before the subcommand.
    @Option(names = {"-s", "--single-thread-runtime"}, scope = ScopeType.LOCAL,
            description = "Run all network I/O on one thread. Give it before the subcommand: "
                    + "mim -s download ...")
    boolean singleThreadRuntime;

    @Option(names = "--disable-dht", scope = ScopeType.INHERIT,
            description = "Do not use the DHT to find peers.")
    boolean disableDht;

    @Option(names = "--disable-dht-persistence", scope = ScopeType.INHERIT,
            description = "Do not load or save the DHT routing table.")
    boolean disableDhtPersistence;

    @Option(names = "--dht-bootstrap", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            converter = DhtNodeConverter.class,
            description = "A DHT node to join the DHT through when no saved routing table helps (repeatable; "
                    + "default: router.bittorrent.com:6881, dht.transmissionbt.com:6881, router.utorrent.com:6881).")
    List<String> dhtBootstrap = new ArrayList<>();

    @Option(names = "--dht-port", paramLabel = "PORT", scope = ScopeType.INHERIT,
            converter = DhtPortConverter.class,
            description = "The DHT's UDP port (default: the port peers are accepted on, or any free one if that is "
                    + "taken).")
    Integer dhtPort;

    @Option(names = "--peer-connect-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
            converter = DurationConverter.class, defaultValue = "2s",
            description = "Give up connecting to a peer after this long (default: ${DEFAULT-VALUE}).")
    Duration peerConnectTimeout;

    @Option(names = "--peer-read-write-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
            converter = DurationConverter.class, defaultValue = "150s",
            description = "Drop a peer that sends or accepts nothing for this long; peers send a keep-alive "
                    + "every two minutes of silence (default: ${DEFAULT-VALUE}).")
    Duration peerReadWriteTimeout;

    @Option(names = {"-t", "--worker-threads"}, paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Threads for network I/O (default: the number of cores).")
    Integer workerThreads;

    /**
     * The plugin settings with these options applied: {@code --disable-dht} turns the {@code dht}
     * plugin off; {@code --disable-dht-persistence}, {@code --dht-bootstrap} and {@code --dht-port}
     * reach it through the {@code mim.dht.*} system properties it reads when it starts (it sees
     * nothing else of the application), set here only when given, so that the plugin's defaults and
     * properties from MIM_JAVA_OPTS otherwise stand.
     */
    PluginSettings applyTo(PluginSettings settings) {
        if (disableDhtPersistence) {
            System.setProperty("mim.dht.persistence", "false");
        }
        if (!dhtBootstrap.isEmpty()) {
            System.setProperty("mim.dht.bootstrap", String.join(",", dhtBootstrap));
        }
        if (dhtPort != null) {
            System.setProperty("mim.dht.port", dhtPort.toString());
        }
        if (!disableDht) {
            return settings;
        }
        return settings.disabledBy(DHT_PLUGIN, "--disable-dht");
    }

    /** The number of network threads these options ask for. */
    public int networkThreads() {
        if (singleThreadRuntime) {
            return 1;
        }
        return workerThreads != null ? workerThreads : Runtime.getRuntime().availableProcessors();
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT}, port 1 to 65535; the name is looked up by the DHT, not here. */
    static final class DhtNodeConverter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            int colon = value.lastIndexOf(':');
            String host = colon <= 0 ? "" : value.substring(0, colon);
            boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
            int port = -1;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                // reported below
            }
            if (host.isEmpty() || (host.contains(":") && !bracketed) || host.contains(",") || port < 1 || port > 65535) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not HOST:PORT with a port from 1 to 65535 (an IPv6 address in brackets)");
            }
            return value;
        }
    }

    static final class DhtPortConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a port from 1 to 65535");
        }
    }

    static final class LogLevelConverter implements picocli.CommandLine.ITypeConverter<Logging.Level> {
        @Override
        public Logging.Level convert(String value) {
            try {
                return Logging.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a log level (trace, debug, info, warn, error)");
            }
        }
    }
}
