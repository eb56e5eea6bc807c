package mim.cli;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import mim.core.MimException;
import mim.core.session.SeedLimits;
import mim.core.session.Session;
import mim.core.session.SessionConfig;
import mim.core.spi.Limits;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.PeerId;
import mim.core.wire.WireConfig;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs a session ({@code download}, {@code server start}), and the
 * one place a session is assembled from them, the global options and the active plugins.
 */
final class SessionOptions {
    /** Azureus-style client tag: MM = mim, version 0.0.0.1. */
    static final String PEER_ID_PREFIX = "-MM0001-";

    @Option(names = "--listen-addr", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:4240",
            description = "Where to accept peers (default: ${DEFAULT-VALUE}; a taken port moves to the next free one, "
                    + "0 takes any).")
    String listenAddr;

    @Option(names = "--encryption", paramLabel = "MODE", defaultValue = "prefer",
            converter = EncryptionConverter.class,
            description = "Peer-wire encryption (MSE/PE): prefer (an encrypted handshake when the peer speaks it, "
                    + "with RC4 on the data only if the peer takes nothing else), require (encrypted connections only), disable (plaintext only). "
                    + "Default: ${DEFAULT-VALUE}.")
    EncryptionPolicy encryption;

    /** The limits are null when not given: a server then keeps those the API set before a restart. */
    @Option(names = "--download-limit", paramLabel = "RATE", converter = RateConverter.class,
            description = "At most this many bytes a second received, all torrents together (500K, 5M; 0 for no limit, "
                    + "the default).")
    Long downloadLimit;

    @Option(names = "--upload-limit", paramLabel = "RATE", converter = RateConverter.class,
            description = "At most this many bytes a second sent, all torrents together (0 for no limit, the default).")
    Long uploadLimit;

    @Option(names = "--seed-ratio", paramLabel = "RATIO", description = "Stop seeding a torrent once it has sent "
            + "this many times its size (2, 0.5).")
    Double seedRatio;

    @Option(names = "--seed-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop seeding a torrent once it has seeded this long (30m, 2h).")
    Duration seedTime;

    @Option(names = "--read-cache", paramLabel = "SIZE", defaultValue = SessionConfig.DEFAULT_READ_CACHE_MIB + "M",
            description = "Memory for pieces being sent to peers, shared by all torrents: each piece is read from disk "
                    + "once and sent from memory to every peer asking for it soon after (default: ${DEFAULT-VALUE}; "
                    + "0 reads every block from disk).")
    String readCache;

    @Option(names = "--on-complete", paramLabel = "COMMAND", description = "Run COMMAND (by /bin/sh) once for each "
            + "torrent that finishes downloading, with MIM_TORRENT_NAME, MIM_INFO_HASH and MIM_TORRENT_PATH set.")
    String onComplete;

    /** The --on-complete command of the session built last, if any. */
    private CompletionCommand completionCommand;

    /**
     * A session builder with these options, the global ones and the active plugins' storage, peer
     * sources, wire extensions and tracker clients (the plugin host closes those after the command,
     * so after the session).
     *
     * @throws MimException.BadInput for a listen address that is not HOST:PORT, a read cache that is not a
     *     size, or a negative seed ratio
     */
    Session.Builder sessionBuilder(Main main) throws MimException {
        InetSocketAddress listen = HostPort.parse(listenAddr, "--listen-addr");
        SeedLimits seedLimits;
        try {
            seedLimits = new SeedLimits(seedRatio, seedTime);
        } catch (IllegalArgumentException e) {
            throw new MimException.BadInput("--seed-ratio " + seedRatio + ": " + e.getMessage());
        }
        completionCommand = onComplete == null ? null : new CompletionCommand(onComplete);
        WireConfig wire = WireConfig.defaults(PeerId.generate(PEER_ID_PREFIX, new SecureRandom()))
                .withTimeouts(WireConfig.DEFAULT_KEEP_ALIVE, main.global.peerReadWriteTimeout,
                        main.global.peerConnectTimeout)
                .withEncryption(encryption);
        String version = Main.version();
        return Session.builder()
                .config(SessionConfig.defaults(wire).withListenAddress(listen).withReadCache(readCacheBytes()))
                .networkThreads(main.global.networkThreads())
                .storage(main.plugins().storageBackend())
                .peerSources(main.plugins().peerSources())
                .wireExtensions(main.plugins().wireExtensions())
                .trackers(main.plugins().trackerClients(), main.global.trackerRefreshInterval)
                .clientName(version == null ? "mim" : "mim " + version)
                .downloadLimit(downloadLimit == null ? 0 : downloadLimit)
                .uploadLimit(uploadLimit == null ? 0 : uploadLimit)
                .seedLimits(seedLimits)
                .onFinished(completionCommand == null ? t -> { } : completionCommand);
    }

    /**
     * The read cache in bytes.
     *
     * @throws MimException.BadInput if {@code --read-cache} is not a size
     */
    long readCacheBytes() throws MimException.BadInput {
        return Sizes.parse(readCache).orElseThrow(() -> new MimException.BadInput(
                "--read-cache " + readCache + ": not a size (examples: 32M, 8M, 0)"));
    }

    /**
     * The session-wide limits a server starts with: each of these options that was given, else what
     * {@code kept} says (the limits set through the API before a restart).
     */
    Limits limitsOver(Limits kept) {
        return new Limits(downloadLimit == null ? kept.downloadBytesPerSecond() : noneIfZero(downloadLimit),
                uploadLimit == null ? kept.uploadBytesPerSecond() : noneIfZero(uploadLimit),
                seedRatio == null ? kept.seedRatio() : seedRatio, seedTime == null ? kept.seedTime() : seedTime);
    }

    private static Long noneIfZero(long rate) {
        return rate == 0 ? null : rate;
    }

    /** Waits for the --on-complete commands started so far: an exit right after a download must not cut one short. */
    void awaitCompletionCommands() {
        if (completionCommand != null) {
            completionCommand.awaitAll();
        }
    }

    static final class EncryptionConverter implements picocli.CommandLine.ITypeConverter<EncryptionPolicy> {
        @Override
        public EncryptionPolicy convert(String value) {
            for (EncryptionPolicy p : EncryptionPolicy.values()) {
                if (p.name().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "'" + value + "' is not an encryption mode (prefer, require, disable)");
        }
    }
}
