package mim.plugin.pex;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import mim.core.bencode.BDict;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.bencode.BencodeException;
import mim.core.bencode.BencodeReader;

/**
 * A BEP 11 ut_pex message: peers the sender connected to ({@code added}, with one flag byte each)
 * and disconnected from ({@code dropped}) since its previous message. IPv4 peers travel in
 * {@code added}/{@code added.f}/{@code dropped} as 6-byte compact entries, IPv6 peers in
 * {@code added6}/{@code added6.f}/{@code dropped6} as 18-byte ones; here both families share one list.
 *
 * <p>Decoding refuses ({@link MalformedPex}) a payload that is not a dictionary, a compact
 * list whose length is not a multiple of its entry size, and a flags string whose length differs
 * from its list's count (an absent flags string means no flags, as older clients send). Unknown
 * keys are ignored. Immutable; constructors throw {@link IllegalArgumentException} for unresolved
 * addresses.
 */
record PexMessage(List<Peer> added, List<InetSocketAddress> dropped) {
    /** The peer prefers encrypted connections. */
    public static final int PREFERS_ENCRYPTION = 0x01;
    /** The peer is a seed, or only uploads. */
    public static final int SEED = 0x02;
    /** The peer speaks uTP. */
    public static final int UTP = 0x04;
    /** The peer supports the holepunch extension. */
    public static final int HOLEPUNCH = 0x08;
    /** The sender reached this peer by an outgoing connection, so the address is known to accept. */
    public static final int REACHABLE = 0x10;

    private static final int V4 = 6;
    private static final int V6 = 18;
    private static final BencodeReader READER = BencodeReader.strict().withMaxDepth(1);

    /** A peer and its flags (a combination of the constants above). */
    public record Peer(InetSocketAddress address, int flags) {
        public Peer {
            requireResolved(address);
            if (flags < 0 || flags > 0xFF) {
                throw new IllegalArgumentException("pex flags out of range: " + flags);
            }
        }
    }

    public PexMessage {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
        dropped.forEach(PexMessage::requireResolved);
    }

    /** The payload of the extended message. Keys for a family without entries are left out. */
    public byte[] encode() {
        BDict.Builder d = BDict.builder();
        put(d, "added", "added.f", "dropped", V4);
        put(d, "added6", "added6.f", "dropped6", V6);
        return d.build().encode();
    }

    private void put(BDict.Builder d, String addedKey, String flagsKey, String droppedKey, int size) {
        List<Peer> a = added.stream().filter(p -> compactSize(p.address) == size).toList();
        List<InetSocketAddress> r = dropped.stream().filter(x -> compactSize(x) == size).toList();
        if (!a.isEmpty()) {
            ByteBuffer addresses = ByteBuffer.allocate(a.size() * size);
            byte[] flags = new byte[a.size()];
            for (int i = 0; i < a.size(); i++) {
                write(addresses, a.get(i).address);
                flags[i] = (byte) a.get(i).flags;
            }
            d.put(addedKey, addresses.array()).put(flagsKey, flags);
        }
        if (!r.isEmpty()) {
            ByteBuffer addresses = ByteBuffer.allocate(r.size() * size);
            r.forEach(x -> write(addresses, x));
            d.put(droppedKey, addresses.array());
        }
    }

    /** Reads a ut_pex payload. */
    static PexMessage decode(byte[] payload) throws MalformedPex {
        BValue root;
        try {
            root = READER.read(payload).root();
        } catch (BencodeException e) {
            throw new MalformedPex(e.getMessage());
        }
        if (!(root instanceof BDict d)) {
            throw new MalformedPex("not a dictionary");
        }
        List<Peer> added = new ArrayList<>(peers(d, "added", "added.f", V4));
        added.addAll(peers(d, "added6", "added6.f", V6));
        List<InetSocketAddress> dropped = new ArrayList<>(addresses(d, "dropped", V4));
        dropped.addAll(addresses(d, "dropped6", V6));
        return new PexMessage(added, dropped);
    }

    private static List<Peer> peers(BDict d, String key, String flagsKey, int size) throws MalformedPex {
        List<InetSocketAddress> addresses = addresses(d, key, size);
        byte[] flags = bytes(d, flagsKey);
        if (flags != null && flags.length != addresses.size()) {
            throw new MalformedPex(flags.length + " flags in '" + flagsKey + "' for "
                    + addresses.size() + " peers");
        }
        List<Peer> peers = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            peers.add(new Peer(addresses.get(i), flags == null ? 0 : flags[i] & 0xFF));
        }
        return peers;
    }

    private static List<InetSocketAddress> addresses(BDict d, String key, int size) throws MalformedPex {
        byte[] b = bytes(d, key);
        if (b == null) {
            return List.of();
        }
        if (b.length % size != 0) {
            throw new MalformedPex("'" + key + "' of " + b.length + " bytes is not a list of "
                    + size + "-byte entries");
        }
        List<InetSocketAddress> out = new ArrayList<>(b.length / size);
        ByteBuffer in = ByteBuffer.wrap(b);
        byte[] ip = new byte[size - 2];
        while (in.hasRemaining()) {
            in.get(ip);
            out.add(new InetSocketAddress(address(ip), in.getShort() & 0xFFFF));
        }
        return out;
    }

    private static byte[] bytes(BDict d, String key) throws MalformedPex {
        BValue v = d.get(key);
        if (v != null && !(v instanceof BString)) {
            throw new MalformedPex("'" + key + "' is not a byte string");
        }
        return v == null ? null : ((BString) v).bytes();
    }

    private static InetAddress address(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes always make an address", e);
        }
    }

    private static int compactSize(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address ? V4 : V6;
    }

    private static void write(ByteBuffer out, InetSocketAddress a) {
        out.put(a.getAddress().getAddress()).putShort((short) a.getPort());
    }

    private static void requireResolved(InetSocketAddress a) {
        Objects.requireNonNull(a, "address");
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + a);
        }
    }
}
