package mim.core.pex;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Peer exchange with one peer (BEP 11): what we told it, when, and what to make of what it tells us.
 *
 * <p>Sending: the first message lists the peers we are connected to; each later one the
 * difference since the last. At most one message a minute, at most {@value #MAX_ADDED} added and
 * {@value #MAX_DROPPED} dropped in each (libtorrent's limits); what does not fit goes in the next
 * one. The peer itself is never listed to itself.
 *
 * <p>Receiving: a message arriving sooner than {@link #MIN_RECEIVE_INTERVAL_NANOS} after the last
 * one used yields nothing, so a flooding peer gains nothing; otherwise at most
 * {@value #MAX_TO_DIAL} addresses, never the sender, never one of ours, never an address nobody can
 * dial (port 0, wildcard, multicast, 240.0.0.0/4 with broadcast), each at most once.
 *
 * <p>Not thread-safe: owned by the torrent's event loop, one instance per connection that
 * negotiated ut_pex. Times are {@link System#nanoTime()} readings passed in.
 */
public final class PexState {
    public static final long SEND_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Below the minute peers send at, to allow for their timer's jitter. */
    public static final long MIN_RECEIVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(45);
    public static final int MAX_ADDED = 50;
    public static final int MAX_DROPPED = 50;
    public static final int MAX_TO_DIAL = 50;

    private final InetSocketAddress remote;
    /** The peers this one has heard of from us: what we added and have not dropped since. */
    private final Set<InetSocketAddress> told = new LinkedHashSet<>();
    private boolean sent;
    private long lastSent;
    private boolean received;
    private long lastReceived;

    /** @param remote the peer's listen address, which it is never told about */
    public PexState(InetSocketAddress remote) {
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    /**
     * The message to send at {@code now}, given the peers we are connected to (with their listen
     * addresses and flags); empty when the minute is not up or nothing changed.
     */
    public Optional<PexMessage> toSend(Collection<PexMessage.Peer> connected, long now) {
        if (sent && now - lastSent < SEND_INTERVAL_NANOS) {
            return Optional.empty();
        }
        Map<InetSocketAddress, PexMessage.Peer> current = new LinkedHashMap<>();
        for (PexMessage.Peer p : connected) {
            if (!p.address().equals(remote)) {
                current.putIfAbsent(p.address(), p);
            }
        }
        List<PexMessage.Peer> added = new ArrayList<>();
        for (PexMessage.Peer p : current.values()) {
            if (added.size() == MAX_ADDED) {
                break;
            }
            if (!told.contains(p.address())) {
                added.add(p);
            }
        }
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (InetSocketAddress a : told) {
            if (dropped.size() == MAX_DROPPED) {
                break;
            }
            if (!current.containsKey(a)) {
                dropped.add(a);
            }
        }
        if (added.isEmpty() && dropped.isEmpty()) {
            return Optional.empty();
        }
        added.forEach(p -> told.add(p.address()));
        dropped.forEach(told::remove);
        sent = true;
        lastSent = now;
        return Optional.of(new PexMessage(added, dropped));
    }

    /**
     * The peers worth dialling from {@code message}, received at {@code now}.
     *
     * @param isOurs true for our own listen addresses, which a peer may echo back
     */
    public List<PexMessage.Peer> received(PexMessage message, Predicate<InetSocketAddress> isOurs, long now) {
        if (received && now - lastReceived < MIN_RECEIVE_INTERVAL_NANOS) {
            return List.of();
        }
        received = true;
        lastReceived = now;
        Map<InetSocketAddress, PexMessage.Peer> out = new LinkedHashMap<>();
        for (PexMessage.Peer p : message.added()) {
            if (out.size() == MAX_TO_DIAL) {
                break;
            }
            InetSocketAddress a = p.address();
            if (dialable(a) && !a.equals(remote) && !isOurs.test(a)) {
                out.putIfAbsent(a, p);
            }
        }
        return List.copyOf(out.values());
    }

    private static boolean dialable(InetSocketAddress a) {
        var ip = a.getAddress();
        // 240.0.0.0/4 is reserved, 255.255.255.255 the broadcast address among it.
        boolean reserved = ip instanceof Inet4Address && (ip.getAddress()[0] & 0xF0) == 0xF0;
        return a.getPort() != 0 && !ip.isAnyLocalAddress() && !ip.isMulticastAddress() && !reserved;
    }
}
