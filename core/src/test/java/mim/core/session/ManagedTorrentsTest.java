package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mim.core.MimException;
import mim.core.metainfo.Metainfo;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.Haves;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionEvent;
import mim.core.spi.Subscription;
import mim.core.spi.TorrentStats;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's control surface on loopback, content in memory: adding, reading, pausing, starting,
 * removing, and the records a server keeps to restore its torrents.
 */
@ExtendWith(LeakCheck.class)
class ManagedTorrentsTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path seedFolder;
    @TempDir
    Path root;

    private final byte[] data = TestTorrents.content(12 * PIECE + 321, 7);

    @Test
    void aTorrentAddedByItsBytesDownloadsAndShowsItsFilesStatsPeersAndPieces() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session seed = seeding(file); Session leech = session(leechStore, 2)) {
            AddResult added = get(leech.control().add(request(file, seed)));
            int id = added.details().summary().id();
            assertTrue(added.added());
            assertEquals(List.of("one.bin"), added.details().files().stream().map(f -> f.name()).toList());
            await(() -> leech.control().list().get(0).completedAt() != null, "the download completes");

            TorrentStats stats = leech.control().stats(id);
            assertEquals("seeding", stats.state());
            assertEquals(data.length, stats.progressBytes());
            assertEquals(data.length, stats.downloadedBytes());
            assertTrue(stats.finished());
            Haves haves = get(leech.control().haves(id));
            assertEquals(13, haves.pieceCount());
            assertTrue(java.util.stream.IntStream.range(0, 13).allMatch(haves::has));
            assertArrayEquals(file, leech.control().metadata(id).orElseThrow());
            assertArrayEquals(data, leechStore.content());
        }
    }

    @Test
    void theSameTorrentAddedAgainAnswersTheIdItHas() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        try (Session leech = session(new MemoryStorage(data.length, 1), 2)) {
            AddRequest paused = new AddRequest(new AddRequest.TorrentFile(file), null, null, null, null, false, false,
                    true, List.of(), Set.of());
            int first = get(leech.control().add(paused)).details().summary().id();
            AddResult again = get(leech.control().add(AddRequest.of(new AddRequest.TorrentFile(file))));
            assertFalse(again.added());
            assertEquals(first, again.details().summary().id());
            assertEquals(1, leech.control().list().size());
            assertEquals(first, leech.control().idOf(Metainfo.parse(file).infoHash().hex().toUpperCase()).getAsInt());
        }
    }

    @Test
    void pauseClosesEveryConnectionAndFreesTheInfoHashAndStartDownloadsTheRest() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session seed = seeding(file); Session leech = session(leechStore, 2)) {
            int id = get(leech.control().add(request(file, seed))).details().summary().id();
            await(() -> stats(leech, id).peers() == 1 || stats(leech, id).finished(), "connected");

            get(leech.control().pause(id));
            TorrentStats paused = leech.control().stats(id);
            assertEquals("paused", paused.state());
            assertEquals(0, paused.peers());
            assertEquals(List.of(), get(leech.control().peers(id)));
            assertTrue(leech.torrentList().isEmpty(), "no torrent of the session runs: the listener refuses its peers");
            await(() -> seed.torrentList().get(0).status().peers() == 0, "the seed sees the connection gone");
            get(leech.control().pause(id));

            get(leech.control().start(id));
            await(() -> stats(leech, id).finished(), "the download finishes after the start");
            assertEquals(1, leech.torrentList().size());
            List<PeerStats> peers = get(leech.control().peers(id));
            assertTrue(peers.size() <= 1, peers::toString);
        }
        assertArrayEquals(data, leechStore.content());
    }

    @Test
    void whatARunSentAndVerifiedStillShowsWhileItCloses() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        MemoryStorage seedStore = MemoryStorage.filled(data, 1);
        try (Session seed = session(seedStore, 1); Session leech = session(new MemoryStorage(data.length, 1), 2)) {
            int id = get(seed.control().add(AddRequest.of(new AddRequest.TorrentFile(file)))).details().summary().id();
            await(() -> "seeding".equals(stats(seed, id).state()), "seeding what is there");
            int leechId = get(leech.control().add(request(file, seed))).details().summary().id();
            await(() -> stats(leech, leechId).finished(), "the leecher has it all");
            await(() -> stats(seed, id).uploadedBytes() == data.length, "the seed counts what it sent");

            seedStore.gateClose();
            CompletableFuture<Void> pausing;
            try {
                pausing = seed.control().pause(id);
                await(() -> "paused".equals(stats(seed, id).state()), "pausing");
                assertFalse(pausing.isDone(), "the run's storage is still closing");
                TorrentStats closing = stats(seed, id);
                assertEquals(data.length, closing.uploadedBytes(), "while the run closes");
                assertEquals(data.length, closing.progressBytes(), "what it verified still shows");
                assertTrue(closing.finished());
                assertTrue(get(seed.control().haves(id)).has(12));
                assertEquals(data.length, seed.control().records().get(0).uploadedBytes());
            } finally {
                seedStore.openGate(); // else a failure above would leave the sessions' close waiting on it
            }
            get(pausing);
            assertEquals(data.length, stats(seed, id).uploadedBytes(), "after");
        }
    }

    @Test
    void aMagnetLinksOwnPeersAreDialledAgainByEveryRunAfterItsMetadataIsKnown() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session seed = seeding(file); Session leech = session(leechStore, 2)) {
            InetSocketAddress at = local(seed);
            String link = "magnet:?xt=urn:btih:" + Metainfo.parse(file).infoHash().hex()
                    + "&x.pe=" + at.getHostString() + ":" + at.getPort();
            leech.control().setSessionLimits(new Limits(32 * 1024L, null, null, null)); // paused before it finishes
            int id = get(leech.control().add(AddRequest.of(new AddRequest.Link(link)))).details().summary().id();
            await(() -> stats(leech, id).peers() == 1 && stats(leech, id).totalBytes() > 0, "connected, metadata known");

            get(leech.control().pause(id));
            assertFalse(stats(leech, id).finished());
            await(() -> seed.torrentList().get(0).status().peers() == 0, "the seed sees the connection gone");
            leech.control().setSessionLimits(Limits.NONE);
            get(leech.control().start(id));
            await(() -> stats(leech, id).finished(), "the run after the pause finds the link's peer and finishes");
        }
        assertArrayEquals(data, leechStore.content());
    }

    @Test
    void forgetKeepsTheFilesAndDeleteRemovesThem() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        MemoryStorage kept = new MemoryStorage(data.length, 1);
        MemoryStorage deleted = new MemoryStorage(data.length, 1);
        try (Session seed = seeding(file); Session one = session(kept, 2); Session two = session(deleted, 3)) {
            int first = get(one.control().add(request(file, seed))).details().summary().id();
            int second = get(two.control().add(request(file, seed))).details().summary().id();
            await(() -> stats(one, first).finished() && stats(two, second).finished(), "both finish");

            get(one.control().forget(first));
            get(two.control().delete(second));

            assertEquals(List.of(), one.control().list());
            assertEquals(List.of(), two.control().list());
            assertArrayEquals(data, kept.content());
            assertFalse(deleted.anyPresent());
            assertInstanceOf(NoSuchTorrentException.class, cause(one.control().start(first)));
            assertThrows(NoSuchTorrentException.class, () -> one.control().stats(first));
        }
    }

    @Test
    void unusableInputIsRefusedSayingWhy() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        try (Session leech = session(new MemoryStorage(data.length, 1), 2)) {
            assertRefused(leech, AddRequest.of(new AddRequest.TorrentFile(new byte[0])), "nothing to add");
            assertRefused(leech, AddRequest.of(new AddRequest.TorrentFile("hello".getBytes())), "not a magnet link");
            assertRefused(leech, AddRequest.of(new AddRequest.TorrentFile("d4:infoi1ee".getBytes())), "not a torrent");
            assertRefused(leech, AddRequest.of(new AddRequest.Link("magnet:?dn=x")), "no info-hash");
            assertRefused(leech, AddRequest.of(new AddRequest.Link("https://example.invalid/x.torrent")),
                    "does not fetch URLs");
            assertRefused(leech, new AddRequest(new AddRequest.TorrentFile(file), null, null, Set.of(1), null, false,
                    false, false, List.of(), Set.of()), "no file 1");
            assertRefused(leech, new AddRequest(new AddRequest.TorrentFile(file), null, "../..", null, null, false,
                    false, false, List.of(), Set.of()), "sub_folder '../..'");
            assertRefused(leech, new AddRequest(new AddRequest.TorrentFile(file), "/etc", null, null, null, false,
                    false, false, List.of(), Set.of()), "lies outside");
            assertRefused(leech, new AddRequest(new AddRequest.TorrentFile(file), null, null, null, "(", false,
                    false, false, List.of(), Set.of()), "only_files_regex '(': not a valid regular expression");
            assertEquals(List.of(), leech.control().list());
        }
    }

    @Test
    void aRecordedTorrentComesBackUnderItsIdWithItsTotalsAndItsCompletion() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        byte[] second = TestTorrents.singleFileBytes("two.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        List<TorrentRecord> records;
        try (Session seed = seeding(second); Session leech = session(leechStore, 2)) {
            get(leech.control().add(new AddRequest(new AddRequest.TorrentFile(file), null, null, null, null, false, false,
                    true, List.of(), Set.of())));
            int id = get(leech.control().add(request(second, seed))).details().summary().id();
            get(leech.control().forget(1));
            await(() -> leech.control().list().get(0).completedAt() != null, "the second completes");
            get(leech.control().pause(id));
            records = leech.control().records();
        }
        assertEquals(1, records.size());
        TorrentRecord r = records.get(0);
        assertEquals(2, r.id());
        assertTrue(r.paused());
        assertNotNull(r.completedAt());
        assertEquals(data.length, r.downloadedBytes());

        try (Session again = session(MemoryStorage.filled(data, 1), 4)) {
            again.control().restore(r);
            TorrentStats restored = again.control().stats(2);
            assertEquals("paused", restored.state());
            assertTrue(restored.finished(), "complete before, and not run since");
            assertEquals(data.length, restored.downloadedBytes());
            AddRequest pausedFirst = new AddRequest(new AddRequest.TorrentFile(file), null, null, null, null, false,
                    false, true, List.of(), Set.of());
            int next = get(again.control().add(pausedFirst)).details().summary().id();
            assertEquals(3, next, "ids are never reused");
            get(again.control().start(2));
            await(() -> "seeding".equals(stats(again, 2).state()), "the restored torrent seeds what is there");
            assertEquals(data.length, again.control().records().stream().filter(x -> x.id() == 2).findFirst()
                    .orElseThrow().downloadedBytes());
        }
    }

    @Test
    void verifyHashesTheDataAgainWhateverTheResumeStateSays() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session leech = session(leechStore, 2)) {
            int id;
            try (Session seed = seeding(file)) {
                id = get(leech.control().add(request(file, seed))).details().summary().id();
                await(() -> leech.control().list().get(0).completedAt() != null, "the download completes");
            }
            // A byte changed behind the torrent's back: size and time as they were, so only hashing sees it.
            leechStore.write(5, java.nio.ByteBuffer.wrap(new byte[] {(byte) ~data[5]}));
            get(leech.control().pause(id));
            get(leech.control().start(id));
            await(() -> stats(leech, id).state().equals("seeding"), "the restart trusts its resume state");
            assertEquals(data.length, stats(leech, id).progressBytes());

            get(leech.control().verify(id));
            await(() -> stats(leech, id).state().equals("downloading"), "the check finds the changed piece");
            assertEquals(data.length - PIECE, stats(leech, id).progressBytes());
        }
    }

    @Test
    void aTorrentAddedPausedShowsItsSizeBeforeItEverRuns() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        try (Session leech = session(new MemoryStorage(data.length, 1), 2)) {
            int id = get(leech.control().add(new AddRequest(new AddRequest.TorrentFile(file), null, null, null, null,
                    false, false, true, List.of(), Set.of()))).details().summary().id();
            TorrentStats paused = stats(leech, id);
            assertEquals("paused", paused.state());
            assertEquals(data.length, paused.totalBytes());
            assertEquals(0, paused.progressBytes());
            assertEquals(List.of(0L), paused.fileProgress());
        }
    }

    @Test
    void labelsAreCheckedSortedAndReplaced() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        try (Session leech = session(new MemoryStorage(data.length, 1), 2)) {
            AddRequest labelled = new AddRequest(new AddRequest.TorrentFile(file), null, null, null, null, false, false,
                    true, List.of(), Set.of("tv", "sonarr"));
            int id = get(leech.control().add(labelled)).details().summary().id();
            assertEquals(List.of("sonarr", "tv"), leech.control().list().get(0).labels());
            get(leech.control().setLabels(id, Set.of("done")));
            assertEquals(List.of("done"), leech.control().details(id).summary().labels());
            assertEquals(List.of("done"), leech.control().records().get(0).labels());
            Throwable e = cause(leech.control().setLabels(id, Set.of("a,b")));
            assertInstanceOf(MimException.BadInput.class, e);
            assertTrue(e.getMessage().contains("no comma"), e.getMessage());
        }
    }

    @Test
    void categoriesAreReplacedWholeTellTheWatchersAndRefuseANameThatIsNoLabel() throws Exception {
        try (Session session = session(new MemoryStorage(data.length, 1), 2)) {
            ManagedTorrents control = session.control();
            java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
            control.watch(changes::incrementAndGet);
            get(control.setCategories(Map.of("tv", "shows", "movies", "")));
            assertEquals(List.of("movies", "tv"), List.copyOf(control.categories().keySet()), "sorted by name");
            assertEquals(1, changes.get(), "a change worth keeping");
            Throwable e = cause(control.setCategories(Map.of("a,b", "")));
            assertInstanceOf(MimException.BadInput.class, e);
            assertEquals(Map.of("tv", "shows", "movies", ""), control.categories(), "nothing refused was applied");
        }
    }

    @Test
    void aSubscriberSeesATorrentAddedChangeStateCompleteAndGoInOrderWithStatsTicks() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        try (Session seed = seeding(file); Session leech = session(new MemoryStorage(data.length, 1), 2);
             Subscription<SessionEvent> events = leech.control().subscribe(Subscription.DEFAULT_CAPACITY)) {
            List<SessionEvent> seen = new java.util.ArrayList<>();
            int id = get(leech.control().add(request(file, seed))).details().summary().id();
            awaitEvent(events, seen, e -> e instanceof SessionEvent.TorrentCompleted);
            awaitEvent(events, seen, e -> e instanceof SessionEvent.Stats s && s.torrents().containsKey(id)
                    && s.torrents().get(id).finished());
            get(leech.control().forget(id));
            awaitEvent(events, seen, e -> e instanceof SessionEvent.TorrentRemoved);

            for (int i = 1; i < seen.size(); i++) {
                assertEquals(seen.get(i - 1).seq() + 1, seen.get(i).seq(), "numbered one after another: " + seen);
            }
            List<SessionEvent> about = seen.stream().filter(e -> !(e instanceof SessionEvent.Stats)).toList();
            assertInstanceOf(SessionEvent.TorrentAdded.class, about.get(0), about::toString);
            assertEquals(id, ((SessionEvent.TorrentAdded) about.get(0)).torrent().id());
            int completed = indexOf(about, SessionEvent.TorrentCompleted.class);
            SessionEvent.StateChanged toSeeding = (SessionEvent.StateChanged) about.get(completed - 1);
            assertEquals("seeding", toSeeding.to(), about::toString);
            assertNotNull(((SessionEvent.TorrentCompleted) about.get(completed)).torrent().completedAt());
            for (SessionEvent e : about.subList(1, completed)) {
                SessionEvent.StateChanged c = assertInstanceOf(SessionEvent.StateChanged.class, e, about::toString);
                assertTrue(!c.from().equals(c.to()) && c.id() == id, c::toString);
            }
            assertEquals(new SessionEvent.TorrentRemoved(about.get(about.size() - 1).seq(), id,
                    Metainfo.parse(file).infoHash().hex()), about.get(about.size() - 1), "the removal comes last");
            assertTrue(seen.stream().anyMatch(e -> e instanceof SessionEvent.Stats s && s.session().torrents() == 1));
        }
    }

    @Test
    void aSubscriberThatDoesNotReadIsToldWhatItLostAndAnotherMissesNothing() throws Exception {
        byte[] file = TestTorrents.singleFileBytes("one.bin", data, PIECE);
        try (Session leech = session(new MemoryStorage(data.length, 1), 2);
             Subscription<SessionEvent> slow = leech.control().subscribe(4);
             Subscription<SessionEvent> reader = leech.control().subscribe(Subscription.DEFAULT_CAPACITY)) {
            List<SessionEvent> seen = new java.util.ArrayList<>();
            int id = get(leech.control().add(new AddRequest(new AddRequest.TorrentFile(file), null, null, null, null,
                    false, false, true, List.of(), Set.of()))).details().summary().id();
            for (int i = 0; i < 5; i++) {
                get(leech.control().start(id));
                get(leech.control().pause(id));
            }
            awaitEvent(reader, seen, e -> seen.stream().filter(x -> x instanceof SessionEvent.StateChanged c
                    && c.to().equals("paused")).count() == 5);

            List<SessionEvent> kept = new java.util.ArrayList<>();
            for (SessionEvent e; (e = slow.poll()) != null; ) {
                kept.add(e);
            }
            assertTrue(kept.size() <= 4, "held at most its capacity: " + kept);
            SessionEvent.Lost lost = assertInstanceOf(SessionEvent.Lost.class, kept.get(kept.size() - 1), kept::toString);
            assertEquals(kept.get(kept.size() - 2).seq(), lost.seq(), "the loss begins right after what it kept");
            assertEquals(seen.get(0).seq(), kept.get(0).seq(), "both saw the same first event");
            assertTrue(lost.count() >= 11 - 3, "at least the add and ten changes of state, less three kept: " + lost);

            slow.close();
            assertTrue(slow.available().isDone());
            get(leech.control().start(id));
            awaitEvent(reader, seen, e -> e instanceof SessionEvent.StateChanged c && c.from().equals("paused"));
            assertEquals(null, slow.poll(), "an unsubscribed queue gets nothing more");
        }
    }

    private static int indexOf(List<SessionEvent> events, Class<?> kind) {
        for (int i = 0; i < events.size(); i++) {
            if (kind.isInstance(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + kind.getSimpleName() + " in " + events);
    }

    /** Takes events into {@code seen} until one matches. */
    private static void awaitEvent(Subscription<SessionEvent> events, List<SessionEvent> seen,
            java.util.function.Predicate<SessionEvent> wanted) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            events.available().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            for (SessionEvent e; (e = events.poll()) != null; ) {
                assertFalse(e instanceof SessionEvent.Lost, "a subscriber that keeps up loses nothing: " + e);
                seen.add(e);
                if (wanted.test(e)) {
                    return;
                }
            }
        }
        throw new AssertionError("not within " + DEADLINE + ": the event awaited; seen " + seen);
    }

    private Session seeding(byte[] file) throws Exception {
        Session seed = session(MemoryStorage.filled(data, 1), 1);
        seed.add(params(Metainfo.parse(file), seedFolder, List.of())).completion()
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return seed;
    }

    private Session session(MemoryStorage storage, long seed) throws Exception {
        return Loopback.builder(storage, seed, UnaryOperator.identity()).outputFolder(root.resolve("s" + seed)).build();
    }

    private static AddRequest request(byte[] file, Session seed) {
        List<InetSocketAddress> peers = List.of(local(seed));
        return new AddRequest(new AddRequest.TorrentFile(file), null, null, null, null, true, false, false, peers, Set.of());
    }

    private static void assertRefused(Session s, AddRequest r, String why) throws Exception {
        Throwable e = cause(s.control().add(r));
        assertInstanceOf(MimException.BadInput.class, e, () -> String.valueOf(e));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static Throwable cause(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        return e.getCause();
    }

    private static TorrentStats stats(Session s, int id) {
        try {
            return s.control().stats(id);
        } catch (NoSuchTorrentException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}
