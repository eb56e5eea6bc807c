package mim.plugin.httpapi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.HttpMount;
import mim.core.spi.LogFeed;
import mim.core.spi.SessionControl;

/**
 * The API's HTTP server: Netty's HTTP codec on an event-loop group of its own (never the torrents'
 * loops), every limit set here where the pipeline is built. A connection's pipeline, in order:
 * {@link ConnectionLimit}, the idle timer, the codec (request line and headers capped), the
 * {@link RequestGuard} (every security check, before any route), the body aggregator (capped), and
 * the {@link ApiHandler} that routes.
 *
 * <p>Lifecycle: {@link #start} binds; {@link #close} closes the listener and every connection and
 * stops the threads (closing again does nothing). Thread safety: both from one thread.
 */
final class ApiServer implements AutoCloseable {
    private static final int THREADS = 2;
    private static final int MAX_LINE_BYTES = 4096;

    private final NioEventLoopGroup group;
    private final Channel listener;
    private final Set<StreamWriter> streams;
    private boolean closed;

    private ApiServer(NioEventLoopGroup group, Channel listener, Set<StreamWriter> streams) {
        this.group = group;
        this.listener = listener;
        this.streams = streams;
    }

    /**
     * @throws MimException.Network if the address cannot be bound (in use, not ours)
     */
    static ApiServer start(ApiSettings settings, SessionControl session, List<HttpMount> mounts, String version,
            LogFeed logs) throws MimException.Network {
        Router router = new Router(mounts, session, settings.auth());
        ReadRoutes.install(router, session, version);
        WriteRoutes.install(router, session);
        LimitRoutes.install(router, session);
        CategoryRoutes.install(router, session);
        StreamRoutes.install(router, session);
        WatchRoutes.install(router, session, logs);
        DhtRoutes.install(router, session);
        return start(settings, router);
    }

    /**
     * Serves the routes of {@code router}.
     *
     * @throws MimException.Network if the address cannot be bound (in use, not ours)
     */
    static ApiServer start(ApiSettings settings, Router router) throws MimException.Network {
        ConnectionLimit limit = new ConnectionLimit(settings.maxConnections());
        Set<StreamWriter> streams = ConcurrentHashMap.newKeySet();
        NioEventLoopGroup group = new NioEventLoopGroup(THREADS, new DefaultThreadFactory("mim-http", true));
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(limit);
                        p.addLast(new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        p.addLast(new HttpServerCodec(MAX_LINE_BYTES, settings.maxHeaderBytes(), 64 * 1024));
                        p.addLast(new RequestGuard(settings, router));
                        p.addLast(new BoundedAggregator(settings.maxBodyBytes()));
                        p.addLast(new ApiHandler(router, streams));
                    }
                });
        try {
            Channel listener = bootstrap.bind(settings.listen()).syncUninterruptibly().channel();
            return new ApiServer(group, listener, streams);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new MimException.Network("the HTTP API cannot listen on " + settings.listen().getAddress()
                    .getHostAddress() + ":" + settings.listen().getPort() + ": " + Reason.of(e), e);
        }
    }

    /** Where it listens; the port the system chose when asked for 0. */
    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.close().syncUninterruptibly();
        // An event stream ends as a whole answer (its last chunk) rather than cut: a browser reports a
        // cut one as an error. The tasks ending them run before the threads stop.
        streams.forEach(StreamWriter::end);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Gathers a body up to the limit; past it answers 413 in the API's shape and closes. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        private final int max;

        BoundedAggregator(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            Responses.refuse(ctx, RequestGuard.tooLarge(max));
        }
    }
}
