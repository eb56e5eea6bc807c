package mim.interop;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * One BitTorrent program of a {@link Swarm}, on its own loopback address and port, not yet
 * started. It is started once, as a seeder or as a leecher; the swarm stops it on close.
 *
 * <p>Each implementation knows how to configure its program for loopback (no DHT, LSD, PEX or
 * port mapping unless asked for; one listen address, also used for outgoing connections and
 * announces) and how to tell when it is ready or done. Not thread-safe: configure and start it
 * from one thread. Programs that fail or stall throw {@link AssertionError} with their logs.
 */
public interface Client {
    /** The program's short name: {@code aria2}, {@code libtorrent}, {@code rtorrent}, {@code transmission}. */
    String name();

    /** Where it listens for peers once started. */
    InetSocketAddress address();

    /**
     * Sets the peer-wire encryption mode before the start.
     *
     * @throws UnsupportedOperationException if the program cannot do that mode
     */
    Client encryption(Encryption mode);

    /**
     * Starts seeding {@code torrent} from {@code content} (the torrent's file or top folder, named
     * as the torrent). Returns once the program has checked the data as complete and listens, and,
     * for every tracker of the swarm that the torrent names, once that tracker lists it.
     */
    Peer seed(Torrent torrent, Path content);

    /**
     * Starts downloading {@code torrent} into {@code outDir} (the content lands in
     * {@code outDir/torrent.name()}). Returns once the program listens.
     */
    Download leech(Torrent torrent, Path outDir);

    /** Starts downloading from a magnet link into {@code outDir}. Returns once the program listens. */
    Download leechMagnet(String magnet, Path outDir);
}
