package mim.core.wire;

import static mim.core.wire.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our pipeline at both ends of a real TCP connection on 127.0.0.1 (NIO transport). */
@ExtendWith(LeakCheck.class)
class LoopbackTest {
    static final PeerId SEEDER_ID = PeerId.of(ascii("-MM0001-seeder000000"));
    /** The torrent's content: byte i is 7 i + 3. */
    static final byte[] CONTENT = new byte[(int) LAYOUT.totalLength()];

    static {
        for (int i = 0; i < CONTENT.length; i++) {
            CONTENT[i] = (byte) (7 * i + 3);
        }
    }

    final NioEventLoopGroup group = new NioEventLoopGroup(2);
    final RecordingHandler leecher = new RecordingHandler() {
        @Override
        public void onHandshake(PeerConnection connection, Handshake remote) {
            super.onHandshake(connection, remote);
            connection.write(Message.Bitfield.of(LAYOUT.pieceCount(), new BitSet()));
            connection.send(Message.INTERESTED);
        }

        @Override
        public void onMessage(Message message) {
            super.onMessage(message);
            if (message instanceof Message.Unchoke) {
                connection.write(new Message.Request(new BlockRef(9, 0, 1000)));
                connection.send(new Message.Request(new BlockRef(0, 16384, 16384)));
            }
        }
    };
    /** The seeder's handler for each connection made to it. */
    final BlockingQueue<RecordingHandler> seeders = new LinkedBlockingQueue<>();

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        leecher.releaseAll();
        seeders.forEach(RecordingHandler::releaseAll);
    }

    static RecordingHandler seeder() {
        return new RecordingHandler() {
            @Override
            public void onHandshake(PeerConnection connection, Handshake remote) {
                super.onHandshake(connection, remote);
                connection.send(Message.HAVE_ALL);
            }

            @Override
            public void onMessage(Message message) {
                super.onMessage(message);
                if (message instanceof Message.Interested) {
                    connection.send(Message.UNCHOKE);
                } else if (message instanceof Message.Request r) {
                    int at = (int) LAYOUT.pieceOffset(r.block().piece()) + r.block().offset();
                    connection.send(new Message.Piece(r.block().piece(), r.block().offset(),
                            Unpooled.wrappedBuffer(CONTENT, at, r.block().length())));
                }
            }
        };
    }

    /** A seeder listening on 127.0.0.1, serving {@link Fixtures#INFO_HASH}. */
    Channel listen(WireConfig config) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(PeerChannelInitializer.incoming(config, infoHash -> {
                    if (!infoHash.equals(INFO_HASH)) {
                        return Optional.empty();
                    }
                    RecordingHandler handler = seeder();
                    seeders.add(handler);
                    return Optional.of(new TorrentBinding(INFO_HASH, LAYOUT, handler));
                }))
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    ChannelFuture connect(InetSocketAddress to, PeerHandler handler) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
        return PeerChannelInitializer.connect(bootstrap, to, CONFIG, new TorrentBinding(INFO_HASH, LAYOUT, handler));
    }

    static void assertBlock(Object event, BlockRef expected) {
        Message.Piece piece = assertInstanceOf(Message.Piece.class, event);
        assertEquals(expected, piece.block());
        byte[] got = new byte[expected.length()];
        piece.data().getBytes(piece.data().readerIndex(), got);
        int at = (int) LAYOUT.pieceOffset(expected.piece()) + expected.offset();
        assertArrayEquals(java.util.Arrays.copyOfRange(CONTENT, at, at + expected.length()), got);
    }

    @Test
    void exchangesHandshakeBitfieldRequestsAndPieces() throws Exception {
        Channel server = listen(CONFIG);
        ChannelFuture connecting = connect((InetSocketAddress) server.localAddress(), leecher);
        assertEquals(2000, connecting.channel().config().getConnectTimeoutMillis(), "--peer-connect-timeout");

        assertEquals(new Handshake(CONFIG.reserved(), INFO_HASH, OUR_ID), leecher.next(),
                "the seeder answers with our own fixture id, as both ends share CONFIG");
        assertEquals(Message.HAVE_ALL, leecher.next());
        assertEquals(Message.UNCHOKE, leecher.next());
        assertBlock(leecher.next(), new BlockRef(9, 0, 1000));
        assertBlock(leecher.next(), new BlockRef(0, 16384, 16384));
        assertTrue(leecher.connection.fastEnabled());
        leecher.connection.close("done");
        CloseReason ours = assertInstanceOf(CloseReason.class, leecher.next());
        assertEquals(CloseReason.Kind.CLOSED_BY_US, ours.kind());
        assertTrue(ours.message().startsWith("peer /127.0.0.1:") && ours.message().endsWith(": done"), ours.message());

        RecordingHandler seeder = seeders.poll(5, TimeUnit.SECONDS);
        assertNotNull(seeder);
        assertInstanceOf(Handshake.class, seeder.next());
        assertEquals(Message.Bitfield.of(LAYOUT.pieceCount(), new BitSet()), seeder.next());
        assertEquals(Message.INTERESTED, seeder.next());
        assertEquals(new Message.Request(new BlockRef(9, 0, 1000)), seeder.next());
        assertEquals(new Message.Request(new BlockRef(0, 16384, 16384)), seeder.next());
        assertEquals(CloseReason.Kind.PEER_CLOSED, assertInstanceOf(CloseReason.class, seeder.next()).kind());
        server.close().sync();
    }

    @Test
    void reportsAFailedConnectionToTheHandler() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), leecher);
        CloseReason reason = assertInstanceOf(CloseReason.class, leecher.next());
        assertEquals(CloseReason.Kind.CONNECT_FAILED, reason.kind(), reason.message());
        assertTrue(leecher.drain().isEmpty(), "reported once, and nothing else");
    }

    @Test
    void sendsKeepAlivesWhenIdleAndDropsAPeerThatSendsNothing() throws Exception {
        WireConfig quick = CONFIG.withTimeouts(Duration.ofMillis(100), Duration.ofMillis(600), Duration.ofSeconds(2));
        Channel server = listen(quick);
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), ((InetSocketAddress) server.localAddress()).getPort())) {
            silent.setSoTimeout(5000);
            silent.getOutputStream().write(handshake(Reserved.NONE.with(Reserved.FAST), INFO_HASH, SEEDER_ID));
            DataInputStream in = new DataInputStream(silent.getInputStream());
            in.readFully(new byte[Handshake.LENGTH]);
            assertEquals(1, in.readInt(), "have all's length");
            assertEquals(Message.HAVE_ALL_ID, in.readUnsignedByte());
            // The seeder has nothing more to say: keep-alives, then the close after 600 ms of silence.
            int keepAlives = 0;
            try {
                while (true) {
                    assertEquals(0, in.readInt(), "only keep-alives follow");
                    keepAlives++;
                }
            } catch (java.io.EOFException closed) {
                // expected: the seeder dropped us
            } catch (IOException reset) {
                // a reset is as good a close as a FIN here
            }
            assertTrue(keepAlives >= 1, "keep-alives sent while idle: " + keepAlives);
        }
        RecordingHandler seeder = seeders.poll(5, TimeUnit.SECONDS);
        assertNotNull(seeder);
        assertInstanceOf(Handshake.class, seeder.next());
        CloseReason reason = assertInstanceOf(CloseReason.class, seeder.next());
        assertEquals(CloseReason.Kind.TIMEOUT, reason.kind(), reason.message());
        assertTrue(reason.message().endsWith("sent nothing for 600 ms"), reason.message());
        server.close().sync();
    }
}
