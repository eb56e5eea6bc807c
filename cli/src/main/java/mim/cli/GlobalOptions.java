package mim.cli;

import java.time.Duration;
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
     * plugin off, and {@code --disable-dht-persistence} tells it (through the {@code mim.dht.*} system
     * properties it reads when it starts) not to load or save its table.
     */
    PluginSettings applyTo(PluginSettings settings) {
        if (disableDhtPersistence) {
            System.setProperty("mim.dht.persistence", "false");
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
