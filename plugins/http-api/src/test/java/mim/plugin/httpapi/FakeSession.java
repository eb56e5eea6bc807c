package mim.plugin.httpapi;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import mim.core.MimException;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.DhtInfo;
import mim.core.spi.FileStream;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionEvent;
import mim.core.spi.SessionStats;
import mim.core.spi.Subscription;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * A session of one torrent (id 7) for the API's tests: answers with fixed values and records what
 * it was asked to do. A magnet link naming {@link #REFUSED} is refused as bad input.
 */
final class FakeSession implements SessionControl {
    static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    static final String REFUSED = "magnet:?xt=urn:btih:" + "f".repeat(40);
    static final int ID = 7;
    /** A link whose add is answered only when the test completes {@link #held}. */
    static final String HELD = "magnet:?xt=urn:btih:" + "e".repeat(40);

    /** The content of the torrent's one file, 1,000 bytes. */
    static final byte[] CONTENT = new byte[1000];

    static {
        new java.util.Random(5).nextBytes(CONTENT);
    }

    final CompletableFuture<AddResult> held = new CompletableFuture<>();

    final List<AddRequest> added = new CopyOnWriteArrayList<>();
    final List<String> actions = new CopyOnWriteArrayList<>();

    /** The torrent's name. */
    volatile String name = "ubuntu.iso";

    private TorrentSummary summary() {
        return new TorrentSummary(ID, HASH, name, "/srv/t", "downloading", 10, Instant.parse("2024-05-01T10:00:00Z"),
                null, List.of("linux"));
    }

    @Override
    public List<TorrentSummary> list() {
        return List.of(summary());
    }

    @Override
    public OptionalInt idOf(String infoHashHex) {
        return infoHashHex.equalsIgnoreCase(HASH) ? OptionalInt.of(ID) : OptionalInt.empty();
    }

    @Override
    public TorrentDetails details(int id) throws NoSuchTorrentException {
        check(id);
        return new TorrentDetails(summary(), List.of(
                new TorrentDetails.File("ubuntu.iso", List.of("ubuntu.iso"), 1000, true, false),
                new TorrentDetails.File("extras/clip one.mkv", List.of("extras", "clip one.mkv"), 0, false, false)));
    }

    @Override
    public TorrentStats stats(int id) throws NoSuchTorrentException {
        check(id);
        return new TorrentStats("downloading", false, null, 1000, 250, 300, 40, 100, 0, 2, List.of(250L),
                Map.of("corrupt data", 1), List.of("tracker: 3 peers"));
    }

    @Override
    public SessionStats stats() {
        return new SessionStats(1, 300, 40, 100, 0, 2, 5);
    }

    @Override
    public CompletableFuture<List<PeerStats>> peers(int id) {
        return when(id, () -> List.of(new PeerStats("192.0.2.7:6881", "LT2090", true, true, "downloading", true, 300,
                0, 100, 0)));
    }

    @Override
    public CompletableFuture<Haves> haves(int id) {
        return when(id, () -> new Haves(10, new byte[] {(byte) 0b1100_0000, 0}));
    }

    @Override
    public Optional<byte[]> metadata(int id) throws NoSuchTorrentException {
        check(id);
        return Optional.of("d4:infode".getBytes());
    }

    @Override
    public synchronized CompletableFuture<AddResult> add(AddRequest request) {
        added.add(request);
        if (request.source() instanceof AddRequest.Link l && l.text().equals(HELD)) {
            return held;
        }
        if (request.source() instanceof AddRequest.Link l && l.text().equals(REFUSED)) {
            return CompletableFuture.failedFuture(new MimException.BadInput("that link is refused"));
        }
        try {
            return CompletableFuture.completedFuture(new AddResult(details(ID), true));
        } catch (NoSuchTorrentException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public CompletableFuture<Void> pause(int id) {
        return act("pause", id);
    }

    @Override
    public CompletableFuture<Void> start(int id) {
        return act("start", id);
    }

    @Override
    public CompletableFuture<Void> forget(int id) {
        return act("forget", id);
    }

    @Override
    public CompletableFuture<Void> delete(int id) {
        return act("delete", id);
    }

    @Override
    public CompletableFuture<Void> selectFiles(int id, Set<Integer> files) {
        return act("select " + new java.util.TreeSet<>(files), id);
    }

    /** File 0 is {@link #CONTENT}, file 1 empty; each read gives at most 100 bytes (a piece's end), at once. */
    @Override
    public FileStream stream(int id, int fileIndex) throws MimException {
        check(id);
        if (fileIndex != 0) {
            throw new MimException.BadInput("only file 0 has bytes to read");
        }
        actions.add("stream " + id);
        return new FileStream() {
            @Override
            public long length() {
                return CONTENT.length;
            }

            @Override
            public CompletableFuture<ByteBuffer> read(long offset, int maxLength) {
                int n = (int) Math.min(Math.min(maxLength, 100 - offset % 100), CONTENT.length - offset);
                return CompletableFuture.completedFuture(ByteBuffer.wrap(CONTENT, (int) offset, n).slice());
            }

            @Override
            public void close() {
                actions.add("closed stream " + id);
            }
        };
    }

    volatile Limits sessionLimits = Limits.NONE;
    volatile Limits torrentLimits = Limits.NONE;

    @Override
    public Limits sessionLimits() {
        return sessionLimits;
    }

    @Override
    public void setSessionLimits(Limits limits) {
        sessionLimits = limits;
    }

    @Override
    public Limits limits(int id) throws NoSuchTorrentException {
        check(id);
        return torrentLimits;
    }

    @Override
    public CompletableFuture<Void> setLimits(int id, Limits limits) {
        return when(id, () -> {
            torrentLimits = limits;
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> addPeers(int id, List<InetSocketAddress> peers) {
        return act("add_peers " + peers, id);
    }

    @Override
    public CompletableFuture<Void> setLabels(int id, Set<String> labels) {
        return act("label " + new java.util.TreeSet<>(labels), id);
    }

    @Override
    public CompletableFuture<Void> verify(int id) {
        return act("verify", id);
    }

    @Override
    public String outputFolder() {
        return "/srv/t";
    }

    /** The subscriptions open now; a test delivers events to them. */
    final List<Subscription<SessionEvent>> subscriptions = new CopyOnWriteArrayList<>();

    @Override
    public Subscription<SessionEvent> subscribe(int capacity) {
        Subscription<SessionEvent> s = Subscription.ofEvents(capacity, subscriptions::remove);
        subscriptions.add(s);
        return s;
    }

    /** The DHT the session shows; none unless a test sets one. */
    volatile DhtInfo dht;

    @Override
    public Optional<DhtInfo> dht() {
        return Optional.ofNullable(dht);
    }

    volatile Map<String, String> categories = Map.of();

    @Override
    public Map<String, String> categories() {
        return categories;
    }

    /** Refuses a name with a comma, as the engine refuses one that could not be a label. */
    @Override
    public CompletableFuture<Void> setCategories(Map<String, String> categories) {
        if (categories.keySet().stream().anyMatch(n -> n.contains(","))) {
            return CompletableFuture.failedFuture(new MimException.BadInput("label 'a,b': a label holds no comma"));
        }
        this.categories = Map.copyOf(categories);
        return CompletableFuture.completedFuture(null);
    }

    private synchronized CompletableFuture<Void> act(String what, int id) {
        return when(id, () -> {
            actions.add(what + " " + id);
            return null;
        });
    }

    private static <T> CompletableFuture<T> when(int id, java.util.function.Supplier<T> value) {
        return id == ID ? CompletableFuture.completedFuture(value.get())
                : CompletableFuture.failedFuture(new NoSuchTorrentException(id));
    }

    private static void check(int id) throws NoSuchTorrentException {
        if (id != ID) {
            throw new NoSuchTorrentException(id);
        }
    }
}
