package mim.plugin.pex;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Peer exchange with one peer (BEP 11): what we told it, when, and what to make of what it tells us.
 *
 * <p>Sending: the first message lists the peers we are connected to; each later one the
 * difference since the last. At most one message an interval (a minute, {@link #SEND_INTERVAL}), at
 * most {@value #MAX_ADDED} added and {@value #MAX_DROPPED} dropped in each (libtorrent's limits);
 * what does not fit goes in the next one. The peer itself is never listed to itself.
 *
 * <p>Receiving: a message arriving sooner than {@link #MIN_RECEIVE_INTERVAL_NANOS} after the last
 * one used yields nothing, so a flooding peer gains nothing; otherwise at most
 * {@value #MAX_TO_DIAL} addresses, never the sender, never an address nobody can dial (port 0,
 * wildcard, multicast, 240.0.0.0/4 with broadcast), each at most once. (Our own addresses, which a
 * peer may echo back, are the session's to filter, as it does for every source.)
 *
 * <p>Not thread-safe: owned by the torrent's event loop, one instance per connection that
 * negotiated ut_pex. Times are {@link System#nanoTime()} readings passed in.
 */
final class PexState {
    /** How often BEP 11 lets a peer send, and libtorrent does. */
    static final Duration SEND_INTERVAL = Duration.ofMinutes(1);
    /** Below the minute peers send at, to allow for their timer's jitter. */
    static final long MIN_RECEIVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(45);
    static final int MAX_ADDED = 50;
    static final int MAX_DROPPED = 50;
    static final int MAX_TO_DIAL = 50;

    /** Null when the peer never said where it listens. */
    private final InetSocketAddress remote;
    private final long sendIntervalNanos;
    /** The peers this one has heard of from us: what we added and have not dropped since. */
    private final Set<InetSocketAddress> told = new LinkedHashSet<>();
    private boolean sent;
    private long lastSent;
    private boolean received;
    private long lastReceived;

    /**
     * @param remote the peer's listen address, which it is never told about, or null if unknown
     * @param sendInterval the least time between two messages we send it
     */
    PexState(InetSocketAddress remote, Duration sendInterval) {
        this.remote = remote;
        this.sendIntervalNanos = sendInterval.toNanos();
    }

    /**
     * The message to send at {@code now}, given the peers we are connected to (with their listen
     * addresses and flags); empty when the minute is not up or nothing changed.
     */
    Optional<PexMessage> toSend(Collection<PexMessage.Peer> connected, long now) {
        if (sent && now - lastSent < sendIntervalNanos) {
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

    /** The peers worth dialling from {@code message}, received at {@code now}. */
    List<PexMessage.Peer> received(PexMessage message, long now) {
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
            if (dialable(a) && !a.equals(remote)) {
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
