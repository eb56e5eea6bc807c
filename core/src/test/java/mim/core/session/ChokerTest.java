package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import mim.core.session.Choker.Decisions;
import mim.core.session.Choker.PeerView;
import org.junit.jupiter.api.Test;

class ChokerTest {
    private static final long S = 1_000_000_000L;
    private static final long OLD = -1000 * S;

    private static PeerView<String> leecher(String id, long down) {
        return new PeerView<>(id, true, down, 0, false, OLD);
    }

    private static Set<String> set(List<String> l) {
        return new HashSet<>(l);
    }

    @Test
    void leechingUnchokesTheFourFastestUploadersToUsPlusOneOptimistic() {
        Choker<String> choker = new Choker<>(new SplittableRandom(1));
        List<PeerView<String>> peers = List.of(leecher("a", 100), leecher("b", 900), leecher("c", 500),
                leecher("d", 700), leecher("e", 300), leecher("f", 50), leecher("g", 10));
        Decisions<String> d = choker.rechoke(peers, false, 0);
        Set<String> expected = new HashSet<>(Set.of("b", "d", "c", "e"));
        String optimistic = choker.optimistic();
        assertTrue(Set.of("a", "f", "g").contains(optimistic));
        expected.add(optimistic);
        assertEquals(expected, set(d.unchoke()));
        assertEquals(List.of(), d.choke());
    }

    @Test
    void aFasterPeerTakesTheSlotOfASlowerOne() {
        Choker<String> choker = new Choker<>(new SplittableRandom(1), 1, Duration.ofSeconds(30), Duration.ofSeconds(60));
        List<PeerView<String>> peers = new ArrayList<>(List.of(leecher("a", 100), leecher("b", 50)));
        choker.rechoke(peers, false, 0);
        assertTrue(choker.isUnchoked("a"));
        // b speeds up; a is neither the fastest nor, within the optimistic period, the optimistic one
        peers.set(1, leecher("b", 500));
        Decisions<String> d = choker.rechoke(peers, false, 10 * S);
        assertTrue(choker.isUnchoked("b"));
        assertEquals("a", choker.optimistic(), "b had the optimistic slot and earned a regular one");
        assertEquals(List.of(), d.choke());
    }

    @Test
    void snubbingPeersGetNoSlotByRate() {
        Choker<String> choker = new Choker<>(new SplittableRandom(1), 1, Duration.ofSeconds(30), Duration.ofSeconds(60));
        List<PeerView<String>> peers = List.of(new PeerView<>("fast-snub", true, 10_000, 0, true, OLD),
                leecher("slow", 10));
        choker.rechoke(peers, false, 0);
        assertTrue(choker.isUnchoked("slow"));
        assertEquals("fast-snub", choker.optimistic(), "only by the optimistic draw");
    }

    @Test
    void uninterestedPeersAreChokedWhenInterestedOnesNeedTheSlots() {
        Choker<String> choker = new Choker<>(new SplittableRandom(1), 1, Duration.ofSeconds(30), Duration.ofSeconds(60));
        choker.rechoke(List.of(leecher("a", 10)), false, 0);
        Decisions<String> d = choker.rechoke(List.of(new PeerView<>("a", false, 10, 0, false, OLD), leecher("b", 5),
                leecher("c", 1)), false, 10 * S);
        assertEquals(List.of("a"), d.choke());
        assertTrue(choker.isUnchoked("b"));
        assertEquals("c", choker.optimistic());
    }

    @Test
    void spareSlotsGoToUninterestedPeersSoTheyCanAskAtOnce() {
        Choker<String> choker = new Choker<>(new SplittableRandom(1), 2, Duration.ofSeconds(30), Duration.ofSeconds(60));
        PeerView<String> idle1 = new PeerView<>("idle1", false, 0, 0, false, OLD);
        PeerView<String> idle2 = new PeerView<>("idle2", false, 0, 0, false, OLD);
        PeerView<String> idle3 = new PeerView<>("idle3", false, 0, 0, false, OLD);
        Decisions<String> first = choker.rechoke(List.of(leecher("a", 10), idle1, idle2, idle3), true, 0);
        assertEquals(2, first.unchoke().size(), "a and one idle peer, by slot: " + first);
        assertTrue(choker.isUnchoked("a"));
        assertNull(choker.optimistic(), "no choked interested peer to draw");
        String spare = first.unchoke().stream().filter(p -> !p.equals("a")).findFirst().orElseThrow();

        Decisions<String> again = choker.rechoke(List.of(leecher("a", 10), idle1, idle2, idle3), true, 10 * S);
        assertEquals(List.of(), again.unchoke(), "the idle peer keeps its slot: " + again);
        assertTrue(choker.isUnchoked(spare));
    }

    @Test
    void seedingRanksByOurUploadToThem() {
        Choker<String> choker = new Choker<>(new SplittableRandom(1), 2, Duration.ofSeconds(30), Duration.ofSeconds(60));
        List<PeerView<String>> peers = List.of(
                new PeerView<>("a", true, 0, 10, false, OLD),
                new PeerView<>("b", true, 9999, 20, false, OLD),
                new PeerView<>("c", true, 0, 300, false, OLD),
                new PeerView<>("d", true, 0, 200, false, OLD));
        choker.rechoke(peers, true, 0);
        assertTrue(choker.isUnchoked("c") && choker.isUnchoked("d"));
        assertTrue(Set.of("a", "b").contains(choker.optimistic()));
    }

    @Test
    void theOptimisticSlotRotatesEveryThirtySeconds() {
        Choker<String> choker = new Choker<>(new SplittableRandom(5), 1, Duration.ofSeconds(30), Duration.ofSeconds(60));
        List<PeerView<String>> peers = List.of(leecher("top", 1000), leecher("x", 0), leecher("y", 0), leecher("z", 0));
        choker.rechoke(peers, false, 0);
        String first = choker.optimistic();
        choker.rechoke(peers, false, 10 * S);
        choker.rechoke(peers, false, 20 * S);
        assertEquals(first, choker.optimistic(), "kept within the period");
        Decisions<String> d = choker.rechoke(peers, false, 30 * S);
        String second = choker.optimistic();
        assertNotEquals(first, second, "rotated to another peer");
        assertEquals(List.of(first), d.choke());
        assertEquals(List.of(second), d.unchoke());
    }

    @Test
    void newPeersAreThreeTimesAsLikelyToBeDrawn() {
        Map<String, Integer> wins = new HashMap<>();
        for (long seed = 0; seed < 2000; seed++) {
            Choker<String> choker = new Choker<>(new SplittableRandom(seed), 0, Duration.ofSeconds(30),
                    Duration.ofSeconds(60));
            long now = 1000 * S;
            choker.rechoke(List.of(new PeerView<>("new", true, 0, 0, false, now - 5 * S),
                    new PeerView<>("old", true, 0, 0, false, OLD)), false, now);
            wins.merge(choker.optimistic(), 1, Integer::sum);
        }
        double ratio = wins.get("new") / (double) wins.get("old");
        assertEquals(3.0, ratio, 0.5, "wins " + wins);
    }

    @Test
    void aPeerThatLeftIsForgottenWithoutAMessage() {
        Choker<String> choker = new Choker<>(new SplittableRandom(1), 1, Duration.ofSeconds(30), Duration.ofSeconds(60));
        choker.rechoke(List.of(leecher("a", 10), leecher("b", 5)), false, 0);
        choker.peerGone("a");
        Decisions<String> d = choker.rechoke(List.of(leecher("b", 5), leecher("c", 1)), false, 10 * S);
        assertTrue(d.choke().isEmpty());
        assertTrue(choker.isUnchoked("b") && choker.isUnchoked("c"));
        assertEquals(List.of("c"), d.unchoke(), "b was unchoked already, as the optimistic peer");
    }

    private static Set<String> unchokedOf(Choker<String> choker, String... ids) {
        Set<String> s = new HashSet<>();
        for (String id : ids) {
            if (choker.isUnchoked(id)) {
                s.add(id);
            }
        }
        return s;
    }

    @Test
    void equalRatesKeepThePeersAlreadyUnchoked() {
        Choker<String> choker = new Choker<>(new SplittableRandom(9), 2, Duration.ofSeconds(30), Duration.ofSeconds(60));
        List<PeerView<String>> peers = List.of(leecher("a", 7), leecher("b", 7), leecher("c", 7), leecher("d", 7));
        choker.rechoke(peers, false, 0);
        String optimistic = choker.optimistic();
        Set<String> regular = unchokedOf(choker, "a", "b", "c", "d");
        regular.remove(optimistic);
        for (int round = 1; round < 3; round++) {
            choker.rechoke(peers, false, round * 10 * S);
            for (String r : regular) {
                assertTrue(choker.isUnchoked(r), "regular slots do not flap between equals");
            }
        }
    }
}
