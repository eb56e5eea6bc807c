package mim.core.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import mim.core.bencode.BDict;
import mim.core.bencode.BInt;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.bencode.BencodeException;
import mim.core.bencode.BencodeReader;

/**
 * BEP 10's extension handshake: the bencoded dictionary a peer sends as extended message 0.
 *
 * <p>{@code extensions} is the {@code m} dictionary: extension name to the id the sender wants to
 * receive that extension's messages under. An id of 0 in a later handshake switches an extension
 * off ({@link #applyTo} folds that into what a connection knows). The optional keys: {@code v}
 * (client), {@code p} (the sender's listen port), {@code yourip} (our address as the sender sees
 * it), {@code reqq} (how many requests it queues), {@code metadata_size} (BEP 9), {@code ipv4} and
 * {@code ipv6} (the sender's own addresses). Unknown keys are ignored.
 *
 * <p>Decoding is strict where a mistake would mislead us (an {@code m} that is not a dictionary,
 * an id outside 0..255, two extensions sharing an id, too many extensions, an oversized payload:
 * {@link ProtocolViolation}) and lenient where libtorrent is (an optional key of the wrong type or
 * out of range is treated as absent). Immutable; the map is unmodifiable.
 */
public record ExtensionHandshake(
        Map<String, Integer> extensions,
        Optional<String> client,
        OptionalInt listenPort,
        Optional<InetAddress> yourIp,
        OptionalInt requestQueue,
        OptionalLong metadataSize,
        Optional<Inet4Address> ipv4,
        Optional<Inet6Address> ipv6) {

    /** BEP 9: fetching the info dictionary from peers. */
    public static final String UT_METADATA = "ut_metadata";
    /**
     * The id we ask peers to send ut_metadata under; they choose theirs. Further extensions get ids
     * from the session (see {@link #ours}).
     */
    public static final int OUR_UT_METADATA_ID = 1;

    /** libtorrent's handshake is about 220 bytes; this leaves room for long client names and many extensions. */
    public static final int MAX_PAYLOAD = 16 * 1024;
    /** More extension names than any client announces (libtorrent: 7). */
    public static final int MAX_EXTENSIONS = 64;
    /** A client name longer than this is cut: it is only shown. */
    public static final int MAX_CLIENT_LENGTH = 128;

    private static final BencodeReader READER = BencodeReader.strict().withMaxSize(MAX_PAYLOAD).withMaxDepth(4);

    /** @throws IllegalArgumentException for an id outside 0..255 or two enabled extensions sharing one */
    public ExtensionHandshake {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(listenPort, "listenPort");
        Objects.requireNonNull(yourIp, "yourIp");
        Objects.requireNonNull(requestQueue, "requestQueue");
        Objects.requireNonNull(metadataSize, "metadataSize");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        String clash = idClash(extensions);
        if (clash != null) {
            throw new IllegalArgumentException(clash);
        }
        extensions = Map.copyOf(extensions);
    }

    /**
     * Our handshake for one connection: ut_metadata under {@link #OUR_UT_METADATA_ID}, then
     * {@code others}.
     *
     * @param others       further extensions by name, with the ids we want their messages under
     *                     (none on a private torrent for those that may not run there, such as PEX)
     * @param metadataSize the size of the info dictionary when we have it, or -1
     * @param yourIp       the peer's address as we see it, or null
     * @throws IllegalArgumentException if {@code others} names ut_metadata or reuses an id
     */
    public static ExtensionHandshake ours(Map<String, Integer> others, String client, int listenPort,
            InetAddress yourIp, int requestQueue, long metadataSize) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(UT_METADATA, OUR_UT_METADATA_ID);
        others.forEach((name, id) -> {
            if (m.putIfAbsent(name, id) != null) {
                throw new IllegalArgumentException("extension " + name + " named twice");
            }
        });
        return new ExtensionHandshake(m, Optional.of(client),
                listenPort > 0 ? OptionalInt.of(listenPort) : OptionalInt.empty(), Optional.ofNullable(yourIp),
                requestQueue > 0 ? OptionalInt.of(requestQueue) : OptionalInt.empty(),
                metadataSize > 0 ? OptionalLong.of(metadataSize) : OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    /** The id to send {@code name}'s messages under, when the sender enabled it. */
    public OptionalInt idOf(String name) {
        Integer id = extensions.get(name);
        return id == null || id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * What a connection knows after this handshake: {@code previous} (name to id, from earlier
     * handshakes) with this one's entries set, and those with id 0 removed.
     *
     * @throws ProtocolViolation when the result would give two extensions one id
     */
    public Map<String, Integer> applyTo(Map<String, Integer> previous) throws ProtocolViolation {
        Map<String, Integer> merged = new HashMap<>(previous);
        extensions.forEach((name, id) -> {
            if (id == 0) {
                merged.remove(name);
            } else {
                merged.put(name, id);
            }
        });
        String clash = idClash(merged);
        if (clash != null) {
            throw new ProtocolViolation("extension handshake: " + clash);
        }
        return Map.copyOf(merged);
    }

    /** The wire form: extended message 0 with the bencoded dictionary. */
    public Message.Extended toMessage() {
        return new Message.Extended(Message.Extended.HANDSHAKE, encode());
    }

    /** The bencoded dictionary. */
    public byte[] encode() {
        BDict.Builder m = BDict.builder();
        extensions.forEach(m::put);
        BDict.Builder d = BDict.builder().put("m", m.build());
        client.ifPresent(v -> d.put("v", v));
        listenPort.ifPresent(p -> d.put("p", p));
        yourIp.ifPresent(a -> d.put("yourip", a.getAddress()));
        requestQueue.ifPresent(q -> d.put("reqq", q));
        metadataSize.ifPresent(s -> d.put("metadata_size", s));
        ipv4.ifPresent(a -> d.put("ipv4", a.getAddress()));
        ipv6.ifPresent(a -> d.put("ipv6", a.getAddress()));
        return d.build().encode();
    }

    /** Reads extended message 0. */
    public static ExtensionHandshake decode(Message.Extended message) throws ProtocolViolation {
        if (message.id() != Message.Extended.HANDSHAKE) {
            throw new ProtocolViolation("extended message " + message.id() + " is not the extension handshake");
        }
        return decode(message.payload());
    }

    /** Reads the bencoded dictionary of an extension handshake. */
    public static ExtensionHandshake decode(byte[] payload) throws ProtocolViolation {
        BValue root;
        try {
            root = READER.read(payload).root();
        } catch (BencodeException e) {
            throw new ProtocolViolation("extension handshake: " + e.getMessage());
        }
        if (!(root instanceof BDict d)) {
            throw new ProtocolViolation("extension handshake is not a dictionary");
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        BValue mValue = d.get("m");
        if (mValue != null) {
            if (!(mValue instanceof BDict md)) {
                throw new ProtocolViolation("extension handshake: 'm' is not a dictionary");
            }
            if (md.size() > MAX_EXTENSIONS) {
                throw new ProtocolViolation("extension handshake names " + md.size() + " extensions, more than "
                        + MAX_EXTENSIONS);
            }
            for (int i = 0; i < md.size(); i++) {
                String name = md.keys().get(i).text();
                if (!(md.values().get(i) instanceof BInt id) || id.value() < 0 || id.value() > 0xFF) {
                    throw new ProtocolViolation("extension handshake: id of '" + name + "' is not in 0..255: "
                            + md.values().get(i));
                }
                m.putIfAbsent(name, (int) id.value());
            }
            String clash = idClash(m);
            if (clash != null) {
                throw new ProtocolViolation("extension handshake: " + clash);
            }
        }
        return new ExtensionHandshake(m, text(d.string("v")),
                intIn(d, "p", 1, 0xFFFF), address(d.string("yourip"), InetAddress.class),
                intIn(d, "reqq", 1, Integer.MAX_VALUE), positive(d, "metadata_size"),
                address(d.string("ipv4"), Inet4Address.class), address(d.string("ipv6"), Inet6Address.class));
    }

    private static String idClash(Map<String, Integer> m) {
        Map<Integer, String> byId = new HashMap<>();
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            int id = e.getValue();
            if (id < 0 || id > 0xFF) {
                throw new IllegalArgumentException("extension id of '" + e.getKey() + "' out of range: " + id);
            }
            String other = id == 0 ? null : byId.putIfAbsent(id, e.getKey());
            if (other != null) {
                return "extensions '" + other + "' and '" + e.getKey() + "' share id " + id;
            }
        }
        return null;
    }

    private static Optional<String> text(BString s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = new String(s.bytes(), StandardCharsets.UTF_8);
        return Optional.of(t.length() > MAX_CLIENT_LENGTH ? t.substring(0, MAX_CLIENT_LENGTH) : t);
    }

    private static OptionalInt intIn(BDict d, String key, int min, int max) {
        long v = d.integer(key, Long.MIN_VALUE);
        return v >= min && v <= max ? OptionalInt.of((int) v) : OptionalInt.empty();
    }

    private static OptionalLong positive(BDict d, String key) {
        long v = d.integer(key, -1);
        return v > 0 ? OptionalLong.of(v) : OptionalLong.empty();
    }

    /** A 4- or 16-byte string as an address of {@code type}; anything else is absent. */
    private static <A extends InetAddress> Optional<A> address(BString s, Class<A> type) {
        if (s == null || (s.length() != 4 && s.length() != 16)) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByAddress(s.bytes());
            return type.isInstance(a) ? Optional.of(type.cast(a)) : Optional.empty();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes always make an address", e);
        }
    }
}
