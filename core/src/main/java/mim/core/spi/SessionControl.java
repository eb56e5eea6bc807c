package mim.core.spi;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import mim.core.MimException;

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
     * Opens a stream over file {@code fileIndex} of a torrent, to read it while it downloads (see
     * {@link FileStream}). The file need not be selected: the pieces a stream reads are fetched for it
     * and kept on disk, and once it is closed nothing more of the file is fetched. Reads fail while the
     * torrent is paused; the stream itself stays usable once it runs again.
     *
     * @throws NoSuchTorrentException for an unknown id
     * @throws mim.core.MimException.BadInput if the torrent's metadata is not known yet or it has no
     *     file {@code fileIndex}
     */
    FileStream stream(int id, int fileIndex) throws MimException;

    // ---- limits and peers

    /** The session's limits: its rates bound all torrents together; its seed limits apply to those without their own. */
    Limits sessionLimits();

    /** Replaces the session's limits; running torrents follow at once. */
    void setSessionLimits(Limits limits);

    /** A torrent's own limits (see {@link Limits}); {@link Limits#NONE} if it has none. */
    Limits limits(int id) throws NoSuchTorrentException;

    /** Replaces a torrent's own limits; a run follows at once, and later runs start with them. */
    CompletableFuture<Void> setLimits(int id, Limits limits);

    /**
     * Peers for a torrent to dial, as a user names them: dialled at once while it runs (or fetches its
     * metadata), and kept for its next start while it is paused or stopped; not kept across restarts.
     * Addresses it knows already are not dialled again.
     */
    CompletableFuture<Void> addPeers(int id, List<InetSocketAddress> peers);

    // ---- labels, re-checking, the output folder

    /**
     * Gives a torrent these labels in place of the ones it had (none clears them). A label is free
     * text, as tools such as Sonarr set them: 1 to 128 characters, no comma and no control character.
     *
     * @throws mim.core.MimException.BadInput (failing the future) for a label that is not one
     */
    CompletableFuture<Void> setLabels(int id, Set<String> labels);

    /**
     * Checks a torrent's data on disk again, every piece hashed whatever the resume state says, and goes
     * on with what verified: a running torrent stops and checks now (its state is {@code checking}
     * meanwhile); a paused one checks when it is next started. A magnet link whose metadata is unknown
     * has nothing to check.
     */
    CompletableFuture<Void> verify(int id);

    /** The folder torrents are written under when their {@link AddRequest} names none (absolute). */
    String outputFolder();

    /**
     * Subscribes to the session's events (see {@link SessionEvent}): what happens from now on, queued for
     * the subscriber to take at its pace, at most {@code capacity} of them (see {@link Subscription}:
     * a subscriber that falls behind is told how many it lost). Close the subscription to unsubscribe.
     *
     * @param capacity events held for the subscriber at most, at least 2
     *     ({@link Subscription#DEFAULT_CAPACITY} suits an interface)
     */
    Subscription<SessionEvent> subscribe(int capacity);

    /** The session's DHT node, if it runs one (none when the DHT is disabled). */
    Optional<DhtInfo> dht();

    /**
     * Brings the snapshot reads up to date, for a user that wants them fresh (a terminal UI, once per
     * frame). The engine refreshes its own snapshots every second, so in-process this completes at once; a
     * client of a remote session fetches them, and the future fails (with {@link mim.core.MimException.Network})
     * while the server does not answer, the last snapshot staying in place.
     */
    default CompletableFuture<Void> refresh() {
        return CompletableFuture.completedFuture(null);
    }

    // ---- categories

    /**
     * The session's categories, as qBittorrent has them: by name, the folder a torrent added in the category
     * goes to ({@code ""} for the {@link #outputFolder}; else as an {@link AddRequest}'s folder). Which
     * torrents are in a category their labels say; the session only keeps the names and folders, with its
     * torrents across restarts.
     */
    Map<String, String> categories();

    /**
     * Replaces the session's categories (see {@link #categories}).
     *
     * @throws mim.core.MimException.BadInput (failing the future) for a name that could not be a label
     */
    CompletableFuture<Void> setCategories(Map<String, String> categories);
}
