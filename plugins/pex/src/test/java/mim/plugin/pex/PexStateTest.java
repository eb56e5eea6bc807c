package mim.plugin.pex;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PexStateTest {
    static final long SECOND = 1_000_000_000L;
    static final InetSocketAddress REMOTE = at("10.0.0.99", 6881);

    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    static PexMessage.Peer peer(int i) {
        return new PexMessage.Peer(at("10.1." + (i / 250) + "." + (i % 250 + 1), 6881), 0);
    }

    static List<PexMessage.Peer> peers(int from, int to) {
        return IntStream.range(from, to).mapToObj(PexStateTest::peer).toList();
    }

    @Test
    void firstMessageListsOurPeersButNotTheRecipient() {
        PexState s = new PexState(REMOTE, PexState.SEND_INTERVAL);
        List<PexMessage.Peer> connected = new ArrayList<>(peers(0, 3));
        connected.add(new PexMessage.Peer(REMOTE, 0));
        PexMessage m = s.toSend(connected, 0).orElseThrow();
        assertEquals(peers(0, 3), m.added());
        assertEquals(List.of(), m.dropped());
    }

    @Test
    void laterMessagesCarryTheDifferenceAtMostOnceAMinute() {
        PexState s = new PexState(REMOTE, PexState.SEND_INTERVAL);
        s.toSend(peers(0, 3), 0).orElseThrow();
        List<PexMessage.Peer> now = List.of(peer(1), peer(2), peer(7));
        assertEquals(Optional.empty(), s.toSend(now, 59 * SECOND), "within the minute");
        PexMessage m = s.toSend(now, 60 * SECOND).orElseThrow();
        assertEquals(List.of(peer(7)), m.added());
        assertEquals(List.of(peer(0).address()), m.dropped());
        assertEquals(Optional.empty(), s.toSend(now, 200 * SECOND), "nothing changed");
    }

    @Test
    void capsAddedAndDroppedAndSendsTheRestNextTime() {
        PexState s = new PexState(REMOTE, PexState.SEND_INTERVAL);
        PexMessage first = s.toSend(peers(0, 120), 0).orElseThrow();
        assertEquals(peers(0, 50), first.added());
        PexMessage second = s.toSend(peers(0, 120), 60 * SECOND).orElseThrow();
        assertEquals(peers(50, 100), second.added());
        PexMessage third = s.toSend(peers(100, 120), 120 * SECOND).orElseThrow();
        assertEquals(peers(100, 120), third.added());
        assertEquals(PexState.MAX_DROPPED, third.dropped().size());
        PexMessage fourth = s.toSend(peers(100, 120), 180 * SECOND).orElseThrow();
        assertEquals(List.of(), fourth.added());
        assertEquals(50, fourth.dropped().size(), "the other half of the 100 that left");
        assertEquals(Optional.empty(), s.toSend(peers(100, 120), 240 * SECOND));
    }

    @Test
    void receivedPeersAreFilteredAndCapped() {
        PexState s = new PexState(REMOTE, PexState.SEND_INTERVAL);
        List<PexMessage.Peer> offered = new ArrayList<>();
        offered.add(new PexMessage.Peer(REMOTE, 0));
                offered.add(new PexMessage.Peer(at("10.0.0.5", 0), 0));
        offered.add(new PexMessage.Peer(at("0.0.0.0", 6881), 0));
        offered.add(new PexMessage.Peer(at("239.1.1.1", 6881), 0));
        offered.add(new PexMessage.Peer(at("255.255.255.255", 6881), 0));
        offered.add(new PexMessage.Peer(at("::", 6881), 0));
        offered.add(new PexMessage.Peer(at("10.0.0.7", 1), PexMessage.SEED));
        offered.add(new PexMessage.Peer(at("10.0.0.7", 1), 0));
        offered.addAll(peers(0, 100));
        List<PexMessage.Peer> dial = s.received(new PexMessage(offered, List.of()), 0);
        assertEquals(PexState.MAX_TO_DIAL, dial.size());
        assertEquals(new PexMessage.Peer(at("10.0.0.7", 1), PexMessage.SEED), dial.get(0));
        assertEquals(peers(0, 49), dial.subList(1, 50));
    }

    @Test
    void aPeerSendingTooOftenGainsNothing() {
        PexState s = new PexState(REMOTE, PexState.SEND_INTERVAL);
        PexMessage m = new PexMessage(peers(0, 2), List.of());
        assertEquals(2, s.received(m, 0).size());
        assertEquals(List.of(), s.received(m, 10 * SECOND));
        assertEquals(List.of(), s.received(m, 44 * SECOND));
        assertEquals(2, s.received(m, 45 * SECOND).size());
    }
}
