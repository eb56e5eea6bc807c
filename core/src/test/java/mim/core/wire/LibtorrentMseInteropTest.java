package mim.core.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.InfoHash;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real libtorrent 2.0 (Debian's python3-libtorrent, driven by
 * resources/mse/libtorrent_mse_peer.py) that accepts and makes only RC4-encrypted MSE
 * connections, on 127.0.0.1: we download a block from it, and serve one that it checks against
 * the piece hash. The script is stopped by its pid after each test.
 */
@ExtendWith(LeakCheck.class)
class LibtorrentMseInteropTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The script's torrent: one file of 2 * 16384 + 1000 bytes, byte i = 7 i + 3. */
    static final FileLayout LAYOUT = Fixtures.layout(16384, 2 * 16384 + 1000);
    static final byte[] CONTENT = new byte[(int) LAYOUT.totalLength()];

    static {
        for (int i = 0; i < CONTENT.length; i++) {
            CONTENT[i] = (byte) (7 * i + 3);
        }
    }

    @TempDir
    Path dir;
    final NioEventLoopGroup group = new NioEventLoopGroup(1);
    final List<RecordingHandler> handlers = new ArrayList<>();
    private Process script;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line taken from {@link #lines} so far, in order; test thread only. */
    private final List<String> said = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (script != null) {
            script.getOutputStream().close();
            if (!script.waitFor(10, TimeUnit.SECONDS)) {
                script.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        handlers.forEach(RecordingHandler::releaseAll);
    }

    private void start(String... args) throws IOException {
        assertTrue(Files.isExecutable(PYTHON), "python3 is not installed at " + PYTHON);
        Path copy = dir.resolve("libtorrent_mse_peer.py");
        try (var in = getClass().getResourceAsStream("/mse/libtorrent_mse_peer.py")) {
            assertNotNull(in, "the script is a test resource");
            Files.copy(in, copy);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), copy.toString()));
        command.addAll(List.of(args));
        script = new ProcessBuilder(command).redirectError(dir.resolve("stderr.log").toFile()).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the script ended
            }
        }, "libtorrent-script-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The first line from the script starting with {@code prefix}, in any order with the others; waits up to 30 s. */
    private String awaitLine(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; System.nanoTime() < deadline; ) {
            for (; i < said.size(); i++) {
                if (said.get(i).startsWith(prefix)) {
                    return said.get(i);
                }
            }
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                said.add(line);
            } else if (!script.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        return fail("no line '" + prefix + "' from the script; it said " + said + "; stderr: "
                + Files.readString(dir.resolve("stderr.log")));
    }

    /** Ends the script and returns what it wrote to stderr. */
    private String stopScript() throws Exception {
        script.getOutputStream().close();
        script.waitFor(10, TimeUnit.SECONDS);
        return Files.readString(dir.resolve("stderr.log"));
    }

    private void tell(String line) throws IOException {
        OutputStream in = script.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    @Test
    void downloadsABlockFromLibtorrentOverRc4() throws Exception {
        start("seed");
        String[] ready = awaitLine("ready ").split(" ");
        InetSocketAddress seed = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(ready[1]));
        InfoHash infoHash = InfoHash.fromHex(ready[2]);

        RecordingHandler leecher = new RecordingHandler() {
            @Override
            public void onHandshake(PeerConnection connection, Handshake remote) {
                super.onHandshake(connection, remote);
                connection.send(Message.INTERESTED);
            }

            @Override
            public void onMessage(Message message) {
                super.onMessage(message);
                if (message instanceof Message.Unchoke) {
                    connection.send(new Message.Request(new BlockRef(1, 0, 16384)));
                }
            }
        };
        handlers.add(leecher);
        // No Fast bit: a seed then announces itself with a bitfield rather than have all.
        WireConfig config = Fixtures.CONFIG.withReserved(Reserved.NONE).withEncryption(EncryptionPolicy.REQUIRE);
        PeerChannelInitializer.connect(new Bootstrap().group(group).channel(NioSocketChannel.class), seed, config,
                new TorrentBinding(infoHash, LAYOUT, leecher));

        Object first = leecher.next();
        if (!(first instanceof Handshake)) {
            fail("instead of a handshake: " + first + "; libtorrent's alerts:\n" + stopScript());
        }
        Handshake remote = (Handshake) first;
        assertEquals(infoHash, remote.infoHash());
        assertTrue(remote.peerId().toString().startsWith("-LT20"), remote.peerId().toString());
        BitSet all = new BitSet();
        all.set(0, LAYOUT.pieceCount());
        assertEquals(Message.Bitfield.of(LAYOUT.pieceCount(), all), leecher.next());
        Message.Piece piece = null;
        List<Object> others = new ArrayList<>();
        while (piece == null) {
            Object event = leecher.next();
            assertFalse(event instanceof CloseReason, () -> "closed: " + event + " after " + others);
            if (event instanceof Message.Piece p) {
                piece = p;
            } else {
                others.add(event);
            }
        }
        assertTrue(others.contains(Message.UNCHOKE), others.toString());
        assertEquals(new BlockRef(1, 0, 16384), piece.block());
        byte[] got = new byte[16384];
        piece.data().getBytes(piece.data().readerIndex(), got);
        assertArrayEquals(java.util.Arrays.copyOfRange(CONTENT, 16384, 2 * 16384), got);
        assertEquals("peer rc4", awaitLine("peer "), "libtorrent's view of the connection");
        leecher.connection.close("done");
    }

    @Test
    void servesABlockThatLibtorrentVerifiesOverRc4() throws Exception {
        AtomicReference<InfoHash> served = new AtomicReference<>();
        List<CloseReason> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        WireConfig config = Fixtures.CONFIG.withReserved(Reserved.NONE).withEncryption(EncryptionPolicy.PREFER);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(PeerChannelInitializer.incoming(config, infoHash -> {
                    if (!infoHash.equals(served.get())) {
                        return Optional.empty();
                    }
                    RecordingHandler seeder = seeder(closed);
                    synchronized (handlers) {
                        handlers.add(seeder);
                    }
                    return Optional.of(new TorrentBinding(infoHash, LAYOUT, seeder));
                }, () -> Optional.ofNullable(served.get()).stream().toList()))
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();

        start("leech", String.valueOf(((InetSocketAddress) server.localAddress()).getPort()));
        served.set(InfoHash.fromHex(awaitLine("torrent ").split(" ")[1]));
        tell("go");

        assertEquals("peer rc4", awaitLine("peer "), "libtorrent's view of the connection");
        assertEquals("piece 0", awaitLine("piece 0"), "piece 0 (one 16 KiB block) passed libtorrent's hash check");
        assertEquals(List.of(), closed, "no connection of ours failed");
        server.close().sync();
    }

    /**
     * Announces piece 0 only, unchokes whoever is interested and serves what it asks for. Having
     * nothing more to fetch, libtorrent keeps the connection open (a finished download would close
     * it), so the script can still see it when it reports its encryption.
     */
    static RecordingHandler seeder(List<CloseReason> closed) {
        return new RecordingHandler() {
            @Override
            public void onHandshake(PeerConnection connection, Handshake remote) {
                super.onHandshake(connection, remote);
                BitSet first = new BitSet();
                first.set(0);
                connection.send(Message.Bitfield.of(LAYOUT.pieceCount(), first));
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

            @Override
            public void onClosed(CloseReason reason) {
                super.onClosed(reason);
                if (reason.kind() != CloseReason.Kind.PEER_CLOSED) {
                    closed.add(reason);
                }
            }
        };
    }
}
