package mim.core.session;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.ProtocolViolation;

/**
 * One end of a peer connection written by hand over a blocking socket: the BEP 3 handshake with
 * the Fast and extension-protocol bits, then length-prefixed messages read and written one by
 * one. For tests that must see exactly what the engine sends, or send what it should refuse.
 *
 * <p>Not thread safe; one thread drives it. {@link #close} closes the socket.
 */
final class RawPeer implements AutoCloseable {
    static final int EXTENDED = 20;
    private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

    /** A message as it came: its id (-1 for a keep-alive) and payload. */
    record Received(int id, byte[] payload) {}

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private byte[] remoteReserved;

    RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /** Connects and exchanges handshakes about {@code infoHash}. */
    static RawPeer connect(InetSocketAddress to, byte[] infoHash, String peerIdPrefix) throws IOException {
        RawPeer p = new RawPeer(new Socket(to.getAddress(), to.getPort()));
        p.socket.setSoTimeout((int) Loopback.DEADLINE.toMillis());
        p.sendHandshake(infoHash, peerIdPrefix);
        p.readHandshake();
        return p;
    }

    void sendHandshake(byte[] infoHash, String peerIdPrefix) throws IOException {
        byte[] h = new byte[68];
        h[0] = (byte) PROTOCOL.length;
        System.arraycopy(PROTOCOL, 0, h, 1, PROTOCOL.length);
        h[25] = 0x10; // extension protocol
        h[27] = 0x04; // Fast
        System.arraycopy(infoHash, 0, h, 28, 20);
        byte[] id = Arrays.copyOf((peerIdPrefix + "00000000000000000000").getBytes(StandardCharsets.US_ASCII), 20);
        System.arraycopy(id, 0, h, 48, 20);
        out.write(h);
        out.flush();
    }

    /** Reads the other side's handshake; returns its info-hash. */
    byte[] readHandshake() throws IOException {
        byte[] h = new byte[68];
        in.readFully(h);
        remoteReserved = Arrays.copyOfRange(h, 20, 28);
        return Arrays.copyOfRange(h, 28, 48);
    }

    boolean remoteHasExtensionProtocol() {
        return (remoteReserved[5] & 0x10) != 0;
    }

    void send(int id, byte[] payload) throws IOException {
        queue(id, payload);
        flush();
    }

    /** Buffers a message; {@link #flush} sends what is buffered, in one go where it fits. */
    void queue(int id, byte[] payload) throws IOException {
        out.writeInt(1 + payload.length);
        out.write(id);
        out.write(payload);
    }

    void flush() throws IOException {
        out.flush();
    }

    void sendExtended(int extensionId, byte[] payload) throws IOException {
        byte[] body = new byte[1 + payload.length];
        body[0] = (byte) extensionId;
        System.arraycopy(payload, 0, body, 1, payload.length);
        send(EXTENDED, body);
    }

    Received read() throws IOException {
        int length = in.readInt();
        if (length == 0) {
            return new Received(-1, new byte[0]);
        }
        int id = in.readUnsignedByte();
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Received(id, payload);
    }

    /** Reads until an extended message arrives; returns its extension id and payload. */
    Received readExtended() throws IOException {
        while (true) {
            Received r = read();
            if (r.id() == EXTENDED) {
                return new Received(r.payload()[0] & 0xff, Arrays.copyOfRange(r.payload(), 1, r.payload().length));
            }
        }
    }

    /** Reads until the other side's extension handshake. */
    ExtensionHandshake readExtensionHandshake() throws IOException, ProtocolViolation {
        while (true) {
            Received r = readExtended();
            if (r.id() == 0) {
                return ExtensionHandshake.decode(r.payload());
            }
        }
    }

    /** Whether the other side closed: reads (and drops) messages until the end of the stream. */
    boolean closedByOtherSide() {
        try {
            while (true) {
                read();
            }
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
