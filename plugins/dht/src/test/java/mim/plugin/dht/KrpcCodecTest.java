package mim.plugin.dht;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import mim.plugin.dht.MalformedPacket.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** KRPC messages: the examples of BEP 5 byte for byte, round trips, and every way a datagram is refused. */
class KrpcCodecTest {
    private static final NodeId A = id("abcdefghij0123456789");
    private static final NodeId M = id("mnopqrstuvwxyz123456");
    private static final byte[] AA = bytes("aa");

    static NodeId id(String twentyChars) {
        return NodeId.of(bytes(twentyChars));
    }

    static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    private static Krpc decode(String s) throws MalformedPacket {
        return KrpcCodec.decode(bytes(s));
    }

    /** Our encoding adds only our version key to what BEP 5 shows. */
    private static String encoded(Krpc message) {
        return new String(KrpcCodec.encode(message), ISO_8859_1).replace("1:v4:MM01", "");
    }

    @Test
    void readsAndWritesTheBep5Ping() throws Exception {
        String query = "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe";
        Krpc.Ping ping = assertInstanceOf(Krpc.Ping.class, decode(query));
        assertEquals(A, ping.sender());
        assertArrayEquals(AA, ping.tid());
        assertEquals(query, encoded(ping));

        String response = "d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re";
        Krpc.Response r = assertInstanceOf(Krpc.Response.class, decode(response));
        assertEquals(M, r.sender());
        assertEquals(List.of(), r.nodes());
        assertNull(r.token());
        assertEquals(response, encoded(r));
    }

    @Test
    void readsAndWritesTheBep5Error() throws Exception {
        String error = "d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee";
        Krpc.Error e = assertInstanceOf(Krpc.Error.class, decode(error));
        assertEquals(201, e.code());
        assertEquals("A Generic Error Ocurred", e.message());
        assertEquals(error, encoded(e));
    }

    @Test
    void readsAndWritesTheBep5FindNodeAndGetPeers() throws Exception {
        String findNode = "d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456e1:q9:find_node1:t2:aa1:y1:qe";
        Krpc.FindNode f = assertInstanceOf(Krpc.FindNode.class, decode(findNode));
        assertEquals(M, f.target());
        assertEquals(findNode, encoded(f));

        String getPeers = "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456e1:q9:get_peers1:t2:aa1:y1:qe";
        Krpc.GetPeers g = assertInstanceOf(Krpc.GetPeers.class, decode(getPeers));
        assertEquals(M, g.infoHash());
        assertEquals(getPeers, encoded(g));
    }

    @Test
    void readsTheBep5AnnounceWithAnImpliedPort() throws Exception {
        String announce = "d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:mnopqrstuvwxyz123456"
                + "4:porti6881e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe";
        Krpc.AnnouncePeer a = assertInstanceOf(Krpc.AnnouncePeer.class, decode(announce));
        assertTrue(a.impliedPort());
        assertArrayEquals(bytes("aoeusnth"), a.token());
        assertEquals(M, a.infoHash());

        Krpc.AnnouncePeer explicit = new Krpc.AnnouncePeer(AA, A, M, 6881, false, bytes("aoeusnth"));
        Krpc.AnnouncePeer back = assertInstanceOf(Krpc.AnnouncePeer.class, KrpcCodec.decode(KrpcCodec.encode(explicit)));
        assertEquals(6881, back.port());
        assertFalse(back.impliedPort());
    }

    @Test
    void readsTheBep5GetPeersAnswerWithValues() throws Exception {
        String answer = "d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re";
        Krpc.Response r = assertInstanceOf(Krpc.Response.class, decode(answer));
        assertArrayEquals(bytes("aoeusnth"), r.token());
        assertEquals(List.of(new InetSocketAddress("97.120.106.101", ('.' << 8) | 'u'),
                new InetSocketAddress("105.100.104.116", ('n' << 8) | 'm')), r.values());
        assertEquals(answer, encoded(r));
    }

    @Test
    void compactNodesRoundTripAndPortZeroIsDropped() throws Exception {
        NodeInfo one = new NodeInfo(A, new InetSocketAddress("192.0.2.1", 6881));
        NodeInfo two = new NodeInfo(M, new InetSocketAddress("198.51.100.255", 65535));
        byte[] packed = Compact.nodes(List.of(one, two));
        assertEquals(52, packed.length);
        assertEquals(List.of(one, two), Compact.readNodes(packed));

        Krpc.Response r = new Krpc.Response(AA, A, List.of(one, new NodeInfo(M, new InetSocketAddress("192.0.2.2", 0))),
                List.of(), bytes("tok"));
        Krpc.Response back = assertInstanceOf(Krpc.Response.class, KrpcCodec.decode(KrpcCodec.encode(r)));
        assertEquals(List.of(one), back.nodes());
        assertArrayEquals(bytes("tok"), back.token());
    }

    @Test
    void skipsValuesOfOtherLengthsSuchAsIpv6Peers() throws Exception {
        String answer = "d1:rd2:id20:abcdefghij01234567896:valuesl6:axje.u18:0123456789abcdefghee1:t2:aa1:y1:re";
        Krpc.Response r = assertInstanceOf(Krpc.Response.class, decode(answer));
        assertEquals(1, r.values().size());
    }

    @Test
    void anUnknownMethodIsAQueryToRefuse() throws Exception {
        Krpc.UnknownQuery q = assertInstanceOf(Krpc.UnknownQuery.class,
                decode("d1:ad2:id20:abcdefghij0123456789e1:q11:vote_please1:t2:aa1:y1:qe"));
        assertEquals("vote_please", q.method());
    }

    @Test
    void ignoresKeysItDoesNotKnow() throws Exception {
        assertInstanceOf(Krpc.Ping.class,
                decode("d1:ad2:id20:abcdefghij01234567895:extrai1ee1:q4:ping2:ro1:11:t2:aa1:y1:qe"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                                              // empty datagram
        "garbage",                                                       // not bencoding
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:q",       // truncated
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qee",     // trailing byte
        "l1:ae",                                                         // not a dictionary
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:y1:qe",             // no transaction id
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t0:1:y1:qe",        // empty transaction id
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t17:aaaaaaaaaaaaaaaaa1:y1:qe", // transaction id too long
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aae",             // no type
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:yi1ee",       // type not a string
        "d1:q4:ping1:t2:aa1:y1:qe",                                      // query without arguments
        "d1:ad2:id20:abcdefghij0123456789e1:t2:aa1:y1:qe",               // query without method
        "d1:ad2:id19:abcdefghij012345678e1:q4:ping1:t2:aa1:y1:qe",       // short id
        "d1:ade1:q4:ping1:t2:aa1:y1:qe",                                 // no id
        "d1:ad2:id20:abcdefghij0123456789e1:q9:find_node1:t2:aa1:y1:qe", // find_node without target
        "d1:ad2:id20:abcdefghij01234567894:porti0e5:token1:x9:info_hash20:mnopqrstuvwxyz123456e"
                + "1:q13:announce_peer1:t2:aa1:y1:qe",                   // port 0, not implied
        "d1:ad2:id20:abcdefghij01234567894:porti6881e9:info_hash20:mnopqrstuvwxyz123456e"
                + "1:q13:announce_peer1:t2:aa1:y1:qe",                   // announce without token
        "d1:t2:aa1:y1:re",                                               // response without body
        "d1:rd2:id20:mnopqrstuvwxyz1234565:nodes25:0123456789012345678901234e1:t2:aa1:y1:re", // nodes not 26n
        "d1:rd2:id20:mnopqrstuvwxyz1234565:nodesi1ee1:t2:aa1:y1:re",     // nodes not a string
        "d1:rd2:id20:mnopqrstuvwxyz1234566:values6:axje.ue1:t2:aa1:y1:re", // values not a list
        "d1:rd2:id20:mnopqrstuvwxyz1234565:token0:e1:t2:aa1:y1:re",      // empty token
        "d1:t2:aa1:y1:ee",                                               // error without body
        "d1:el3:abce1:t2:aa1:y1:ee",                                     // error code not an integer
        "d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:rdi1eee",          // non-string key
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:q1:zlllllleeeeeee", // nested too deep
    })
    void refusesMalformedDatagrams(String datagram) {
        MalformedPacket e = assertThrows(MalformedPacket.class, () -> decode(datagram));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
    }

    @Test
    void anUnknownTypeIsCountedApart() {
        MalformedPacket e = assertThrows(MalformedPacket.class,
                () -> decode("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:xe"));
        assertEquals(Reason.UNKNOWN_TYPE, e.reason());
    }

    @Test
    void refusesDatagramsLongerThanTheCapWhateverTheyHold() throws Exception {
        String padding = "x".repeat(KrpcCodec.MAX_PACKET);
        String big = "d1:ad2:id20:abcdefghij01234567895:extra" + padding.length() + ":" + padding
                + "e1:q4:ping1:t2:aa1:y1:qe";
        assertEquals(Reason.OVERSIZED, assertThrows(MalformedPacket.class, () -> decode(big)).reason());
        String fits = "d1:ad2:id20:abcdefghij01234567895:extra1400:" + "x".repeat(1400) + "e1:q4:ping1:t2:aa1:y1:qe";
        assertTrue(fits.length() <= KrpcCodec.MAX_PACKET);
        assertInstanceOf(Krpc.Ping.class, decode(fits));
    }

    @Test
    void aFullGetPeersAnswerFitsOneDatagram() throws Exception {
        List<NodeInfo> nodes = new java.util.ArrayList<>();
        List<InetSocketAddress> peers = new java.util.ArrayList<>();
        for (int i = 0; i < RoutingTable.K; i++) {
            nodes.add(new NodeInfo(NodeId.random(new java.util.Random(i)), new InetSocketAddress("192.0.2." + i, 6881)));
        }
        for (int i = 0; i < QueryServer.MAX_VALUES; i++) {
            peers.add(new InetSocketAddress("198.51.100." + i, 50000 + i));
        }
        byte[] packet = KrpcCodec.encode(new Krpc.Response(bytes("abcd"), A, nodes, peers, new byte[8]));
        assertTrue(packet.length <= KrpcCodec.MAX_PACKET, packet.length + " bytes");
        Krpc.Response back = assertInstanceOf(Krpc.Response.class, KrpcCodec.decode(packet));
        assertEquals(peers, back.values());
        assertEquals(nodes, back.nodes());
    }
}
