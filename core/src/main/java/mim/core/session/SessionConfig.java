package mim.core.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import mim.core.wire.WireConfig;

/**
 * The limits and places a {@link Session} works with. Immutable.
 *
 * @param wire our side of the peer wire (peer id, extensions, timeouts)
 * @param listenAddress where we accept peers; port 0 takes any free port, a taken port the next
 *     free one above it; a specific host is also the source address of our outgoing connections
 * @param peersPerTorrent connections per torrent, both directions
 * @param peersPerSession connections for the whole process
 * @param writeBudget bytes received and not yet written at which we stop reading from peers
 * @param readCache bytes of verified pieces kept in memory for the peers they are sent to, shared by
 *     every torrent; 0 reads every block from storage
 * @param storageThreads the bounded pool for disk reads and writes
 * @param hashThreads the pool that verifies pieces, normally one per core
 * @param resumeInterval how often each torrent saves its resume state
 * @param closeTimeout the longest {@link Session#close} waits for torrents to save and say goodbye
 */
public record SessionConfig(
        WireConfig wire,
        InetSocketAddress listenAddress,
        int peersPerTorrent,
        int peersPerSession,
        long writeBudget,
        long readCache,
        int storageThreads,
        int hashThreads,
        Duration resumeInterval,
        Duration closeTimeout) {

    public static final int DEFAULT_PORT = 4240;
    public static final int DEFAULT_READ_CACHE_MIB = 32;

    public SessionConfig {
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(listenAddress, "listenAddress");
        if (peersPerTorrent < 1 || peersPerSession < 1 || writeBudget < 1 || storageThreads < 1 || hashThreads < 1) {
            throw new IllegalArgumentException("session limits must be positive");
        }
        if (readCache < 0) {
            throw new IllegalArgumentException("the read cache cannot be negative");
        }
    }

    /**
     * Listening on every interface at {@value #DEFAULT_PORT}, 50 peers a torrent and 200 in all,
     * 16 MiB of writes in flight, a read cache of {@value #DEFAULT_READ_CACHE_MIB} MiB, 4 storage threads,
     * a hashing thread per core, resume state every 30 seconds, and 10 seconds to close.
     */
    public static SessionConfig defaults(WireConfig wire) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new SessionConfig(wire, new InetSocketAddress(DEFAULT_PORT), 50, 200, 16L << 20,
                (long) DEFAULT_READ_CACHE_MIB << 20, 4, cores,
                Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public SessionConfig withListenAddress(InetSocketAddress value) {
        return new SessionConfig(wire, value, peersPerTorrent, peersPerSession, writeBudget, readCache, storageThreads,
                hashThreads, resumeInterval, closeTimeout);
    }

    public SessionConfig withPeersPerTorrent(int value) {
        return new SessionConfig(wire, listenAddress, value, peersPerSession, writeBudget, readCache, storageThreads,
                hashThreads, resumeInterval, closeTimeout);
    }

    public SessionConfig withResumeInterval(Duration value) {
        return new SessionConfig(wire, listenAddress, peersPerTorrent, peersPerSession, writeBudget, readCache,
                storageThreads, hashThreads, value, closeTimeout);
    }

    public SessionConfig withReadCache(long bytes) {
        return new SessionConfig(wire, listenAddress, peersPerTorrent, peersPerSession, writeBudget, bytes,
                storageThreads, hashThreads, resumeInterval, closeTimeout);
    }
}
