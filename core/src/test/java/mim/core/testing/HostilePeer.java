package mim.core.testing;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mim.core.metainfo.FileLayout;

/**
 * A BitTorrent peer written to attack a downloader: it listens on a loopback address, takes the
 * connections the downloader opens, answers its handshake (plain protocol, no extensions) and then
 * misbehaves as its {@link Attack} says, on every connection, until the downloader hangs up.
 *
 * <p>It records how many connections it was given and when the first one was closed from the other
 * side; a connection it gave up itself (its attack sent, nothing more to say) is held open, reading,
 * so any close it sees is the downloader's.
 *
 * <p>Thread safety: one daemon thread serves the connections one at a time; the accessors may be
 * called from any thread. Ownership: {@link #close} closes the listening socket and the connection
 * in hand and waits for the thread.
 */
public final class HostilePeer implements AutoCloseable {
    private static final int HANDSHAKE = 68;
    private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    private static final int BLOCK = 16 * 1024;

    /** How to misbehave once connected. */
    public enum Attack {
        /** None: announces every piece, unchokes, and serves the content right (a control). */
        NONE,
        /** Not an attack but a quirk aria2 has: a have before its bitfield; then it serves right. */
        LATE_BITFIELD,
        /** As {@link #NONE}, but every byte it serves is inverted. */
        CORRUPT_DATA,
        /** Announces every piece, unchokes, and at the first request sends every block of the torrent, right. */
        UNREQUESTED_BLOCKS,
        /** A message length prefix of 2^31. */
        HUGE_LENGTH_PREFIX,
        /** A bitfield with the bits past the last piece set. */
        BITFIELD_SPARE_BITS,
        /** A bitfield one byte longer than the torrent's. */
        BITFIELD_WRONG_LENGTH,
        /** A have naming the piece after the last one. */
        HAVE_BEYOND_LAST_PIECE,
        /** A handshake naming another torrent. */
        WRONG_INFO_HASH,
        /** Bytes that are no BitTorrent message right after the handshake. */
        GARBAGE_AFTER_HANDSHAKE,
        /** Accepts the connection and never sends a byte, not even a handshake. */
        SILENT,
        /** Interested, then thousands of requests for pieces the downloader lacks, then one past a piece's end. */
        REQUEST_FLOOD,
        /** A piece message framed at 16 MiB, its bytes following. */
        HUGE_PIECE,
        /** As {@link #NONE}, but one block in five it sends is inverted (which ones, its seed says). */
        SOMETIMES_CORRUPT,
        /** Announces every piece but has only half of them (which, its seed says): asked for another, it says nothing. */
        CLAIMS_MISSING_PIECES,
        /** As {@link #NONE}, but sends every block it is asked for twice. */
        DUPLICATE_BLOCKS,
        /**
         * Serves right the pieces it is asked for from their first block, and inverts the blocks of
         * pieces others started: its lies only ever land in pieces it shares, so no failure names it alone.
         */
        LIES_IN_SHARED_PIECES
    }

    private final Attack attack;
    private final long seed;
    private final byte[] infoHash;
    private final FileLayout layout;
    private final byte[] content;
    private final ServerSocket server;
    private final Thread thread;
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<InetAddress, Integer> connectionsByAddress = new ConcurrentHashMap<>();
    private final Map<InetAddress, CompletableFuture<Long>> hangUpsByAddress = new ConcurrentHashMap<>();
    private final AtomicInteger blocksSent = new AtomicInteger();
    private final AtomicInteger liesTold = new AtomicInteger();
    private final CompletableFuture<Long> hungUp = new CompletableFuture<>();
    private volatile Socket current;
    private volatile boolean closing;

    private HostilePeer(Attack attack, long seed, byte[] infoHash, FileLayout layout, byte[] content, InetAddress host)
            throws IOException {
        if (content.length != layout.totalLength()) {
            throw new IllegalArgumentException("content of " + content.length + " bytes for a torrent of "
                    + layout.totalLength());
        }
        this.attack = attack;
        this.seed = seed;
        this.infoHash = infoHash.clone();
        this.layout = layout;
        this.content = content;
        this.server = new ServerSocket(0, 4, host);
        this.thread = new Thread(this::serve, "hostile-" + attack);
        thread.setDaemon(true);
    }

    /**
     * Listens on {@code host} (a loopback address; bans are by address, so give it one of its own)
     * for connections about the torrent of {@code infoHash} (its 20 bytes), {@code layout} and
     * {@code content} (the torrent's bytes, which it serves right or wrong; not copied).
     */
    public static HostilePeer start(Attack attack, byte[] infoHash, FileLayout layout, byte[] content,
                                    InetAddress host) throws IOException {
        return start(attack, 0, infoHash, layout, content, host);
    }

    /** As {@link #start(Attack, byte[], FileLayout, byte[], InetAddress)}, {@code seed} choosing which blocks or pieces an attack spoils. */
    public static HostilePeer start(Attack attack, long seed, byte[] infoHash, FileLayout layout, byte[] content,
                                    InetAddress host) throws IOException {
        HostilePeer peer = new HostilePeer(attack, seed, infoHash, layout, content, host);
        peer.thread.start();
        return peer;
    }

    public Attack attack() {
        return attack;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Connections the downloader opened to us so far. */
    public int connections() {
        return connections.get();
    }

    /**
     * Connections opened to us from {@code address} so far: another program in the swarm may dial
     * us too once it hears of us (a downloader's peer exchange tells its peers whom it knows).
     */
    public int connectionsFrom(InetAddress address) {
        return connectionsByAddress.getOrDefault(address, 0);
    }

    /** Completes with {@link System#nanoTime()} when {@code address} first closed a connection to us. */
    public CompletableFuture<Long> hungUpBy(InetAddress address) {
        return hangUpsByAddress.computeIfAbsent(address, a -> new CompletableFuture<>());
    }

    /** Blocks it answered requests with so far, right or wrong. */
    public int blocksSent() {
        return blocksSent.get();
    }

    /** Blocks it sent wrong so far. */
    public int liesTold() {
        return liesTold.get();
    }

    /** Completes with {@link System#nanoTime()} when the downloader first closed a connection. */
    public CompletableFuture<Long> hungUp() {
        return hungUp;
    }

    /** Waits until the downloader closed a connection; fails after {@code deadline}. */
    public void awaitHangUp(Duration deadline) throws Exception {
        hungUp.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        closing = true;
        server.close();
        Socket s = current;
        if (s != null) {
            s.close();
        }
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void serve() {
        while (!closing) {
            try (Socket s = server.accept()) {
                current = s;
                connections.incrementAndGet();
                connectionsByAddress.merge(s.getInetAddress(), 1, Integer::sum);
                converse(s);
            } catch (IOException e) {
                // The listener was closed, or one connection failed; the next accept tells which.
            }
        }
    }

    private void converse(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
        try {
            in.readFully(new byte[HANDSHAKE]);
            if (attack != Attack.SILENT) {
                out.write(handshake(attack == Attack.WRONG_INFO_HASH));
                misbehave(in, out);
                out.flush();
            }
            while (in.read() >= 0) {
                // Everything the downloader says from now on is ignored; only its hanging up counts.
            }
            hangUp(s);
        } catch (EOFException | SocketException e) {
            if (!closing) {
                hangUp(s);
            }
        }
    }

    private void hangUp(Socket s) {
        long now = System.nanoTime();
        hungUp.complete(now);
        hungUpBy(s.getInetAddress()).complete(now);
    }

    private void misbehave(DataInputStream in, DataOutputStream out) throws IOException {
        int pieces = layout.pieceCount();
        switch (attack) {
            case NONE, CORRUPT_DATA, SOMETIMES_CORRUPT, CLAIMS_MISSING_PIECES, DUPLICATE_BLOCKS, LIES_IN_SHARED_PIECES -> {
                announceAllAndUnchoke(out);
                serve(in, out);
            }
            case LATE_BITFIELD -> {
                message(out, 4, int32(0));
                announceAllAndUnchoke(out);
                serve(in, out);
            }
            case UNREQUESTED_BLOCKS -> {
                announceAllAndUnchoke(out);
                awaitRequest(in);
                for (int p = 0; p < pieces; p++) {
                    for (int offset = 0; offset < layout.pieceSize(p); offset += BLOCK) {
                        // The content's own bytes: the attack is that nobody asked, not what is sent.
                        int start = (int) (layout.pieceOffset(p) + offset);
                        piece(out, p, offset, Arrays.copyOfRange(content, start,
                                start + Math.min(BLOCK, layout.pieceSize(p) - offset)));
                    }
                }
            }
            case HUGE_LENGTH_PREFIX -> out.write(new byte[] {(byte) 0x80, 0, 0, 0, 7, 0, 0, 0, 0});
            case BITFIELD_SPARE_BITS -> {
                byte[] bits = new byte[bitfieldBytes()];
                Arrays.fill(bits, (byte) 0xff);
                message(out, 5, bits);
            }
            case BITFIELD_WRONG_LENGTH -> message(out, 5, new byte[bitfieldBytes() + 1]);
            case HAVE_BEYOND_LAST_PIECE -> message(out, 4, int32(pieces));
            case GARBAGE_AFTER_HANDSHAKE -> out.write("GET /announce HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            case REQUEST_FLOOD -> {
                message(out, 2, new byte[0]);
                for (int i = 0; i < 10_000; i++) {
                    int p = i % pieces;
                    message(out, 6, block(p, 0, Math.min(BLOCK, layout.pieceSize(p))));
                }
                int last = pieces - 1;
                message(out, 6, block(last, layout.pieceSize(last), BLOCK));
            }
            case HUGE_PIECE -> {
                int length = 16 << 20;
                out.writeInt(1 + 8 + length);
                out.write(7);
                out.write(block(0, 0, 0), 0, 8);
                out.write(new byte[length]);
            }
            case WRONG_INFO_HASH, SILENT -> {
                // The handshake was the attack, or its absence is.
            }
        }
    }

    private void announceAllAndUnchoke(DataOutputStream out) throws IOException {
        byte[] bits = new byte[bitfieldBytes()];
        for (int p = 0; p < layout.pieceCount(); p++) {
            bits[p / 8] |= (byte) (0x80 >>> (p % 8));
        }
        message(out, 5, bits);
        message(out, 1, new byte[0]);
        out.flush();
    }

    /** Reads messages until the downloader's first request. */
    private static void awaitRequest(DataInputStream in) throws IOException {
        while (true) {
            int length = in.readInt();
            byte[] body = new byte[length];
            in.readFully(body);
            if (length == 13 && body[0] == 6) {
                return;
            }
        }
    }

    /**
     * Answers requests with the content's blocks, until the downloader hangs up: inverted ones for
     * {@link Attack#CORRUPT_DATA} and one in five for {@link Attack#SOMETIMES_CORRUPT}, none for the
     * pieces {@link Attack#CLAIMS_MISSING_PIECES} lacks, each twice for {@link Attack#DUPLICATE_BLOCKS}, and
     * those of pieces others started for {@link Attack#LIES_IN_SHARED_PIECES}.
     */
    private void serve(DataInputStream in, DataOutputStream out) throws IOException {
        long sent = seed;
        Set<Integer> startedHere = new HashSet<>();
        while (true) {
            int length = in.readInt();
            byte[] body = new byte[length];
            in.readFully(body);
            if (length != 13 || body[0] != 6) {
                continue;
            }
            int piece = readInt32(body, 1);
            int offset = readInt32(body, 5);
            if (attack == Attack.CLAIMS_MISSING_PIECES && (piece + seed) % 2 == 1) {
                continue;
            }
            int from = (int) (layout.pieceOffset(piece) + offset);
            byte[] data = Arrays.copyOfRange(content, from, from + readInt32(body, 9));
            if (offset == 0) {
                startedHere.add(piece);
            }
            boolean corrupt = switch (attack) {
                case CORRUPT_DATA -> true;
                case SOMETIMES_CORRUPT -> sent % 5 == 0;
                case LIES_IN_SHARED_PIECES -> !startedHere.contains(piece);
                default -> false;
            };
            if (corrupt) {
                liesTold.incrementAndGet();
            }
            for (int i = 0; corrupt && i < data.length; i++) {
                data[i] = (byte) ~data[i];
            }
            sent++;
            blocksSent.incrementAndGet();
            piece(out, piece, offset, data);
            if (attack == Attack.DUPLICATE_BLOCKS) {
                piece(out, piece, offset, data);
            }
            out.flush();
        }
    }

    private byte[] handshake(boolean wrongTorrent) {
        byte[] h = new byte[HANDSHAKE];
        h[0] = (byte) PROTOCOL.length;
        System.arraycopy(PROTOCOL, 0, h, 1, PROTOCOL.length);
        byte[] hash = infoHash.clone();
        if (wrongTorrent) {
            hash[0] ^= 1;
        }
        System.arraycopy(hash, 0, h, 28, 20);
        byte[] id = ("-HP0001-" + attack.ordinal()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, h, 48, id.length);
        return h;
    }

    private int bitfieldBytes() {
        return (layout.pieceCount() + 7) / 8;
    }

    private static void piece(DataOutputStream out, int piece, int offset, byte[] data) throws IOException {
        out.writeInt(9 + data.length);
        out.write(7);
        out.writeInt(piece);
        out.writeInt(offset);
        out.write(data);
    }

    private static void message(DataOutputStream out, int id, byte[] payload) throws IOException {
        out.writeInt(1 + payload.length);
        out.write(id);
        out.write(payload);
    }

    private static byte[] block(int piece, int offset, int length) {
        byte[] b = new byte[12];
        System.arraycopy(int32(piece), 0, b, 0, 4);
        System.arraycopy(int32(offset), 0, b, 4, 4);
        System.arraycopy(int32(length), 0, b, 8, 4);
        return b;
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static int readInt32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
