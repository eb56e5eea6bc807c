package mim.core.testing;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.ProtocolViolation;

/**
 * A peer of a torrent that has no metadata and no data, but speaks the extension protocol (BEP 10):
 * the peer a magnet link may name whose only use is what it says under an extension, such as the
 * peers it knows of over ut_pex. It listens on a loopback address, takes connections one at a time,
 * answers each handshake with the extension bit, announces the extensions it was given (without
 * {@code metadata_size}) and reads what comes until the other side hangs up. A test sends extension
 * messages on the connection in hand, under the ids the other side chose.
 *
 * <p>Thread safety: one daemon thread accepts and reads; the other methods may be called from any
 * thread (sending is serialised). Ownership: {@link #close} closes the listener and the connection in
 * hand and waits for the thread.
 */
public final class MetadataLessPeer implements AutoCloseable {
    private static final int HANDSHAKE = 68;
    private static final int EXTENDED = 20;
    private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    /** Numbers the instances, so that each has a peer id of its own. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final byte[] infoHash;
    private final byte[] peerId;
    private final Map<String, Integer> extensions;
    private final ServerSocket server;
    private final Thread thread;
    private final AtomicInteger connections = new AtomicInteger();
    private final CompletableFuture<ExtensionHandshake> theirHandshake = new CompletableFuture<>();
    private final CompletableFuture<Void> hungUp = new CompletableFuture<>();
    private volatile Connection current;
    private volatile boolean closing;

    private MetadataLessPeer(byte[] infoHash, Map<String, Integer> extensions, InetAddress host) throws IOException {
        this.infoHash = infoHash.clone();
        this.peerId = String.format("-ML0001-%012d", INSTANCES.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
        this.extensions = Map.copyOf(extensions);
        this.server = new ServerSocket(0, 4, host);
        this.thread = new Thread(this::serve, "metadata-less-peer");
        thread.setDaemon(true);
    }

    /**
     * Listens on {@code host} (a loopback address of its own) for connections about the torrent of
     * {@code infoHash} (20 bytes), announcing {@code extensions} (name to the id it wants messages under).
     */
    public static MetadataLessPeer start(byte[] infoHash, Map<String, Integer> extensions, InetAddress host)
            throws IOException {
        MetadataLessPeer peer = new MetadataLessPeer(infoHash, extensions, host);
        peer.thread.start();
        return peer;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Connections taken so far. */
    public int connections() {
        return connections.get();
    }

    /** The extension handshake the first connection's other side sent; fails after {@code deadline}. */
    public ExtensionHandshake awaitTheirHandshake(Duration deadline) throws Exception {
        return theirHandshake.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes when the other side first closed a connection. */
    public CompletableFuture<Void> hungUp() {
        return hungUp;
    }

    /**
     * Sends {@code payload} as a message of extension {@code name} on the connection in hand, under the
     * id the other side's first handshake gave it.
     *
     * @throws IllegalStateException if no connection is in hand or the other side did not enable {@code name}
     */
    public void sendExtended(String name, byte[] payload) throws IOException {
        Connection c = current;
        OptionalInt id = theirHandshake.isDone() ? theirHandshake.join().idOf(name) : OptionalInt.empty();
        if (c == null || id.isEmpty()) {
            throw new IllegalStateException("no connection that enabled " + name);
        }
        c.sendExtended(id.getAsInt(), payload);
    }

    /** Sends another extension handshake on the connection in hand: {@code changes} maps names to ids, 0 to withdraw. */
    public void sendHandshake(Map<String, Integer> changes) throws IOException {
        Connection c = current;
        if (c == null) {
            throw new IllegalStateException("no connection in hand");
        }
        c.sendExtended(0, handshake(changes).encode());
    }

    @Override
    public void close() throws IOException {
        closing = true;
        server.close();
        Connection c = current;
        if (c != null) {
            c.socket.close();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        while (!closing) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                Connection c = new Connection(s);
                current = c;
                c.converse();
            } catch (IOException | ProtocolViolation e) {
                // The listener was closed, or the other side hung up or broke the protocol.
            }
            if (!closing) {
                hungUp.complete(null);
            }
        }
    }

    private static ExtensionHandshake handshake(Map<String, Integer> m) {
        return new ExtensionHandshake(m, Optional.of("metadata-less peer"), OptionalInt.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    /** One connection: read on the serving thread, written to from any. */
    private final class Connection {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        }

        void converse() throws IOException, ProtocolViolation {
            in.readFully(new byte[HANDSHAKE]);
            byte[] h = new byte[HANDSHAKE];
            h[0] = (byte) PROTOCOL.length;
            System.arraycopy(PROTOCOL, 0, h, 1, PROTOCOL.length);
            h[25] = 0x10; // the extension protocol
            System.arraycopy(infoHash, 0, h, 28, 20);
            System.arraycopy(peerId, 0, h, 48, 20);
            synchronized (this) {
                out.write(h);
                out.flush();
            }
            sendExtended(0, handshake(extensions).encode());
            while (true) {
                int length = in.readInt();
                if (length == 0) {
                    continue;
                }
                byte[] body = new byte[length];
                in.readFully(body);
                if (body[0] == EXTENDED && length > 1 && body[1] == 0) {
                    byte[] payload = new byte[length - 2];
                    System.arraycopy(body, 2, payload, 0, payload.length);
                    theirHandshake.complete(ExtensionHandshake.decode(payload));
                }
            }
        }

        synchronized void sendExtended(int extensionId, byte[] payload) throws IOException {
            out.writeInt(2 + payload.length);
            out.write(EXTENDED);
            out.write(extensionId);
            out.write(payload);
            out.flush();
        }
    }
}
