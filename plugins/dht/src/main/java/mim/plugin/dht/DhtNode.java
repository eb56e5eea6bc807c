package mim.plugin.dht;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.DhtInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DHT node (BEP 5): one UDP socket, a routing table, the peers others announced to us, and the
 * lookups we run. It answers others' queries (rate-limited), keeps its table fresh, and saves it.
 *
 * <p>Lifecycle: created idle; {@link #start} loads the saved state and resolves the bootstrap
 * nodes (on a thread of its own, as both block), binds the socket, then bootstraps: it asks the
 * routers for nodes near us, after which {@link #seeded} completes and lookups may start, then
 * looks up our own id, after which the future {@link #start} returns completes. A torrent's lookup
 * does not wait for the second step: it would wait out the timeout of every dead node the routers
 * named. {@link #close} saves and releases everything. A node is started at most once.
 *
 * <p>Threading: one event loop thread of the node's own group owns the table, the transactions, the
 * stores and every lookup; public methods may be called from any thread and hand their work to
 * it. Futures complete on that thread, so what is chained to them must not block. File and name
 * lookups run on a second thread, never on the loop.
 */
final class DhtNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhtNode.class);
    static final DhtInfo.Stats NOT_RUNNING = new DhtInfo.Stats(false, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    static final long QUERY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Queries of ours in flight at once; more fail at once (lookups cap theirs well below this). */
    static final int MAX_PENDING = 1024;
    private static final long MAINTENANCE_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long SAVE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final DhtConfig config;
    private final DhtCounters counters = new DhtCounters();
    private final SecureRandom random = new SecureRandom();
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("mim-dht", true));
    private final EventLoop loop = group.next();
    private final ExecutorService blocking = Executors.newSingleThreadExecutor(new DefaultThreadFactory("mim-dht-io", true));
    private final CompletableFuture<Void> seeded = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Info-hashes a node accepted our announce for; on the loop. */
    private final Set<NodeId> announced = new HashSet<>();

    // Owned by the loop; set once when the socket is bound.
    private Channel channel;
    private RoutingTable table;
    private RateLimiter limiter;
    private PeerStore store;
    private QueryServer server;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int nextTid = random.nextInt();
    private List<InetSocketAddress> routers = List.of();
    /** The nodes the routers named at the last bootstrap: where a lookup starts besides the table. */
    private List<NodeInfo> routerNodes = List.of();
    private boolean bootstrapping;
    private long lastSave;
    private boolean closed;

    private record Pending(InetSocketAddress to, NodeId expected, CompletableFuture<Krpc.Response> answer,
            ScheduledFuture<?> timer) {}

    DhtNode(DhtConfig config) {
        this.config = config;
    }

    DhtCounters counters() {
        return counters;
    }

    /** Completes once the node is bootstrapped (or failed to be); completes exceptionally if it could not start. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * Completes once the routers answered (or timed out), before the rest of the bootstrap: from
     * then on a lookup has nodes to start from. Completes exceptionally if the node could not start.
     */
    CompletableFuture<Void> seeded() {
        return seeded;
    }

    /**
     * Starts the node, once, on the configured address.
     *
     * @param defaultPort the port to bind when the configuration names none (our listen port)
     */
    CompletableFuture<Void> start(int defaultPort) {
        return start(null, defaultPort);
    }

    /**
     * Starts the node, once.
     *
     * @param listenHost the one address we accept peers on, or null; the socket binds to it when the
     *     configuration names the wildcard, so that nodes store the address others can reach us at
     * @param defaultPort the port to bind when the configuration names none (our listen port)
     */
    CompletableFuture<Void> start(InetAddress listenHost, int defaultPort) {
        InetAddress host = listenHost != null && config.bindAddress().isAnyLocalAddress() ? listenHost
                : config.bindAddress();
        CompletableFuture.supplyAsync(this::loadAndResolve, blocking)
                .thenAcceptAsync(prepared -> bind(prepared, host, defaultPort), loop)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        seeded.completeExceptionally(failure);
                        ready.completeExceptionally(failure);
                    }
                });
        return ready;
    }

    private record Prepared(StateFile.State saved, List<InetSocketAddress> routers) {}

    private Prepared loadAndResolve() {
        StateFile.State saved = null;
        if (config.persistence()) {
            try {
                saved = StateFile.load(config.stateFile());
            } catch (MimException.Storage e) {
                LOG.warn("{}; starting with a fresh table", e.getMessage());
            }
        }
        List<InetSocketAddress> routers = new ArrayList<>();
        for (DhtConfig.HostPort router : config.bootstrap()) {
            try {
                for (InetAddress ip : InetAddress.getAllByName(router.host())) {
                    routers.add(new InetSocketAddress(ip, router.port()));
                }
            } catch (UnknownHostException e) {
                LOG.debug("dht bootstrap node {} not found", router);
            }
        }
        return new Prepared(saved, routers);
    }

    private void bind(Prepared prepared, InetAddress host, int defaultPort) {
        NodeId id = prepared.saved() != null ? prepared.saved().id() : NodeId.random(random);
        table = new RoutingTable(id, System::nanoTime, random);
        limiter = new RateLimiter(config.limits(), System::nanoTime);
        store = new PeerStore(System::nanoTime, random);
        server = new QueryServer(table, new Tokens(System::nanoTime, random), store, counters);
        lastSave = System.nanoTime();
        int port = config.port() != 0 ? config.port() : defaultPort;
        openSocket(host, port).addListener((ChannelFuture f) -> {
            if (!f.isSuccess() && config.port() == 0 && port != 0) {
                LOG.debug("dht port {} is taken ({}); using another", port, f.cause().toString());
                openSocket(host, 0).addListener((ChannelFuture g) -> bound(g, prepared));
            } else {
                bound(f, prepared);
            }
        });
    }

    private ChannelFuture openSocket(InetAddress host, int port) {
        return new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                // Anything longer than this is oversized anyway; reading a little more lets us count it.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(KrpcCodec.MAX_PACKET + 512))
                .handler(new KrpcHandler(counters, this::received))
                .bind(new InetSocketAddress(host, port));
    }

    private void bound(ChannelFuture f, Prepared prepared) {
        if (!f.isSuccess()) {
            MimException failure = new MimException.Network(
                    "cannot open the DHT's UDP socket: " + Reason.of(f.cause()), f.cause());
            seeded.completeExceptionally(failure);
            ready.completeExceptionally(failure);
            return;
        }
        channel = f.channel();
        if (closed) {
            channel.close();
            return;
        }
        LOG.debug("dht node {} on {}", table.ownId(), channel.localAddress());
        if (prepared.saved() != null) {
            prepared.saved().nodes().forEach(n -> table.heard(n, false));
        }
        routers = prepared.routers();
        loop.scheduleAtFixedRate(this::maintain, MAINTENANCE_NANOS, MAINTENANCE_NANOS, TimeUnit.NANOSECONDS);
        bootstrap().whenComplete((ok, failure) -> {
            seeded.complete(null);
            ready.complete(null);
        });
    }

    /** The local address of the socket, once bound. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Our node id, once started. */
    NodeId id() {
        return table.ownId();
    }

    /**
     * Asks each router for the nodes closest to us, then looks our own id up from all we have: the
     * nodes close to us learn of us and our table fills.
     */
    private CompletableFuture<Void> bootstrap() {
        bootstrapping = true;
        List<CompletableFuture<List<NodeInfo>>> asked = new ArrayList<>();
        NodeId own = table.ownId();
        for (InetSocketAddress router : routers) {
            asked.add(send(router, null, tid -> new Krpc.FindNode(tid, own, own))
                    .handle((r, failure) -> r == null ? List.of() : r.nodes()));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenComposeAsync(all -> {
            List<NodeInfo> named = new ArrayList<>();
            asked.forEach(a -> named.addAll(a.join()));
            routerNodes = List.copyOf(named);
            seeded.complete(null);
            List<NodeInfo> seeds = new ArrayList<>(table.closest(own, RoutingTable.K));
            seeds.addAll(named);
            return Lookup.findNode(own, own, seeds, this::query);
        }, loop).handle((found, failure) -> {
            bootstrapping = false;
            return null;
        });
    }

    /**
     * Pings {@code nodes} (BEP 5: a torrent's {@code nodes} are pinged) once the node is ready; those
     * that answer join the table. Host names are looked up first, off the loop; a name that is not
     * found is skipped. Completes, never exceptionally, when every ping is answered or timed out, so
     * that a lookup that waits for it starts with them in the table.
     */
    CompletableFuture<Void> addNodes(List<InetSocketAddress> nodes) {
        if (nodes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return seeded.thenApplyAsync(ok -> resolve(nodes), blocking)
                .thenComposeAsync(resolved -> {
                    List<CompletableFuture<Krpc.Response>> pings = new ArrayList<>();
                    for (InetSocketAddress n : resolved) {
                        pings.add(send(n, null, tid -> new Krpc.Ping(tid, table.ownId())));
                    }
                    return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new));
                }, loop)
                .handle((ok, failure) -> null);
    }

    private static List<InetSocketAddress> resolve(List<InetSocketAddress> nodes) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetSocketAddress n : nodes) {
            if (!n.isUnresolved()) {
                out.add(n);
                continue;
            }
            try {
                out.add(new InetSocketAddress(InetAddress.getByName(n.getHostString()), n.getPort()));
            } catch (UnknownHostException e) {
                LOG.debug("dht node {} named by a torrent not found", n.getHostString());
            }
        }
        return out;
    }

    /**
     * Finds peers of {@code infoHash} (the peers announced to us first, then a get_peers lookup),
     * handing them to {@code onPeers} on the loop as they arrive, then announces us on
     * {@code announcePort} to the closest nodes that gave a token, unless it is 0. Completes with
     * how many of them accepted the announce.
     */
    CompletableFuture<Integer> getPeers(NodeId infoHash, int announcePort, Consumer<List<InetSocketAddress>> onPeers) {
        return seeded.thenComposeAsync(ok -> {
            List<InetSocketAddress> known = store.peers(infoHash, QueryServer.MAX_VALUES);
            if (!known.isEmpty()) {
                onPeers.accept(known);
            }
            NodeId own = table.ownId();
            List<NodeInfo> seeds = new ArrayList<>(table.closest(infoHash, RoutingTable.K));
            seeds.addAll(routerNodes);
            return Lookup.getPeers(own, infoHash, seeds, this::query, onPeers)
                    .thenCompose(closest -> announcePort == 0 ? CompletableFuture.completedFuture(0)
                            : announce(infoHash, announcePort, closest));
        }, loop);
    }

    private CompletableFuture<Integer> announce(NodeId infoHash, int port, List<Lookup.Answered> closest) {
        List<CompletableFuture<Boolean>> sent = new ArrayList<>();
        for (Lookup.Answered a : closest) {
            if (a.token() != null) {
                sent.add(query(a.node(), tid -> new Krpc.AnnouncePeer(tid, table.ownId(), infoHash, port, false, a.token()))
                        .handle((r, failure) -> r != null));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApplyAsync(all -> {
            int accepted = (int) sent.stream().filter(CompletableFuture::join).count();
            if (accepted > 0) {
                announced.add(infoHash);
            }
            return accepted;
        }, loop);
    }

    /** Runs {@code task} on the node's loop after {@code delay}; for callers' own timers. */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return loop.schedule(task, delay, unit);
    }

    /** The node's figures, for user interfaces; asks the loop. */
    CompletableFuture<DhtInfo.Stats> stats() {
        return onLoop(() -> {
            if (channel == null || table == null) {
                return NOT_RUNNING;
            }
            InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
            return new DhtInfo.Stats(true, table.ownId().hex(), bound.getAddress().getHostAddress() + ":" + bound.getPort(),
                    table.size(), table.count(RoutingTable.State.GOOD), table.count(RoutingTable.State.QUESTIONABLE),
                    table.bucketCount(), counters.queriesAnswered(), counters.queriesSent(), counters.timeouts(),
                    store.torrentCount(), announced.size());
        }, NOT_RUNNING);
    }

    /** The routing table, for user interfaces; asks the loop. */
    CompletableFuture<List<DhtInfo.Bucket>> table() {
        return onLoop(() -> table == null ? List.of() : table.snapshot(Instant.now()), List.of());
    }

    /** {@code question} answered on the loop; {@code closed} once the loop has stopped. */
    private <T> CompletableFuture<T> onLoop(Supplier<T> question, T closed) {
        try {
            return CompletableFuture.supplyAsync(question, loop);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(closed);
        }
    }

    /** Snapshot of the routing table's size, for tests and statistics; asks the loop. */
    CompletableFuture<Integer> tableSize() {
        return CompletableFuture.supplyAsync(() -> table.size(), loop);
    }

    /** The peers others announced to us for {@code infoHash}; asks the loop. */
    CompletableFuture<List<InetSocketAddress>> storedPeers(NodeId infoHash) {
        return CompletableFuture.supplyAsync(() -> store.peers(infoHash, PeerStore.MAX_PEERS), loop);
    }

    private CompletableFuture<Krpc.Response> query(NodeInfo to, Function<byte[], Krpc.Query> withTid) {
        return send(to.address(), to.id(), withTid);
    }

    /** Sends a query and awaits its answer, on the loop; {@code expected} is the id we believe is there, if any. */
    private CompletableFuture<Krpc.Response> send(InetSocketAddress to, NodeId expected,
            Function<byte[], Krpc.Query> withTid) {
        assert loop.inEventLoop();
        if (closed || pending.size() >= MAX_PENDING) {
            return CompletableFuture.failedFuture(new MimException.Network(closed ? "dht node is closed"
                    : "too many dht queries in flight (at most " + MAX_PENDING + ")"));
        }
        int tid;
        do {
            tid = nextTid++ & 0xffff;
        } while (pending.containsKey(tid));
        int key = tid;
        CompletableFuture<Krpc.Response> answer = new CompletableFuture<>();
        ScheduledFuture<?> timer = loop.schedule(() -> timedOut(key), QUERY_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        pending.put(key, new Pending(to, expected, answer, timer));
        write(withTid.apply(new byte[] {(byte) (tid >>> 8), (byte) tid}), to);
        counters.queriesSent.increment();
        return answer;
    }

    private void timedOut(int tid) {
        Pending p = pending.remove(tid);
        if (p != null) {
            counters.timeouts.increment();
            if (p.expected() != null) {
                table.failed(new NodeInfo(p.expected(), p.to()));
            }
            p.answer().completeExceptionally(new TimeoutException("no answer from " + p.to()));
        }
    }

    private void write(Krpc message, InetSocketAddress to) {
        counters.sent.increment();
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(KrpcCodec.encode(message)), to));
    }

    /** Every decoded datagram, on the loop. */
    private void received(Krpc message, InetSocketAddress from) {
        if (message instanceof Krpc.Query q) {
            if (!limiter.allow(from.getAddress())) {
                counters.rateLimited.increment();
                return;
            }
            counters.queriesAnswered.increment();
            write(server.answer(q, from), from);
            for (NodeInfo questionable : table.heard(new NodeInfo(q.sender(), from), false)) {
                query(questionable, tid -> new Krpc.Ping(tid, table.ownId()));
            }
            return;
        }
        byte[] tid = message.tid();
        Pending p = tid.length == 2 ? pending.get(((tid[0] & 0xff) << 8) | (tid[1] & 0xff)) : null;
        if (p == null || !p.to().equals(from)) {
            counters.unmatched.increment();
            return;
        }
        pending.remove(((tid[0] & 0xff) << 8) | (tid[1] & 0xff));
        p.timer().cancel(false);
        if (message instanceof Krpc.Response r) {
            for (NodeInfo questionable : table.heard(new NodeInfo(r.sender(), from), true)) {
                query(questionable, t -> new Krpc.Ping(t, table.ownId()));
            }
            p.answer().complete(r);
        } else {
            Krpc.Error e = (Krpc.Error) message;
            p.answer().completeExceptionally(new MimException.Network(
                    "dht node " + from + " answered error " + e.code() + ": " + e.message()));
        }
    }

    private void maintain() {
        if (closed) {
            return;
        }
        if (table.size() == 0 && !bootstrapping) {
            bootstrap(); // everyone we knew is gone, or the network was down when we started
        }
        NodeId own = table.ownId();
        for (NodeId target : table.bucketsToRefresh()) {
            Lookup.findNode(own, target, table.closest(target, RoutingTable.K), this::query);
        }
        if (config.persistence() && System.nanoTime() - lastSave >= SAVE_NANOS) {
            lastSave = System.nanoTime();
            StateFile.State state = snapshot();
            blocking.execute(() -> save(state));
        }
    }

    private StateFile.State snapshot() {
        return new StateFile.State(table.ownId(), table.goodNodes());
    }

    private void save(StateFile.State state) {
        try {
            StateFile.save(config.stateFile(), state);
        } catch (MimException.Storage e) {
            LOG.warn(e.getMessage());
        }
    }

    /**
     * Fails the queries in flight, closes the socket, saves the table (unless persistence is off)
     * and stops the node's threads, waiting for them. Call it from outside the node's loop; calls
     * after the first do nothing.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<StateFile.State> last = CompletableFuture.supplyAsync(() -> {
            closed = true;
            for (Pending p : new ArrayList<>(pending.values())) {
                p.timer().cancel(false);
                p.answer().completeExceptionally(new MimException.Network("dht node is closed"));
            }
            pending.clear();
            if (channel != null) {
                channel.close();
            }
            seeded.completeExceptionally(new MimException.Network("dht node is closed"));
            ready.completeExceptionally(new MimException.Network("dht node is closed"));
            return table != null && channel != null ? snapshot() : null;
        }, loop);
        try {
            StateFile.State state = last.get(5, TimeUnit.SECONDS);
            if (state != null && config.persistence()) {
                blocking.submit(() -> save(state)).get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("dht node did not close cleanly: {}", e.toString());
        }
        blocking.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
