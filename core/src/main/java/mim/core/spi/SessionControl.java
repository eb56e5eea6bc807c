package mim.core.spi;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The one control surface of a running session: what every user interface (the HTTP API, the
 * terminal UI, the APIs other tools speak) reads and does, and nothing else. The engine implements
 * it in-process; a client of the HTTP API can implement it remotely.
 *
 * <p>Torrents are named by the session's integer id, stable for as long as the torrent stays in the
 * session (a persisted server keeps it across restarts); {@link #idOf} finds one by info-hash.
 *
 * <p>Thread safety: every method may be called from any thread and none blocks: reads return an
 * immutable snapshot at once (refreshed by the engine about every second), and whatever touches a
 * running torrent is posted to the thread that owns it and answered through the returned future.
 * Failures: an unknown id is a {@link NoSuchTorrentException} (thrown, or failing the future);
 * input that cannot be used is a {@link mim.core.MimException.BadInput} whose message says why.
 */
public interface SessionControl {

    /** Every torrent of the session, in the order of their ids. */
    List<TorrentSummary> list();

    /** The id of the torrent with this v1 info-hash (40 hex digits, any case), if it is in the session. */
    OptionalInt idOf(String infoHashHex);

    /** A torrent and its files (none while a magnet link's metadata is being fetched). */
    TorrentDetails details(int id) throws NoSuchTorrentException;

    /** How a torrent is doing. */
    TorrentStats stats(int id) throws NoSuchTorrentException;

    /** The whole session's totals and rates. */
    SessionStats stats();

    /** The peers a torrent is connected to now; none while it is paused or fetching metadata. */
    CompletableFuture<List<PeerStats>> peers(int id);

    /** The pieces a torrent has verified; none are known while it is paused or fetching metadata. */
    CompletableFuture<Haves> haves(int id);

    /** The torrent's .torrent file, once its metadata is known. */
    Optional<byte[]> metadata(int id) throws NoSuchTorrentException;

    /**
     * Adds a torrent, or answers the id of the one already in the session with its info-hash. A magnet
     * link is answered at once, its metadata fetched afterwards; with {@link AddRequest#listOnly} the
     * answer waits for the metadata and nothing is added.
     */
    CompletableFuture<AddResult> add(AddRequest request);

    /**
     * Stops a torrent's traffic: its connections closed, no peer dialled or accepted, its resume state
     * saved, its trackers told. Pausing a paused torrent does nothing.
     */
    CompletableFuture<Void> pause(int id);

    /** Starts a paused or failed torrent again; one that runs is left as it is. */
    CompletableFuture<Void> start(int id);

    /** Stops a torrent and removes it from the session, leaving its files on disk. */
    CompletableFuture<Void> forget(int id);

    /** Stops a torrent, removes it from the session and deletes the files it has, and nothing else. */
    CompletableFuture<Void> delete(int id);

    /**
     * Chooses the files to download, by index into the torrent's files; a running torrent goes on with
     * the new choice, keeping what it verified. Files no longer chosen are left as they are on disk.
     */
    CompletableFuture<Void> selectFiles(int id, Set<Integer> files);

    /**
     * Brings the snapshot reads up to date, for a user that wants them fresh (a terminal UI, once per
     * frame). The engine refreshes its own snapshots every second, so in-process this completes at once; a
     * client of a remote session fetches them, and the future fails (with {@link mim.core.MimException.Network})
     * while the server does not answer, the last snapshot staying in place.
     */
    default CompletableFuture<Void> refresh() {
        return CompletableFuture.completedFuture(null);
    }
}
