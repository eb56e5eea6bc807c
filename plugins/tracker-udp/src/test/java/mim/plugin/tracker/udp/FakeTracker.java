package mim.plugin.tracker.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A UDP tracker driven step by step by a test: {@link #receive} waits for the client's next
 * datagram, the test checks it and {@link #send}s what it wants back (or nothing, to lose it).
 * Used from the test's thread only.
 */
final class FakeTracker implements AutoCloseable {
    private static final int WAIT_MILLIS = 5_000;

    /** One datagram the client sent: its bytes, where from, and when it arrived. */
    record Received(ByteBuffer bytes, SocketAddress sender, long arrivedNanos) {
        long connectionId() {
            return bytes.getLong(0);
        }

        int action() {
            return bytes.getInt(8);
        }

        int transactionId() {
            return bytes.getInt(12);
        }
    }

    private final DatagramSocket socket;
    /** Every datagram received, by content (ByteBuffer compares its bytes). */
    private final Set<ByteBuffer> seen = new HashSet<>();

    FakeTracker() throws IOException {
        this(InetAddress.getLoopbackAddress());
    }

    /** A fake on 127.0.0.1, for field initialisers. */
    static FakeTracker open() {
        try {
            return new FakeTracker();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    FakeTracker(InetAddress address) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setSoTimeout(WAIT_MILLIS);
    }

    URI url(String pathAndQuery) {
        String host = socket.getLocalAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("udp://" + host + ":" + socket.getLocalPort() + pathAndQuery);
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * The next datagram that is not a copy of one seen before: resends are left out, so that a slow
     * test thread sees the same sequence as a fast one.
     */
    Received receive() throws IOException {
        while (true) {
            Received r = next();
            if (seen.add(r.bytes())) {
                return r;
            }
        }
    }

    /** The next datagram, resends included. */
    Received receiveAny() throws IOException {
        Received r = next();
        seen.add(r.bytes());
        return r;
    }

    private Received next() throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            fail("the client sent nothing within " + WAIT_MILLIS + " ms");
        }
        return new Received(ByteBuffer.wrap(Arrays.copyOf(buffer, packet.getLength())), packet.getSocketAddress(),
                System.nanoTime());
    }

    /** Waits for a connect request, checks every byte of it, and returns it. */
    Received receiveConnect() throws IOException {
        Received r = receive();
        assertEquals(16, r.bytes().limit(), "connect length");
        assertEquals(0x41727101980L, r.connectionId(), "protocol id");
        assertEquals(0, r.action(), "connect action");
        return r;
    }

    /** Nothing more arrives within {@code millis}. */
    void receiveNothingWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            socket.receive(packet);
            fail("unexpected datagram of " + packet.getLength() + " bytes");
        } catch (SocketTimeoutException expected) {
            // nothing came
        } finally {
            socket.setSoTimeout(WAIT_MILLIS);
        }
    }

    void send(SocketAddress to, byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    /** Answers a connect with this connection id. */
    void acceptConnect(Received connect, long connectionId) throws IOException {
        send(connect.sender(), ByteBuffer.allocate(16).putInt(0).putInt(connect.transactionId())
                .putLong(connectionId).array());
    }

    /** An announce answer: interval, leechers, seeders, then the raw peer entries. */
    static byte[] announced(int transactionId, int interval, int leechers, int seeders, byte[] peers) {
        return ByteBuffer.allocate(20 + peers.length).putInt(1).putInt(transactionId).putInt(interval)
                .putInt(leechers).putInt(seeders).put(peers).array();
    }

    static byte[] error(int transactionId, String message) {
        byte[] text = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + text.length).putInt(3).putInt(transactionId).put(text).array();
    }

    @Override
    public void close() {
        socket.close();
    }
}
