package mim.core.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import mim.core.metadata.MetadataMessage;
import mim.core.wire.ExtensionHandshake;

/**
 * A peer that offers a torrent's metadata and then lets the fetcher down as its {@link Kind} says.
 * It listens on a loopback address of its own, takes connections one at a time, and answers each
 * handshake with the extension protocol.
 *
 * <p>Thread safety: one daemon thread serves; the accessors may be called from any thread. {@link
 * #close} closes the listener and the connection in hand and waits for the thread.
 */
final class MetadataPeer implements AutoCloseable {
    private static final int THEIR_UT_METADATA = 5;

    enum Kind {
        /** Answers every request with the info dictionary's bytes inverted. */
        CORRUPT,
        /** Announces a metadata size past BEP 9's limit. */
        OVERSIZED,
        /** Announces the right size and never answers a request. */
        SILENT
    }

    private final Kind kind;
    private final byte[] infoHash;
    private final byte[] info;
    private final ServerSocket server;
    private final Thread thread;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final CompletableFuture<Void> hungUp = new CompletableFuture<>();
    private volatile Socket current;
    private volatile boolean closing;

    MetadataPeer(Kind kind, byte[] infoHash, byte[] info, InetAddress host) throws IOException {
        this.kind = kind;
        this.infoHash = infoHash.clone();
        this.info = info.clone();
        this.server = new ServerSocket(0, 4, host);
        this.thread = new Thread(this::serve, "metadata-peer-" + kind);
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    int connections() {
        return connections.get();
    }

    /** ut_metadata requests received so far. */
    int requests() {
        return requests.get();
    }

    /** Completes when the fetcher first closed a connection. */
    CompletableFuture<Void> hungUp() {
        return hungUp;
    }

    private void serve() {
        while (!closing) {
            try (Socket s = server.accept(); RawPeer peer = new RawPeer(s)) {
                current = s;
                connections.incrementAndGet();
                converse(peer);
            } catch (IOException e) {
                if (!closing) {
                    hungUp.complete(null);
                }
            }
        }
    }

    private void converse(RawPeer peer) throws IOException {
        peer.readHandshake();
        peer.sendHandshake(infoHash, "-MP0001-");
        long size = kind == Kind.OVERSIZED ? MetadataMessage.MAX_METADATA_SIZE + 1L : info.length;
        peer.sendExtended(0, new ExtensionHandshake(Map.of(ExtensionHandshake.UT_METADATA, THEIR_UT_METADATA),
                Optional.of("metadata peer"), OptionalInt.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalLong.of(size), Optional.empty(), Optional.empty()).encode());
        while (true) {
            RawPeer.Received r = peer.readExtended();
            if (r.id() != THEIR_UT_METADATA) {
                continue;
            }
            requests.incrementAndGet();
            if (kind == Kind.CORRUPT) {
                int piece = ((MetadataMessage.Request) decode(r.payload())).piece();
                int from = piece * MetadataMessage.PIECE_SIZE;
                byte[] bytes = new byte[Math.min(MetadataMessage.PIECE_SIZE, info.length - from)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) ~info[from + i];
                }
                peer.sendExtended(ExtensionHandshake.OUR_UT_METADATA_ID,
                        new MetadataMessage.Data(piece, info.length, bytes).encode());
            }
        }
    }

    private static MetadataMessage decode(byte[] payload) throws IOException {
        try {
            return MetadataMessage.decode(payload);
        } catch (mim.core.wire.ProtocolViolation e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closing = true;
        server.close();
        Socket s = current;
        if (s != null) {
            s.close();
        }
        thread.join(10_000);
    }
}
