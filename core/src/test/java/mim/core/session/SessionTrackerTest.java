package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.Metainfo;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.PeerSource;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TrackerClient;
import mim.core.testing.LeakCheck;
import mim.core.wire.EncryptionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session finding its peers through the torrent's tracker: the announces it sends (started, the
 * refresh interval, stopped before close returns), the peers the tracker gives it, a tracker that
 * cannot be reached shown in the torrent's status, and a private torrent kept to trackers.
 */
@ExtendWith(LeakCheck.class)
class SessionTrackerTest {
    private static final int PIECE = 32 * 1024;
    private static final String ANNOUNCE = "http://tracker.invalid:6969/announce";

    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final byte[] data = TestTorrents.content(12 * PIECE + 77, 7);

    @Test
    void downloadsFromThePeerTheTrackerNamesAndSaysStoppedBeforeCloseReturns() throws Exception {
        Metainfo m = TestTorrents.singleFile("tracked.bin", data, PIECE, ANNOUNCE, false);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        Tracker tracker = new Tracker();
        int leechPort;
        try (Session seed = session(MemoryStorage.filled(data, 1), 1, EncryptionPolicy.PREFER, List.of(), null);
             Session leech = session(leechStore, 2, EncryptionPolicy.PREFER, List.of(tracker), null)) {
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            tracker.peers = List.of(local(seed));
            leechPort = leech.listenPort();
            Torrent t = leech.add(params(m, leechFolder, List.of()));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await(() -> t.status().sources().contains("tracker: " + ANNOUNCE + ": 1 peer"), "the tracker's status shows");
        }
        assertArrayEquals(data, leechStore.content());
        List<AnnounceRequest> sent = tracker.requests();
        assertEquals(TorrentEvent.STARTED, sent.get(0).event());
        assertArrayEquals(m.infoHash().truncated(), sent.get(0).infoHash());
        assertEquals(leechPort, sent.get(0).port());
        assertEquals(TorrentEvent.STOPPED, sent.get(sent.size() - 1).event(), "stopped was sent before close returned");
        assertEquals(0, sent.get(sent.size() - 1).stats().left(), "and says the download is complete");
    }

    @Test
    void aLinkFetchedForItsMetadataAloneSaysStoppedToItsTracker() throws Exception {
        Metainfo m = TestTorrents.singleFile("tracked.bin", data, PIECE, ANNOUNCE, false);
        Tracker tracker = new Tracker();
        try (Session seed = session(MemoryStorage.filled(data, 1), 1, EncryptionPolicy.PREFER, List.of(), null);
             Session leech = session(new MemoryStorage(data.length, 1), 2, EncryptionPolicy.PREFER, List.of(tracker),
                     null)) {
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            tracker.peers = List.of(local(seed));
            MagnetLink link = MagnetLink.builder().infoHashV1(m.infoHash()).tracker(ANNOUNCE).build();
            MetadataFetch fetch = leech.addMagnet(new MagnetParams(link, leechFolder, x -> null, false, List.of(), true));
            assertArrayEquals(m.rawInfo(), fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).rawInfo());
            await(() -> tracker.requests().size() == 2, "a second announce");
        }
        List<AnnounceRequest> sent = tracker.requests();
        assertEquals(List.of(TorrentEvent.STARTED, TorrentEvent.STOPPED), sent.stream().map(AnnounceRequest::event).toList());
    }

    @Test
    void announcesAtTheRefreshIntervalInsteadOfTheTrackers() throws Exception {
        Metainfo m = TestTorrents.singleFile("tracked.bin", data, PIECE, ANNOUNCE, false);
        Tracker tracker = new Tracker();
        try (Session leech = session(new MemoryStorage(data.length, 1), 2, EncryptionPolicy.PREFER, List.of(tracker),
                Duration.ofSeconds(1))) {
            leech.add(params(m, leechFolder, List.of()));
            await(() -> tracker.requests().size() >= 3, "three announces");
        }
        List<Long> at = tracker.times();
        for (int i = 1; i < 3; i++) {
            long gap = at.get(i) - at.get(i - 1);
            // The tracker asks for an hour; the user for a second.
            assertTrue(gap >= TimeUnit.MILLISECONDS.toNanos(900) && gap < TimeUnit.SECONDS.toNanos(20),
                    "announce " + i + " came " + gap / 1_000_000 + " ms after the one before");
        }
    }

    @Test
    void anUnreachableTrackerIsShownInTheStatusWithItsRetry() throws Exception {
        Metainfo m = TestTorrents.singleFile("tracked.bin", data, PIECE, ANNOUNCE, false);
        Tracker tracker = new Tracker();
        tracker.failure = "connection refused";
        try (Session leech = session(new MemoryStorage(data.length, 1), 2, EncryptionPolicy.PREFER, List.of(tracker),
                null)) {
            Torrent t = leech.add(params(m, leechFolder, List.of()));
            await(() -> t.status().sources().stream().anyMatch(
                    s -> s.startsWith("tracker: all trackers failed (") && s.contains("connection refused")
                            && s.matches(".*retrying in \\d+s$")), "the failure is in the status");
            assertEquals(Torrent.State.DOWNLOADING, t.state());
        }
    }

    @Test
    void aPrivateTorrentUsesTheTrackerAndNoOtherSource() throws Exception {
        Metainfo open = TestTorrents.singleFile("open.bin", data, PIECE, ANNOUNCE, false);
        Metainfo closed = TestTorrents.singleFile("private.bin", data, PIECE, ANNOUNCE, true);
        Tracker tracker = new Tracker();
        List<String> askedOther = new CopyOnWriteArrayList<>();
        PeerSource other = new PeerSource() {
            @Override
            public String name() {
                return "elsewhere";
            }

            @Override
            public PeerLookup start(TorrentIdentity torrent, PeerSink sink) {
                askedOther.add(torrent.infoHashHex());
                return new PeerLookup() {
                    @Override
                    public void event(TorrentEvent event, mim.core.spi.TransferStats stats) {
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        try (Session leech = Loopback.builder(new MemoryStorage(data.length, 1), 2, w -> w.withEncryption(EncryptionPolicy.PREFER))
                .peerSources(List.of(other)).trackers(List.of(tracker), null).build()) {
            leech.add(params(open, seedFolder, List.of()));
            leech.add(params(closed, leechFolder, List.of()));
            await(() -> tracker.requests().size() >= 2, "both torrents announced");
        }
        assertEquals(List.of(open.infoHash().hex()), askedOther, "only the public torrent asked elsewhere");
    }

    /**
     * A tracker answering in-process: every announce recorded with its time, answered with the
     * peers set (and an hour's interval), or failed with {@link #failure} when set.
     */
    private static final class Tracker implements TrackerClient {
        volatile List<InetSocketAddress> peers = List.of();
        volatile String failure;
        private final List<AnnounceRequest> requests = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();

        @Override
        public String name() {
            return "test-tracker";
        }

        @Override
        public boolean supports(URI tracker) {
            return tracker.getScheme().equals("http");
        }

        @Override
        public synchronized CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
            requests.add(request);
            times.add(System.nanoTime());
            if (failure != null) {
                return CompletableFuture.failedFuture(new MimException.Network(failure));
            }
            return CompletableFuture.completedFuture(
                    new AnnounceResponse(Duration.ofHours(1), null, null, null, peers, 1, 0));
        }

        synchronized List<AnnounceRequest> requests() {
            return List.copyOf(requests);
        }

        synchronized List<Long> times() {
            return List.copyOf(times);
        }

        @Override
        public void close() {
        }
    }
}
