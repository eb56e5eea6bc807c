package mim.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One test's world of real BitTorrent programs on loopback: a temporary directory, an address of
 * its own in 127.0.0.0/8 for every program, and the register of every process it started.
 *
 * <p>Lifecycle: {@link #create()} → make data, torrents, trackers and clients → {@link #close()},
 * which stops every process it started (by pid, with its descendants) and deletes the directory
 * (kept when the system property {@code mim.interop.keep} is {@code true}). A JVM shutdown hook
 * closes swarms left open, so an interrupted run leaves no program behind.
 *
 * <p>Thread safety: safe; a test normally drives it from one thread. Failures of the programs
 * throw {@link AssertionError} with the tail of their logs; I/O failures of the harness itself
 * throw {@link UncheckedIOException}.
 */
public final class Swarm implements AutoCloseable {
    /** Every client of every swarm in this JVM gets its own host number. */
    private static final AtomicInteger HOSTS = new AtomicInteger();
    /** Second octet: differs between JVMs running at once, so their swarms do not share addresses. */
    private static final int NET = 16 + (int) (ProcessHandle.current().pid() % 200);
    private static final Set<Swarm> OPEN = ConcurrentHashMap.newKeySet();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Swarm::close), "swarm-cleanup"));
    }

    private final Path dir;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<Opentracker> trackers = new ArrayList<>();
    private final List<Torrent> torrents = new ArrayList<>();
    private final AtomicInteger names = new AtomicInteger();
    private Path peerScript;
    private boolean closed;

    private Swarm(Path dir) {
        this.dir = dir;
    }

    /** A new swarm in a fresh directory under {@code mim.interop.dir} (default: java.io.tmpdir). */
    public static Swarm create() {
        try {
            Path base = Path.of(System.getProperty("mim.interop.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            Swarm swarm = new Swarm(Files.createTempDirectory(base, "swarm-").toAbsolutePath());
            OPEN.add(swarm);
            return swarm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A new empty directory in the swarm's, named after {@code hint}. */
    public Path newDir(String hint) {
        try {
            return Files.createDirectories(dir.resolve(hint + "-" + names.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an opentracker; torrents made before or after are whitelisted on it. */
    public synchronized Opentracker opentracker() {
        Opentracker tracker = Opentracker.start(this);
        trackers.add(tracker);
        for (Torrent t : torrents) {
            tracker.allow(t.infoHash());
        }
        return tracker;
    }

    /** Starts a libtorrent DHT node for the swarm's DHT peers to bootstrap from. */
    public DhtRouter dhtRouter() {
        return DhtRouter.start(this);
    }

    /** One file {@code name} of {@code size} pseudo-random bytes; returns its path. */
    public Path data(String name, long size) {
        Path file = newDir("data").resolve(name);
        TestData.file(file, size, 1);
        return file;
    }

    /** A folder {@code name} holding the files of a tree spec (see {@link TestData#tree}). */
    public Path tree(String name, String spec) {
        Path top = newDir("data").resolve(name);
        TestData.tree(top, spec, 1);
        return top;
    }

    /** A v1 torrent of {@code content} with 256 KiB pieces, one tier per announce URL. */
    public Torrent torrent(Path content, String... announceUrls) {
        return torrent(content, Torrents.DEFAULT_PIECE_LOG2, false, announceUrls);
    }

    /** A v1 torrent of {@code content} with 2^{@code pieceLengthLog2}-byte pieces. */
    public Torrent torrent(Path content, int pieceLengthLog2, boolean privateFlag, String... announceUrls) {
        Path out = newDir("torrent").resolve(content.getFileName() + ".torrent");
        Torrents.make(this, content, out, pieceLengthLog2, privateFlag, Arrays.asList(announceUrls));
        return adopt(out);
    }

    /**
     * Describes a .torrent made elsewhere (by {@code mim create}, say) with libtorrent and
     * whitelists it on the swarm's trackers, as {@link #torrent} does for those it makes.
     */
    public Torrent adopt(Path torrentFile) {
        Torrent torrent = Torrents.read(this, torrentFile);
        List<Opentracker> whitelisting;
        synchronized (this) {
            torrents.add(torrent);
            whitelisting = List.copyOf(trackers);
        }
        whitelisting.forEach(t -> t.allow(torrent.infoHash()));
        return torrent;
    }

    public Aria2 aria2() {
        return new Aria2(this);
    }

    public Transmission transmission() {
        return new Transmission(this);
    }

    public Libtorrent libtorrent() {
        return new Libtorrent(this);
    }

    public Rtorrent rtorrent() {
        return new Rtorrent(this);
    }

    /** mim itself, from the packaged distribution. */
    public Mim mim() {
        return new Mim(this);
    }

    /** A client of the given kind, for tests that iterate over them. */
    public Client client(ClientKind kind) {
        return kind.create(this);
    }

    /** The tail of every program's logs: for assertion messages. */
    public synchronized String diagnostics() {
        return processes.stream().map(p -> p.describe(25)).collect(Collectors.joining());
    }

    /** Stops every program (SIGTERM, SIGKILL after a grace period) and deletes the directory. */
    @Override
    public void close() {
        List<ManagedProcess> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = List.copyOf(processes);
        }
        ManagedProcess.stopAll(running, ManagedProcess.GRACE);
        OPEN.remove(this);
        if (!Boolean.getBoolean("mim.interop.keep")) {
            delete(dir);
        }
    }

    // ---- for the harness's own classes ----

    /** A loopback address no other client of this JVM has: for a peer of the test's own. */
    public InetAddress newAddress() {
        int n = HOSTS.incrementAndGet();
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) NET, (byte) (n / 254), (byte) (1 + n % 254)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port free for both TCP and UDP on {@code address}, as the OS chose it. */
    static int freePort(InetAddress address) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, address)) {
                port = tcp.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free TCP port on " + address, e);
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port))) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // The UDP port is in use: ask for another.
            }
        }
        throw new IllegalStateException("no port free for TCP and UDP on " + address);
    }

    /** Starts a long-running program; it is stopped on {@link #close()}. */
    ManagedProcess start(String name, List<String> command, Path workDir, List<Path> extraLogs) {
        return start(name, command, workDir, extraLogs, Map.of());
    }

    /** Starts a long-running program with {@code env} added to its environment. */
    ManagedProcess start(String name, List<String> command, Path workDir, List<Path> extraLogs,
                         Map<String, String> env) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("swarm is closed");
            }
            Path log = dir.resolve(name + "-" + names.incrementAndGet() + ".log");
            ManagedProcess process = ManagedProcess.start(name, command, workDir, log, extraLogs, env);
            processes.add(process);
            return process;
        }
    }

    /** Runs a short program to its end and returns its output; throws if it fails. */
    String run(String name, List<String> command) {
        ManagedProcess p = start(name, command, dir, List.of());
        Await.until(name + " finishing", RUN_TIMEOUT, () -> !p.isAlive(), p);
        if (p.exitCode() != 0) {
            throw Await.failure(String.join(" ", command) + " failed", p);
        }
        try {
            return Files.readString(p.log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Our libtorrent peer script, copied out of the test resources once. */
    synchronized Path peerScript() {
        if (peerScript == null) {
            try (InputStream in = Swarm.class.getResourceAsStream("lt_peer.py")) {
                if (in == null) {
                    throw new IllegalStateException("lt_peer.py is missing from the test resources");
                }
                peerScript = dir.resolve("lt_peer.py");
                Files.copy(in, peerScript);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return peerScript;
    }

    /**
     * Waits until every tracker of this swarm that {@code torrent} names lists {@code peer}:
     * the peer has announced, from the address others must dial.
     */
    void awaitListed(Torrent torrent, InetSocketAddress peer, ManagedProcess process, Duration timeout) {
        List<Opentracker> named;
        synchronized (this) {
            named = trackers.stream().filter(t -> torrent.trackers().stream().anyMatch(t::serves))
                    .collect(Collectors.toList());
        }
        for (Opentracker tracker : named) {
            Await.until(tracker + " listing " + process.name() + " at " + peer.getAddress().getHostAddress()
                    + ":" + peer.getPort(), timeout, () -> tracker.peers(torrent.infoHash()).contains(peer), process);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
