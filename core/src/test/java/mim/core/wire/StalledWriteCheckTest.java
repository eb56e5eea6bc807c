package mim.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.WriteTimeoutException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stalled-write check on real sockets over loopback: a peer that stops reading is dropped, one that reads is kept. */
class StalledWriteCheckTest {
    private static final int CHUNK = 64 * 1024;

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

    @AfterEach
    void stopThreads() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aPeerThatStopsReadingIsDroppedAfterTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel ch = connect(server.getLocalPort(), Duration.ofMillis(300));
            try (Socket silent = server.accept()) {
                // Far more than both sockets' buffers hold: the rest waits in the channel, unwritten.
                writeAndFlush(ch, 256);
                assertSame(WriteTimeoutException.INSTANCE, failure.get(60, TimeUnit.SECONDS));
                assertTrue(ch.closeFuture().await(10, TimeUnit.SECONDS), "the connection was not closed");
            }
        }
    }

    @Test
    void aPeerThatReadsEverythingKeepsItsConnectionPastTheTimeout() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        int chunks = 256;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel ch = connect(server.getLocalPort(), timeout);
            try (Socket reader = server.accept(); InputStream in = reader.getInputStream()) {
                writeAndFlush(ch, chunks);
                byte[] buf = new byte[CHUNK];
                long read = 0;
                while (read < (long) chunks * CHUNK) {
                    int n = in.read(buf);
                    assertTrue(n > 0, "the connection ended after " + read + " bytes");
                    read += n;
                }
                assertEquals((long) chunks * CHUNK, read);
                // Nothing is left to write: the checks that run meanwhile (every half second) see an empty buffer.
                Thread.sleep(timeout.toMillis() + timeout.toMillis() / 2);
                assertTrue(ch.isActive(), "the connection was closed");
                assertFalse(failure.isDone(), () -> "failed: " + failure.join());
            } finally {
                ch.close().syncUninterruptibly();
            }
        }
    }

    private Channel connect(int port, Duration timeout) throws InterruptedException {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new StalledWriteCheck(timeout), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                failure.complete(cause);
                            }
                        });
                    }
                })
                .connect(InetAddress.getLoopbackAddress(), port).sync().channel();
    }

    private static void writeAndFlush(Channel ch, int chunks) {
        ch.eventLoop().execute(() -> {
            for (int i = 0; i < chunks; i++) {
                ch.write(Unpooled.wrappedBuffer(new byte[CHUNK]), ch.voidPromise());
            }
            ch.flush();
        });
    }
}
