package mim.plugin.dht;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static mim.plugin.dht.Network.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node under traffic from a plain socket: broken datagrams are dropped and counted, the node
 * keeps answering, and one source cannot make it answer more than its limit.
 */
class HostileTrafficTest {
    @TempDir
    Path dir;
    private Network network;
    private DatagramSocket socket;
    private final NodeId us = NodeId.random(new Random(19));

    @BeforeEach
    void open() throws IOException {
        network = new Network(dir);
        socket = new DatagramSocket(new InetSocketAddress(Network.LOOPBACK, 0));
        socket.setSoTimeout(10_000);
    }

    @AfterEach
    void close() {
        socket.close();
        network.close();
    }

    private void send(DhtNode node, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, node.localAddress()));
    }

    private Krpc receive() throws Exception {
        byte[] buffer = new byte[2048];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.receive(p);
        return KrpcCodec.decode(java.util.Arrays.copyOf(buffer, p.getLength()));
    }

    private byte[] ping(int tid) {
        return KrpcCodec.encode(new Krpc.Ping(new byte[] {(byte) tid}, us));
    }

    @Test
    void dropsAndCountsWhatIsNoMessageAndStillAnswers() throws Exception {
        DhtNode node = network.start(List.of());
        send(node, "garbage".getBytes(ISO_8859_1));
        send(node, "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:q".getBytes(ISO_8859_1));
        send(node, new byte[3000]);
        send(node, "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:xe".getBytes(ISO_8859_1));
        send(node, KrpcCodec.encode(Krpc.Response.of(new byte[] {1, 2}, us)));
        send(node, KrpcCodec.encode(new Krpc.Error(new byte[] {3}, 201, "nothing asked")));
        send(node, KrpcCodec.encode(new Krpc.UnknownQuery(new byte[] {4}, us, "sample_everything")));
        send(node, ping(5));

        Krpc.Error refused = assertInstanceOf(Krpc.Error.class, receive());
        assertEquals(Krpc.Error.METHOD_UNKNOWN, refused.code());
        Krpc.Response pong = assertInstanceOf(Krpc.Response.class, receive());
        assertEquals(node.id(), pong.sender());

        DhtCounters c = node.counters();
        awaitTrue("all eight datagrams are counted", () -> c.received() == 8);
        assertEquals(2, c.malformed());
        assertEquals(1, c.oversized());
        assertEquals(1, c.unknownType());
        assertEquals(2, c.unmatched());
        assertEquals(1, c.unknownMethod());
        assertEquals(2, c.queriesAnswered());
    }

    @Test
    void answersOneSourceNoMoreThanItsBurst() throws Exception {
        // Refilling at one query per 100 seconds: within the test only the burst of three is served.
        DhtNode node = network.start(Network.config(List.of()).withLimits(new DhtConfig.Limits(0.01, 3, 1000, 1000)));
        for (int i = 0; i < 10; i++) {
            send(node, ping(i));
        }
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Krpc.Response.class, receive());
        }
        awaitTrue("the other seven are dropped", () -> node.counters().rateLimited() == 7);
        socket.setSoTimeout(200);
        assertThrows(SocketTimeoutException.class, this::receive, "nothing more is answered");
        assertEquals(3, node.counters().queriesAnswered());
    }
}
