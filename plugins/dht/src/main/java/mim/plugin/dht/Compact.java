package mim.plugin.dht;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact forms of BEP 5: a peer is 6 bytes (IPv4 address, port, big-endian), a node is 26
 * (its id, then the peer form). Only IPv4 is spoken here; IPv6 forms (BEP 32) are left out, and an
 * IPv6 address is never encoded. Stateless.
 */
final class Compact {
    static final int PEER = 6;
    static final int NODE = NodeId.LENGTH + PEER;

    private Compact() {}

    /** The 6-byte form of an IPv4 address and port. */
    static byte[] peer(InetSocketAddress address) {
        byte[] out = new byte[PEER];
        writePeer(address, out, 0);
        return out;
    }

    /**
     * Reads a 6-byte peer.
     *
     * @throws IllegalArgumentException if {@code b} is not 6 bytes long
     */
    static InetSocketAddress readPeer(byte[] b) {
        if (b.length != PEER) {
            throw new IllegalArgumentException("a compact peer is 6 bytes, not " + b.length);
        }
        return readPeer(b, 0);
    }

    /** The concatenated 26-byte forms of the IPv4 nodes among {@code nodes}, in order. */
    static byte[] nodes(List<NodeInfo> nodes) {
        List<NodeInfo> v4 = nodes.stream().filter(n -> n.address().getAddress() instanceof Inet4Address).toList();
        byte[] out = new byte[v4.size() * NODE];
        for (int i = 0; i < v4.size(); i++) {
            NodeInfo n = v4.get(i);
            System.arraycopy(n.id().bytes(), 0, out, i * NODE, NodeId.LENGTH);
            writePeer(n.address(), out, i * NODE + NodeId.LENGTH);
        }
        return out;
    }

    /**
     * Reads concatenated 26-byte nodes. Nodes with port 0 are dropped: nobody can be reached there.
     *
     * @throws IllegalArgumentException if the length is not a multiple of 26
     */
    static List<NodeInfo> readNodes(byte[] b) {
        if (b.length % NODE != 0) {
            throw new IllegalArgumentException("compact nodes are 26 bytes each; " + b.length + " bytes is not");
        }
        List<NodeInfo> out = new ArrayList<>(b.length / NODE);
        for (int at = 0; at < b.length; at += NODE) {
            InetSocketAddress address = readPeer(b, at + NodeId.LENGTH);
            if (address.getPort() != 0) {
                out.add(new NodeInfo(NodeId.of(Arrays.copyOfRange(b, at, at + NodeId.LENGTH)), address));
            }
        }
        return out;
    }

    private static void writePeer(InetSocketAddress address, byte[] out, int at) {
        if (!(address.getAddress() instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("only IPv4 addresses have a 6-byte form: " + address);
        }
        System.arraycopy(v4.getAddress(), 0, out, at, 4);
        out[at + 4] = (byte) (address.getPort() >>> 8);
        out[at + 5] = (byte) address.getPort();
    }

    private static InetSocketAddress readPeer(byte[] b, int at) {
        try {
            InetAddress ip = InetAddress.getByAddress(Arrays.copyOfRange(b, at, at + 4));
            return new InetSocketAddress(ip, ((b[at + 4] & 0xff) << 8) | (b[at + 5] & 0xff));
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }
}
