package mim.core.tracker;

import static mim.core.tracker.ScriptedTrackers.answer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.PeerLookup;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import mim.core.tracker.ScriptedTrackers.Announce;
import org.junit.jupiter.api.Test;

/** The tier walk, events, intervals and backoff, on a virtual clock with trackers the test plays. */
class TrackerPeerSourceTest {
    private static final long SEED = 7;
    private static final byte[] INFO_HASH = new byte[20];
    private static final byte[] PEER_ID = "-MM0001-123456789012".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ScriptedTrackers trackers = new ScriptedTrackers("http", "https");
    private final RecordingSink sink = new RecordingSink();
    private TrackerPeerSource source;
    private PeerLookup lookup;

    private void start(Duration refresh, long seed, List<List<String>> tiers) {
        source = new TrackerPeerSource(List.of(trackers), scheduler, refresh, new Random(seed));
        lookup = source.start(new TorrentIdentity(INFO_HASH, tiers, false, 6881, PEER_ID), sink);
        event(TorrentEvent.STARTED);
    }

    private void start(List<List<String>> tiers) {
        start(null, SEED, tiers);
    }

    private void event(TorrentEvent e) {
        lookup.event(e, new TransferStats(1, 2, 3));
        scheduler.runDue();
    }

    private void succeed(Announce a, AnnounceResponse r) {
        a.succeed(r);
        scheduler.runDue();
    }

    private void fail(Announce a, String why) {
        a.fail(why);
        scheduler.runDue();
    }

    /** Fails every announce as it comes until none waits; returns the URLs in the order asked. */
    private List<String> failAll() {
        List<String> asked = new ArrayList<>();
        while (!trackers.waiting().isEmpty()) {
            Announce a = trackers.only();
            asked.add(a.url());
            fail(a, a.url() + " is down");
        }
        return asked;
    }

    private Duration nextWait() {
        List<Duration> pending = scheduler.pendingDelays();
        assertEquals(1, pending.size(), "one timer: " + pending);
        return pending.get(0);
    }

    @Test
    void announcesFromTheAddressTheTorrentListensOn() throws Exception {
        java.net.InetAddress listen = java.net.InetAddress.getByName("127.0.0.5");
        source = new TrackerPeerSource(List.of(trackers), scheduler, null, new Random(SEED));
        lookup = source.start(new TorrentIdentity(INFO_HASH, List.of(List.of("http://a/")), false, 6881, PEER_ID,
                listen, List.of()), sink);
        event(TorrentEvent.STARTED);
        succeed(trackers.only(), new AnnounceResponse(HALF_HOUR, null, "id-1", null, List.of(), 1, 0));
        event(TorrentEvent.STOPPED);

        List<TorrentEvent> events = trackers.all().stream().map(a -> a.request().event()).toList();
        assertEquals(List.of(TorrentEvent.STARTED, TorrentEvent.STOPPED), events);
        assertTrue(trackers.all().stream().allMatch(a -> listen.equals(a.request().localAddress())),
                "every announce, the tracker id's too, from " + listen);
        assertEquals("id-1", trackers.all().get(1).request().trackerId());
    }

    @Test
    void askedForMorePeersItAnnouncesEarlyOnlyOnceTheMinimumIntervalHasPassed() {
        start(List.of(List.of("http://a/")));
        Duration minute = Duration.ofMinutes(1);
        succeed(trackers.only(), new AnnounceResponse(HALF_HOUR, minute, null, null, List.of(), 1, 0));
        int announces = trackers.all().size();

        scheduler.advance(Duration.ofSeconds(59));
        lookup.morePeers();
        scheduler.runDue();
        assertEquals(announces, trackers.all().size(), "not within the minimum interval");

        scheduler.advance(Duration.ofSeconds(1));
        lookup.morePeers();
        scheduler.runDue();
        Announce early = trackers.only();
        assertNull(early.request().event(), "a regular announce, brought forward");
        succeed(early, new AnnounceResponse(HALF_HOUR, minute, null, null, List.of(), 1, 0));
        assertEquals(HALF_HOUR, nextWait(), "and the interval starts again from its answer");
    }

    @Test
    void askedForMorePeersWhileBackingOffItKeepsToItsBackoff() {
        start(List.of(List.of("http://a/")));
        fail(trackers.only(), "down");
        Duration backoff = nextWait();
        lookup.morePeers();
        scheduler.runDue();
        assertEquals(backoff, nextWait());
    }

    @Test
    void walksTheFirstTierInShuffledOrderThenTheNext() {
        start(List.of(List.of("http://a1/", "http://a2/", "http://a3/"), List.of("http://b1/", "http://b2/")));
        List<String> asked = failAll();
        assertEquals(Set.of("http://a1/", "http://a2/", "http://a3/"), Set.copyOf(asked.subList(0, 3)));
        assertEquals(Set.of("http://b1/", "http://b2/"), Set.copyOf(asked.subList(3, 5)));
        assertEquals(5, asked.size());
        assertTrue(trackers.all().stream().allMatch(a -> a.request().event() == TorrentEvent.STARTED));
    }

    @Test
    void theShuffleIsFixedBySeedAndDoesShuffle() {
        List<List<String>> tiers = List.of(List.of("http://a1/", "http://a2/", "http://a3/", "http://a4/"));
        Set<String> firstAsked = new HashSet<>();
        for (long seed = 1; seed <= 12; seed++) {
            start(null, seed, tiers);
            String first = trackers.only().url();
            firstAsked.add(first);
            lookup.close();
            scheduler.runDue();
            start(null, seed, tiers);
            assertEquals(first, trackers.only().url(), "seed " + seed);
            lookup.close();
            scheduler.runDue();
        }
        assertTrue(firstAsked.size() > 1, "every seed began with " + firstAsked);
    }

    @Test
    void promotesTheTrackerThatAnswersAndAsksOnlyItUntilItFails() {
        start(List.of(List.of("http://a1/", "http://a2/", "http://a3/"), List.of("http://b1/")));
        Announce first = trackers.only();
        fail(first, "down");
        Announce second = trackers.only();
        succeed(second, answer(HALF_HOUR));
        assertEquals(HALF_HOUR, nextWait());

        for (int i = 0; i < 3; i++) {
            scheduler.advance(HALF_HOUR);
            Announce regular = trackers.only();
            assertEquals(second.url(), regular.url());
            assertNull(regular.request().event());
            succeed(regular, answer(HALF_HOUR));
        }
        scheduler.advance(HALF_HOUR);
        fail(trackers.only(), "gone");
        // The promoted one failed: the walk starts again at the front, the one that failed first.
        assertEquals(first.url(), trackers.only().url());
        fail(trackers.only(), "still down");
        String third = trackers.only().url();
        assertFalse(Set.of(first.url(), second.url(), "http://b1/").contains(third));
        fail(trackers.only(), "down too");
        assertEquals("http://b1/", trackers.only().url());
        fail(trackers.only(), "all down");
        scheduler.advance(nextWait());
        assertEquals(second.url(), trackers.only().url(), "a new round begins with the promoted one");
    }

    @Test
    void skipsUrlsNoClientSupportsAndSaysSoOnce() {
        start(List.of(List.of("udp://u.example:6969/announce", "http://h/"), List.of("wss://w.example/"),
                List.of("not a url", "http://h/")));
        assertEquals(List.of("tracker: no client for udp://u.example:6969/announce, wss://w.example/, not a url: skipped"),
                sink.statuses);
        assertEquals(List.of("http://h/"), failAll());
        scheduler.advance(HALF_HOUR);
        failAll();
        assertEquals(1, sink.statuses.stream().filter(s -> s.contains("no client")).count());
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheCapAndResetsOnSuccess() {
        start(List.of(List.of("http://a/", "http://b/")));
        for (int round = 1; round <= 10; round++) {
            assertEquals(2, failAll().size());
            long nominal = Math.min(Backoff.CAP.toMillis(), Backoff.BASE.toMillis() << (round - 1));
            Duration wait = nextWait();
            assertTrue(wait.toMillis() <= nominal && wait.toMillis() >= nominal * 8 / 10, round + ": " + wait);
            assertEquals("tracker: all trackers failed (http://"
                    + (trackers.all().get(trackers.all().size() - 1).url().substring(7)) + " is down), retrying in "
                    + Backoff.brief(wait), sink.lastStatus());
            scheduler.advance(wait.minusMillis(1));
            assertTrue(trackers.waiting().isEmpty(), "nothing before the wait is over");
            scheduler.advance(Duration.ofMillis(1));
        }
        succeed(trackers.only(), answer(HALF_HOUR));
        assertEquals(HALF_HOUR, nextWait());
        scheduler.advance(HALF_HOUR);
        fail(trackers.only(), "down");
        failAll();
        assertTrue(nextWait().compareTo(Backoff.BASE) <= 0, "back to the first step after a success");
    }

    @Test
    void theRefreshIntervalReplacesTheTrackersIntervals() {
        start(Duration.ofSeconds(5), SEED, List.of(List.of("http://a/")));
        succeed(trackers.only(), new AnnounceResponse(HALF_HOUR, Duration.ofMinutes(15), null, null, List.of(), 1, 1));
        assertEquals(Duration.ofSeconds(5), nextWait());
        scheduler.advance(Duration.ofSeconds(5));
        succeed(trackers.only(), answer(HALF_HOUR));
        assertEquals(2, trackers.all().size());
        assertEquals(Duration.ofSeconds(5), nextWait());
    }

    @Test
    void waitsForTheMinIntervalWhenItIsLongerThanTheInterval() {
        start(List.of(List.of("http://a/")));
        succeed(trackers.only(), new AnnounceResponse(Duration.ofMinutes(1), Duration.ofMinutes(2), null, null, List.of(), 1, 1));
        assertEquals(Duration.ofMinutes(2), nextWait());
        scheduler.advance(Duration.ofMinutes(2));
        succeed(trackers.only(), new AnnounceResponse(HALF_HOUR, Duration.ofMinutes(2), null, null, List.of(), 1, 1));
        assertEquals(HALF_HOUR, nextWait());
    }

    @Test
    void completedAndStoppedGoToTheTrackersThatSawStarted() {
        start(List.of(List.of("http://a/"), List.of("http://b/")));
        Announce started = trackers.only();
        assertEquals("http://a/", started.url());
        assertEquals(TorrentEvent.STARTED, started.request().event());
        sink.stats = new TransferStats(5, 1000, 0);
        succeed(started, answer(HALF_HOUR));

        event(TorrentEvent.COMPLETED);
        Announce completed = trackers.only();
        assertEquals("http://a/", completed.url());
        assertEquals(TorrentEvent.COMPLETED, completed.request().event());
        assertEquals(new TransferStats(5, 1000, 0), completed.request().stats());
        succeed(completed, answer(HALF_HOUR));

        scheduler.advance(HALF_HOUR);
        fail(trackers.only(), "a is down");
        Announce toB = trackers.only();
        assertEquals("http://b/", toB.url());
        assertEquals(TorrentEvent.STARTED, toB.request().event(), "b never saw started, so it is owed no completed");
        succeed(toB, answer(HALF_HOUR));

        event(TorrentEvent.STOPPED);
        List<Announce> stops = trackers.waiting();
        assertEquals(Set.of("http://a/", "http://b/"), Set.copyOf(stops.stream().map(Announce::url).toList()));
        for (Announce s : stops) {
            assertEquals(TorrentEvent.STOPPED, s.request().event());
            assertEquals(new TransferStats(1, 2, 3), s.request().stats(), "the totals given with the event");
            assertEquals(0, s.request().numWant());
        }
        assertTrue(scheduler.pendingDelays().stream().allMatch(d -> d.equals(TrackerPeerSource.STOP_WAIT)),
                "no regular announce is due after stopped");
    }

    @Test
    void completedDuringAnAnnounceIsSentWhenItIsAnswered() {
        start(List.of(List.of("http://a/")));
        succeed(trackers.only(), answer(HALF_HOUR));
        scheduler.advance(HALF_HOUR);
        Announce regular = trackers.only();
        event(TorrentEvent.COMPLETED);
        assertEquals(List.of(regular), trackers.waiting(), "one announce at a time");
        succeed(regular, answer(HALF_HOUR));
        assertEquals(TorrentEvent.COMPLETED, trackers.only().request().event());
        succeed(trackers.only(), answer(HALF_HOUR));
        scheduler.advance(HALF_HOUR);
        assertNull(trackers.only().request().event());
    }

    @Test
    void completedBeforeAnyTrackerAnsweredIsOwedToNone() {
        start(List.of(List.of("http://a/")));
        event(TorrentEvent.COMPLETED);
        succeed(trackers.only(), answer(HALF_HOUR));
        assertTrue(trackers.waiting().isEmpty());
        scheduler.advance(HALF_HOUR);
        assertNull(trackers.only().request().event());
    }

    @Test
    void keepsEachTrackersIdAndSendsItBack() {
        start(List.of(List.of("http://a/"), List.of("http://b/")));
        assertNull(trackers.only().request().trackerId());
        succeed(trackers.only(), new AnnounceResponse(HALF_HOUR, null, "id-a", null, List.of(), -1, -1));
        scheduler.advance(HALF_HOUR);
        assertEquals("id-a", trackers.only().request().trackerId());
        succeed(trackers.only(), answer(HALF_HOUR));
        scheduler.advance(HALF_HOUR);
        assertEquals("id-a", trackers.only().request().trackerId(), "kept when the answer has none");
        fail(trackers.only(), "down");
        assertNull(trackers.only().request().trackerId(), "b has its own");
    }

    @Test
    void everyAnnounceSaysWhoWeAreWithOneKey() {
        start(List.of(List.of("http://a/")));
        succeed(trackers.only(), answer(HALF_HOUR));
        scheduler.advance(HALF_HOUR);
        succeed(trackers.only(), answer(HALF_HOUR));
        List<Announce> all = trackers.all();
        for (Announce a : all) {
            assertArrayEquals(INFO_HASH, a.request().infoHash());
            assertArrayEquals(PEER_ID, a.request().peerId());
            assertEquals(6881, a.request().port());
            assertEquals(TrackerPeerSource.NUM_WANT, a.request().numWant());
            assertEquals(new TransferStats(0, 0, 1000), a.request().stats(), "totals from the sink");
        }
        assertEquals(all.get(0).request().key(), all.get(1).request().key());
    }

    @Test
    void deliversPeersUnderTheTrackersUrlAndShowsWarnings() {
        start(List.of(List.of("http://a/")));
        InetSocketAddress p = new InetSocketAddress("10.0.0.1", 6881);
        succeed(trackers.only(), answer(HALF_HOUR, p));
        assertEquals(List.of(new RecordingSink.Delivery("http://a/", List.of(p))), sink.deliveries);
        assertEquals("tracker: http://a/: 1 peer", sink.lastStatus());
        scheduler.advance(HALF_HOUR);
        succeed(trackers.only(), new AnnounceResponse(HALF_HOUR, null, null, "slow down", List.of(), -1, -1));
        assertEquals("tracker: http://a/ warns: slow down", sink.lastStatus());
        assertEquals(1, sink.deliveries.size(), "an empty answer delivers nothing");
    }

    @Test
    void closeCancelsTheTimer() {
        start(List.of(List.of("http://a/")));
        succeed(trackers.only(), answer(HALF_HOUR));
        lookup.close();
        scheduler.runDue();
        assertEquals(List.of(), scheduler.pendingDelays());
        scheduler.advance(Duration.ofDays(1));
        assertEquals(1, trackers.all().size());
    }

    @Test
    void closeCancelsTheAnnounceInFlightAndTheBackoff() {
        start(List.of(List.of("http://a/"), List.of("http://b/")));
        fail(trackers.only(), "down");
        Announce inFlight = trackers.only();
        lookup.close();
        scheduler.runDue();
        assertTrue(inFlight.answer().isCancelled());
        scheduler.advance(Duration.ofDays(1));
        assertEquals(2, trackers.all().size());
        assertEquals(List.of(), scheduler.pendingDelays());

        start(List.of(List.of("http://a/")));
        failAll();
        lookup.close();
        scheduler.runDue();
        assertEquals(List.of(), scheduler.pendingDelays(), "the backoff timer is gone too");
    }

    @Test
    void aTrackerThatNeverAnsweredIsNotToldWeStopped() {
        start(List.of(List.of("http://a/")));
        Announce startedInFlight = trackers.only();
        event(TorrentEvent.STOPPED);
        lookup.close();
        scheduler.runDue();
        assertTrue(startedInFlight.answer().isCancelled());
        assertEquals(List.of(), trackers.waiting(), "no stopped for a tracker that never answered");
        assertTrue(source.pendingStops().isDone(), "nothing holds up the exit");
    }

    @Test
    void stoppedOutlivesCloseForABoundedTime() {
        start(List.of(List.of("http://a/")));
        succeed(trackers.only(), answer(HALF_HOUR));
        event(TorrentEvent.STOPPED);
        lookup.close();
        scheduler.runDue();
        Announce stop = trackers.only();
        assertEquals(TorrentEvent.STOPPED, stop.request().event());
        assertFalse(source.pendingStops().isDone());
        scheduler.advance(TrackerPeerSource.STOP_WAIT);
        assertTrue(stop.answer().isCancelled());
        assertTrue(source.pendingStops().isDone());
        assertEquals(List.of(), scheduler.pendingDelays());
    }

    @Test
    void aTorrentWithoutTrackersDoesNothing() {
        start(List.of());
        event(TorrentEvent.COMPLETED);
        event(TorrentEvent.STOPPED);
        lookup.close();
        scheduler.advance(Duration.ofDays(1));
        assertEquals(List.of(), trackers.all());
        assertEquals(List.of(), sink.statuses);
    }
}
