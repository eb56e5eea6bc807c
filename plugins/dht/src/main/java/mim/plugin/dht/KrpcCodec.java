package mim.plugin.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import mim.core.bencode.BDict;
import mim.core.bencode.BInt;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.bencode.BencodeException;
import mim.core.bencode.BencodeReader;
import mim.plugin.dht.MalformedPacket.Reason;

/**
 * Turns KRPC messages into datagrams and back, with {@code mim.core.bencode}.
 *
 * <p>Decoding is strict where a mistake would cost us (ids are 20 bytes, compact node lists a
 * multiple of 26, ports in range) and lenient where the protocol grows (unknown keys are ignored, a
 * {@code values} entry of another length, such as a BEP 32 IPv6 peer, is skipped). Stateless and
 * thread-safe.
 */
final class KrpcCodec {
    /**
     * The largest datagram read. BEP 5 sets none; a full get_peers answer fits well under an Ethernet
     * frame, and libtorrent keeps its own under 1500 bytes too.
     */
    static final int MAX_PACKET = 1500;
    static final int MAX_TRANSACTION_ID = 16;
    static final int MAX_TOKEN = 64;
    /** A KRPC message nests three deep (message, arguments, values list); a little slack for extensions. */
    private static final BencodeReader READER = BencodeReader.strict().withMaxDepth(5).withMaxSize(MAX_PACKET);
    private static final BString VERSION = BString.of("MM01");

    private KrpcCodec() {}

    static byte[] encode(Krpc message) {
        BDict.Builder top = BDict.builder().put("t", message.tid()).put("v", VERSION);
        if (message instanceof Krpc.Query q) {
            BDict.Builder a = BDict.builder().put("id", q.sender().bytes());
            String method;
            if (q instanceof Krpc.Ping) {
                method = "ping";
            } else if (q instanceof Krpc.FindNode f) {
                method = "find_node";
                a.put("target", f.target().bytes());
            } else if (q instanceof Krpc.GetPeers g) {
                method = "get_peers";
                a.put("info_hash", g.infoHash().bytes());
            } else if (q instanceof Krpc.AnnouncePeer p) {
                method = "announce_peer";
                a.put("info_hash", p.infoHash().bytes()).put("port", p.port())
                        .put("implied_port", p.impliedPort() ? 1 : 0).put("token", p.token());
            } else {
                method = ((Krpc.UnknownQuery) q).method();
            }
            top.put("y", "q").put("q", method).put("a", a.build());
        } else if (message instanceof Krpc.Response r) {
            BDict.Builder body = BDict.builder().put("id", r.sender().bytes());
            if (!r.nodes().isEmpty()) {
                body.put("nodes", Compact.nodes(r.nodes()));
            }
            if (!r.values().isEmpty()) {
                List<BValue> peers = new ArrayList<>(r.values().size());
                for (InetSocketAddress p : r.values()) {
                    peers.add(BString.of(Compact.peer(p)));
                }
                body.put("values", new BList(peers));
            }
            if (r.token() != null) {
                body.put("token", r.token());
            }
            top.put("y", "r").put("r", body.build());
        } else {
            Krpc.Error e = (Krpc.Error) message;
            top.put("y", "e").put("e", BList.of(BInt.of(e.code()), BString.of(e.message())));
        }
        return top.build().encode();
    }

    /** @throws MalformedPacket saying why the datagram is no usable message */
    static Krpc decode(byte[] packet) throws MalformedPacket {
        if (packet.length > MAX_PACKET) {
            throw new MalformedPacket(Reason.OVERSIZED, packet.length + " bytes");
        }
        BValue root;
        try {
            root = READER.read(packet).root();
        } catch (BencodeException e) {
            throw malformed(e.getMessage());
        }
        if (!(root instanceof BDict top)) {
            throw malformed("not a dictionary");
        }
        byte[] tid = string(top, "t", 1, MAX_TRANSACTION_ID);
        BString y = top.string("y");
        if (y == null) {
            throw malformed("no message type");
        }
        if (y.is("q")) {
            return query(top, tid);
        } else if (y.is("r")) {
            return response(top, tid);
        } else if (y.is("e")) {
            return error(top, tid);
        }
        throw new MalformedPacket(Reason.UNKNOWN_TYPE, "message type '" + y + "'");
    }

    private static Krpc.Query query(BDict top, byte[] tid) throws MalformedPacket {
        BString q = top.string("q");
        BDict a = top.dict("a");
        if (q == null || a == null) {
            throw malformed("a query needs 'q' and 'a'");
        }
        NodeId sender = id(a, "id");
        if (q.is("ping")) {
            return new Krpc.Ping(tid, sender);
        } else if (q.is("find_node")) {
            return new Krpc.FindNode(tid, sender, id(a, "target"));
        } else if (q.is("get_peers")) {
            return new Krpc.GetPeers(tid, sender, id(a, "info_hash"));
        } else if (q.is("announce_peer")) {
            boolean implied = a.integer("implied_port", 0) != 0;
            long port = a.integer("port", -1);
            if (!implied && (port < 1 || port > 65535)) {
                throw malformed("announce_peer without a valid port");
            }
            return new Krpc.AnnouncePeer(tid, sender, id(a, "info_hash"), implied ? 0 : (int) port, implied,
                    string(a, "token", 1, MAX_TOKEN));
        }
        String method = q.text();
        return new Krpc.UnknownQuery(tid, sender, method.length() > 32 ? method.substring(0, 32) : method);
    }

    private static Krpc.Response response(BDict top, byte[] tid) throws MalformedPacket {
        BDict r = top.dict("r");
        if (r == null) {
            throw malformed("a response needs 'r'");
        }
        NodeId sender = id(r, "id");
        List<NodeInfo> nodes = List.of();
        BValue rawNodes = r.get("nodes");
        if (rawNodes != null) {
            if (!(rawNodes instanceof BString s)) {
                throw malformed("'nodes' is not a string");
            }
            try {
                nodes = Compact.readNodes(s.bytes());
            } catch (IllegalArgumentException e) {
                throw malformed(e.getMessage());
            }
        }
        List<InetSocketAddress> values = new ArrayList<>();
        BValue rawValues = r.get("values");
        if (rawValues != null) {
            if (!(rawValues instanceof BList list)) {
                throw malformed("'values' is not a list");
            }
            for (BValue v : list.items()) {
                if (v instanceof BString s && s.length() == Compact.PEER) {
                    InetSocketAddress peer = Compact.readPeer(s.bytes());
                    if (peer.getPort() != 0) {
                        values.add(peer);
                    }
                }
            }
        }
        byte[] token = r.containsKey("token") ? string(r, "token", 1, MAX_TOKEN) : null;
        return new Krpc.Response(tid, sender, nodes, values, token);
    }

    private static Krpc.Error error(BDict top, byte[] tid) throws MalformedPacket {
        BList e = top.list("e");
        if (e == null || e.size() < 1 || !(e.get(0) instanceof BInt code)) {
            throw malformed("an error needs 'e' as [code, message]");
        }
        String message = e.size() > 1 && e.get(1) instanceof BString s ? s.text() : "";
        return new Krpc.Error(tid, code.value(), message);
    }

    private static NodeId id(BDict d, String key) throws MalformedPacket {
        return NodeId.of(string(d, key, NodeId.LENGTH, NodeId.LENGTH));
    }

    private static byte[] string(BDict d, String key, int min, int max) throws MalformedPacket {
        BString s = d.string(key);
        if (s == null) {
            throw malformed("no string '" + key + "'");
        }
        if (s.length() < min || s.length() > max) {
            throw malformed("'" + key + "' of " + s.length() + " bytes");
        }
        return s.bytes();
    }

    private static MalformedPacket malformed(String detail) {
        return new MalformedPacket(Reason.MALFORMED, detail);
    }
}
