package mim.core.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.metainfo.InfoHash;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.PeerChannelInitializer;
import mim.core.wire.TorrentBinding;
import mim.core.wire.WireConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's sockets and network threads: the listener, which hands each incoming peer to whatever
 * its handshake's info-hash routes to, and the outgoing connections, bound to the listen host when
 * the session listens on one address (so that peers see one address of ours), with TCP_NODELAY and
 * the same write-buffer water marks both ways.
 *
 * <p>Listening: on the configured port, or the next free one of the 50 after it when it is taken;
 * port 0 picks any.
 *
 * <p>Thread safety: safe for use from any thread. Ownership: owns the event loop group and the
 * listening channel; {@link #close} releases both.
 */
final class PeerNetwork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerNetwork.class);
    /** Above the high mark a channel reports itself unwritable, which pauses reading from disk for it. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    private static final int PORTS_TRIED = 50;

    private final WireConfig wire;
    /** The outgoing side's wire for a peer that dropped our encrypted attempt (PREFER only). */
    private final WireConfig plainWire;
    private final EventLoopGroup group;
    private final InetAddress bindHost;
    private final Channel server;

    /**
     * Starts the threads and listens at {@code listenAddress}, routing incoming handshakes through
     * {@code route}; {@code served} lists the info-hashes an encrypted handshake may name.
     *
     * @throws MimException.Network if no port can be bound; the threads are released then
     */
    PeerNetwork(WireConfig wire, InetSocketAddress listenAddress, int threads,
                Function<InfoHash, Optional<TorrentBinding>> route, Supplier<List<InfoHash>> served)
            throws MimException.Network {
        this.wire = wire;
        this.plainWire = wire.withEncryption(EncryptionPolicy.DISABLE);
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("mim-net", true));
        InetAddress host = listenAddress.getAddress();
        this.bindHost = host != null && !host.isAnyLocalAddress() ? host : null;
        try {
            this.server = listen(listenAddress, route, served);
        } catch (MimException.Network e) {
            shutDownThreads();
            throw e;
        }
    }

    /** The loop for a new torrent or fetch, in turn. */
    EventLoop nextLoop() {
        return group.next();
    }

    /** The port we accept peers on. */
    int listenPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The one address we listen on, or null when we listen on every address. */
    InetAddress bindHost() {
        return bindHost;
    }

    /** Whether the address is our own listener. */
    boolean isOurs(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        return a.getPort() == listenPort()
                && (ip.isLoopbackAddress() || ip.isAnyLocalAddress() || ip.equals(bindHost));
    }

    /**
     * Connects to {@code remote} on {@code loop} for {@code binding}; {@code plain} drops encryption
     * for this attempt, for a peer that dropped an encrypted one.
     */
    void connect(EventLoop loop, InetSocketAddress remote, TorrentBinding binding, boolean plain) {
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
        if (bindHost != null) {
            b.localAddress(bindHost, 0);
        }
        PeerChannelInitializer.connect(b, remote, plain ? plainWire : wire, binding);
    }

    /** Stops listening, then ends the network threads (connections still open are closed). */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        shutDownThreads();
    }

    private Channel listen(InetSocketAddress want, Function<InfoHash, Optional<TorrentBinding>> route,
                           Supplier<List<InfoHash>> served) throws MimException.Network {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(PeerChannelInitializer.incoming(wire, route, served))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
        int tries = want.getPort() == 0 ? 1 : PORTS_TRIED;
        Throwable last = null;
        for (int i = 0; i < tries && want.getPort() + i <= 65535; i++) {
            InetSocketAddress at = new InetSocketAddress(want.getAddress(), want.getPort() + i);
            var future = b.bind(at).awaitUninterruptibly();
            if (future.isSuccess()) {
                InetSocketAddress bound = (InetSocketAddress) future.channel().localAddress();
                log.info("listening for peers on {}:{}", bound.getHostString(), bound.getPort());
                return future.channel();
            }
            last = future.cause();
            if (!(last instanceof BindException)) {
                break;
            }
        }
        throw new MimException.Network("cannot listen on " + want.getHostString() + ":" + want.getPort() + ": "
                + (last == null ? "no free port" : Reason.of(last)), last);
    }

    private void shutDownThreads() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
