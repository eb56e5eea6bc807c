package mim.plugin.tracker.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TrackerClient;
import org.pf4j.Extension;

/**
 * Announces to {@code udp://host:port[/path?query]} trackers (BEP 15), sending the URL's path and
 * query as BEP 41 URL data, and scrapes them.
 *
 * <p>Everything goes through one UDP socket per local address, opened on first use on an event loop
 * of the group: the client's own single-thread group by default, or a group the application shares
 * (then the client neither owns nor shuts it down). An announce whose
 * {@link AnnounceRequest#localAddress()} is set is sent from a socket bound to it, since a tracker
 * takes the source of an announce for our address; others, and scrapes, from the wildcard's. Connection ids are kept per tracker address for a minute; an
 * unanswered request is resent on the {@link Retransmission} schedule; host names are looked up on
 * a small pool of the client's own, never on the event loop.
 *
 * <p>Thread safety: safe for concurrent use. The returned futures complete on the client's event
 * loop, so callbacks chained on them must not block. Every future completes: with the answer, or
 * with a {@link MimException.Network} (bad URL, unknown host, the tracker's error message, no answer
 * after the last retry, too many requests in flight, client closed). Cancelling a future ends its
 * exchange and its retransmissions. Ownership: {@link #close} releases the socket, the lookup pool
 * and an owned group.
 */
@Extension
public final class UdpTrackerClient implements TrackerClient {
    /** Exchanges in flight at once, beyond which new ones fail at once. */
    static final int DEFAULT_MAX_PENDING = 1024;
    private static final int LOOKUP_THREADS = 2;

    /** Looks up a host name, blocking; {@link InetAddress#getByName} unless a test says otherwise. */
    @FunctionalInterface
    interface HostLookup {
        InetAddress lookup(String host) throws UnknownHostException;
    }

    private final boolean ownsGroup;
    private final Retransmission retransmission;
    private final int maxPending;
    private final LongSupplier nanoClock;
    private final HostLookup hostLookup;
    private final ExecutorService lookups;

    /** One socket and what reads it; each has its own transactions and connection ids. */
    private record Endpoint(ChannelFuture bound, Dispatcher dispatcher, ReplyDecoder decoder) {
        boolean usable() {
            return !(bound.isDone() && (!bound.isSuccess() || !bound.channel().isOpen()));
        }
    }

    // Guarded by this: set up on first use, torn down once by close.
    private EventLoopGroup group;
    /** The sockets, by the local address they are bound to (null: the wildcard). */
    private final Map<InetAddress, Endpoint> endpoints = new HashMap<>();
    private boolean closed;

    /** A client with its own one-thread event loop group and BEP 15's retransmission schedule. */
    public UdpTrackerClient() {
        this(null, Retransmission.BEP15);
    }

    /**
     * A client on a shared group (not shut down by {@link #close}), or on its own when
     * {@code group} is {@code null}.
     */
    public UdpTrackerClient(EventLoopGroup group, Retransmission retransmission) {
        this(group, retransmission, DEFAULT_MAX_PENDING, System::nanoTime, InetAddress::getByName);
    }

    UdpTrackerClient(EventLoopGroup group, Retransmission retransmission, int maxPending, LongSupplier nanoClock,
            HostLookup hostLookup) {
        this.group = group;
        this.ownsGroup = group == null;
        this.retransmission = retransmission;
        this.maxPending = maxPending;
        this.nanoClock = nanoClock;
        this.hostLookup = hostLookup;
        // Threads start on the first lookup and end when idle; the queue is bounded by maxPending.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("mim-tracker-udp-dns", true));
        pool.allowCoreThreadTimeOut(true);
        this.lookups = pool;
    }

    @Override
    public String name() {
        return "tracker-udp";
    }

    @Override
    public boolean supports(URI tracker) {
        return tracker.getScheme() != null && tracker.getScheme().toLowerCase(Locale.ROOT).equals("udp");
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        TrackerUrl url;
        try {
            url = TrackerUrl.parse(tracker);
        } catch (MimException.Network e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(url, new Query.Announce(request, url.urlData()), request.localAddress());
    }

    /**
     * Asks a tracker what it knows of up to 74 torrents (BEP 15, action 2). The answer lists them in
     * the order asked. Completes like {@link #announce}.
     *
     * @throws IllegalArgumentException if there are no info-hashes, more than 74, or one is not 20 bytes
     */
    public CompletableFuture<List<ScrapeStats>> scrape(URI tracker, List<byte[]> infoHashes) {
        if (infoHashes.isEmpty() || infoHashes.size() > Requests.MAX_SCRAPE_HASHES) {
            throw new IllegalArgumentException("a scrape asks for 1 to " + Requests.MAX_SCRAPE_HASHES + " torrents");
        }
        List<byte[]> hashes = infoHashes.stream().map(byte[]::clone).toList();
        if (hashes.stream().anyMatch(h -> h.length != 20)) {
            throw new IllegalArgumentException("info-hashes must be 20 bytes");
        }
        TrackerUrl url;
        try {
            url = TrackerUrl.parse(tracker);
        } catch (MimException.Network e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(url, new Query.Scrape(hashes), null);
    }

    /** Datagrams dropped because their bytes made no sense (too short, broken peer list). */
    public synchronized long malformedDatagrams() {
        return endpoints.values().stream().mapToLong(e -> e.decoder().malformed()).sum();
    }

    /** Datagrams that answered nothing asked: unknown transaction id, wrong sender or action. */
    public synchronized long strayDatagrams() {
        return endpoints.values().stream().mapToLong(e -> e.dispatcher().stray()).sum();
    }

    private <T> CompletableFuture<T> submit(TrackerUrl url, Query<T> query, InetAddress local) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Endpoint endpoint;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new MimException.Network("udp tracker client is closed"));
            }
            endpoint = endpoint(local);
        }
        Dispatcher target = endpoint.dispatcher();
        endpoint.bound().addListener(f -> {
            if (f.isSuccess()) {
                target.begin(new Exchange<>(url, query, result, target));
            } else {
                result.completeExceptionally(new MimException.Network("cannot open a UDP socket for trackers"
                        + (local == null ? "" : " on " + local.getHostAddress()) + ": " + Reason.of(f.cause()),
                        f.cause()));
            }
        });
        return result;
    }

    /** The socket bound to {@code local}, opened now if it is not open yet (or its opening failed, or it closed). */
    private Endpoint endpoint(InetAddress local) {
        Endpoint e = endpoints.get(local);
        if (e != null && e.usable()) {
            return e;
        }
        if (group == null) {
            group = new NioEventLoopGroup(1, new DefaultThreadFactory("mim-tracker-udp", true));
        }
        Dispatcher d = new Dispatcher(local, retransmission, maxPending, nanoClock, this::lookup);
        ReplyDecoder r = new ReplyDecoder();
        ChannelFuture bound = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(r, d);
                    }
                })
                .bind(local == null ? new InetSocketAddress(0) : new InetSocketAddress(local, 0));
        e = new Endpoint(bound, d, r);
        endpoints.put(local, e);
        return e;
    }

    private CompletableFuture<InetAddress> lookup(String host) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) { // an IP address needs no lookup, nor a thread
            try {
                return CompletableFuture.completedFuture(InetAddress.getByAddress(host, literal));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<InetAddress> found = new CompletableFuture<>();
        try {
            lookups.execute(() -> {
                try {
                    found.complete(hostLookup.lookup(host));
                } catch (UnknownHostException | RuntimeException e) {
                    found.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            found.completeExceptionally(e); // closed: the exchange has failed already
        }
        return found;
    }

    /**
     * Fails every exchange in flight, closes the sockets and stops the lookup pool and an owned group.
     * Waits for them to stop unless called on the client's own event loop.
     */
    @Override
    public void close() {
        List<ChannelFuture> channels;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            channels = endpoints.values().stream().map(Endpoint::bound).toList();
        }
        lookups.shutdownNow();
        boolean onLoop = false;
        for (ChannelFuture channel : channels) {
            // Closing a channel fails its exchanges (Dispatcher.channelInactive).
            channel.channel().close();
            onLoop |= channel.channel().eventLoop().inEventLoop();
            if (!channel.channel().eventLoop().inEventLoop()) {
                channel.channel().closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        if (ownsGroup && group != null) {
            var terminated = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (!onLoop) {
                terminated.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }
}
