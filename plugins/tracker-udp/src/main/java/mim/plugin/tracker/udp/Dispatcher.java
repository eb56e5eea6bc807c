package mim.plugin.tracker.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import mim.core.MimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchanges in flight on one UDP channel: hands out transaction ids, routes each reply to the
 * exchange that holds its id (when it comes from that exchange's tracker), keeps the connection ids,
 * and fails every exchange when the channel closes.
 *
 * <p>Bounded: at most {@code maxPending} exchanges at once; more fail at once rather than queue.
 * Transaction ids are random (BEP 15), so a datagram forged without seeing ours matches nothing.
 *
 * <p>One per channel, never sharable. All state is owned by the channel's event loop; {@link #begin}
 * and {@link #execute} may be called from any thread, {@link #stray} read from any.
 */
final class Dispatcher extends SimpleChannelInboundHandler<Reply.From> {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int TRACKERS_REMEMBERED = 256;

    private final InetAddress local;
    private final Retransmission retransmission;
    private final int maxPending;
    private final Function<String, CompletableFuture<InetAddress>> lookup;
    private final ConnectionIds connectionIds;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Exchange<?>> byTransaction = new HashMap<>();
    private final Set<Exchange<?>> active = new LinkedHashSet<>();
    private final AtomicLong stray = new AtomicLong();
    private volatile ChannelHandlerContext ctx;

    /**
     * @param local the address the channel is bound to, or null for the wildcard
     */
    Dispatcher(InetAddress local, Retransmission retransmission, int maxPending, LongSupplier nanoClock,
            Function<String, CompletableFuture<InetAddress>> lookup) {
        this.local = local;
        this.retransmission = retransmission;
        this.maxPending = maxPending;
        this.lookup = lookup;
        this.connectionIds = new ConnectionIds(nanoClock, TRACKERS_REMEMBERED);
    }

    /** The address the channel is bound to, or null for the wildcard. */
    InetAddress local() {
        return local;
    }

    /** Well-formed datagrams that answered nothing we asked: unknown transaction, wrong sender or action. */
    long stray() {
        return stray.get();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts an exchange on the loop, or fails it when the channel is closed or too many are in flight. */
    void begin(Exchange<?> exchange) {
        execute(() -> {
            if (!ctx.channel().isActive()) {
                exchange.fail(closed());
            } else if (active.size() >= maxPending) {
                exchange.fail(new MimException.Network(
                        "too many udp tracker requests in flight (at most " + maxPending + ")"));
            } else {
                active.add(exchange);
                exchange.start();
            }
        });
    }

    /** Runs a task on the loop; dropped when the loop is gone, as every exchange has ended by then. */
    void execute(Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            // shutting down: channelInactive already failed every exchange
        }
    }

    CompletableFuture<InetAddress> lookup(String host) {
        return lookup.apply(host);
    }

    ConnectionIds connectionIds() {
        return connectionIds;
    }

    Retransmission retransmission() {
        return retransmission;
    }

    /** A fresh transaction id, routed to {@code exchange} until it is unregistered. */
    int register(Exchange<?> exchange) {
        int id;
        do {
            id = random.nextInt();
        } while (byTransaction.containsKey(id));
        byTransaction.put(id, exchange);
        return id;
    }

    void unregister(Exchange<?> exchange, int transactionId) {
        byTransaction.remove(transactionId, exchange);
    }

    /** The exchange ended: forget it. */
    void finished(Exchange<?> exchange, int transactionId) {
        unregister(exchange, transactionId);
        active.remove(exchange);
    }

    ByteBuf buffer(int initialCapacity) {
        return ctx.alloc().buffer(initialCapacity);
    }

    /** Sends a request; the buffer is the channel's from here on. A failed send shows as a timeout. */
    void send(ByteBuf request, InetSocketAddress tracker) {
        ctx.writeAndFlush(new DatagramPacket(request, tracker));
    }

    ScheduledFuture<?> schedule(Runnable task, long nanos) {
        return ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Reply.From from) {
        Exchange<?> exchange = byTransaction.get(from.reply().transactionId());
        if (exchange == null || !from.sender().equals(exchange.tracker()) || !exchange.onReply(from.reply())) {
            stray.incrementAndGet();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Exchange<?> exchange : new ArrayList<>(active)) {
            exchange.fail(closed());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failed read on a UDP socket costs that datagram only; each exchange's timer covers the loss.
        LOG.debug("udp tracker socket: {}", cause.toString());
    }

    private static MimException.Network closed() {
        return new MimException.Network("udp tracker client is closed");
    }
}
