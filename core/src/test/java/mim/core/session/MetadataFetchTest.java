package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.Metainfo;
import mim.core.metainfo.TorrentBuilder;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A magnet link's metadata fetched from peers on loopback: from a seeding session of ours (dialled,
 * or dialling us), past a
 * peer whose metadata does not hash (banned), one that announces too much (dropped), and one that
 * never answers (dropped after the request timeout, and overtaken by another peer well before it); saved, so a second run needs no peer at all;
 * and stopped cleanly, writing nothing, when the session closes first.
 */
@ExtendWith(LeakCheck.class)
class MetadataFetchTest {
    private static final int PIECE = 16 * 1024;
    private static final byte[] DATA = TestTorrents.content(64 * PIECE + 321, 9);

    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final Metainfo torrent = metainfo();

    private static Metainfo metainfo() {
        try {
            return TestTorrents.singleFile("magnet.bin", DATA, PIECE);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private MagnetLink link(InetSocketAddress... peers) {
        MagnetLink.Builder b = MagnetLink.builder().infoHashV1(torrent.infoHash()).name("magnet.bin");
        for (InetSocketAddress p : peers) {
            b.peer(new MagnetLink.Peer(p.getAddress().getHostAddress(), p.getPort()));
        }
        return b.build();
    }

    private Session seeder() throws Exception {
        Session seed = session(MemoryStorage.filled(DATA, 1), 1);
        seed.add(params(torrent, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return seed;
    }

    @Test
    void downloadsAMagnetLinkWhoseOnlyPeerIsInItsXpe() throws Exception {
        MemoryStorage leechStore = new MemoryStorage(DATA.length, 1);
        try (Session seed = seeder(); Session leech = session(leechStore, 2)) {
            MetadataFetch fetch = leech.addMagnet(MagnetParams.download(link(local(seed)), leechFolder, List.of()));

            Metainfo fetched = fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(torrent.rawInfo(), fetched.rawInfo());
            Torrent t = fetch.torrent().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(MetadataFetch.State.DONE, fetch.state());
            assertEquals("metadata complete", fetch.status().describe());
        }
        assertArrayEquals(DATA, leechStore.content());
        Path saved = MetadataFetch.savedTorrentPath(leechFolder, torrent.infoHash());
        assertArrayEquals(torrent.rawInfo(), Metainfo.parse(Files.readAllBytes(saved)).rawInfo(), "saved whole");
    }

    @Test
    void fetchesFromAPeerThatConnectsToUsThenDownloadsFromIt() throws Exception {
        MemoryStorage leechStore = new MemoryStorage(DATA.length, 1);
        try (Session seed = session(MemoryStorage.filled(DATA, 1), 1); Session leech = session(leechStore, 2)) {
            Torrent seeding = seed.add(params(torrent, seedFolder, List.of()));
            seeding.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            MetadataFetch fetch = leech.addMagnet(MagnetParams.download(link(), leechFolder, List.of()));

            seeding.addPeers("test", List.of(local(leech)));
            assertArrayEquals(torrent.rawInfo(), fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).rawInfo());
            fetch.torrent().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).completion()
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertArrayEquals(DATA, leechStore.content());
    }

    @Test
    void aPeerWhoseMetadataDoesNotHashIsBannedAndTheFetchCompletesFromAnother() throws Exception {
        InetAddress liarIp = InetAddress.getByName("127.0.0.2");
        try (Session seed = seeder(); Session leech = session(new MemoryStorage(DATA.length, 1), 2);
             MetadataPeer liar = new MetadataPeer(MetadataPeer.Kind.CORRUPT, torrent.infoHash().truncated(),
                     torrent.rawInfo(), liarIp)) {
            MetadataFetch fetch = leech.addMagnet(metadataOnly(link(liar.address())));
            liar.hungUp().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await(() -> onLoop(fetch, () -> fetch.isBanned(liarIp)), "the liar is banned");
            assertFalse(fetch.metadata().isDone(), "the corrupt metadata was not taken");

            fetch.addPeers(List.of(local(seed), liar.address()));
            Metainfo fetched = fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(torrent.rawInfo(), fetched.rawInfo());
            assertEquals(1, liar.connections(), "a banned address is not dialled again");
            assertThrows(CancellationException.class, () -> fetch.torrent().get(), "metadata only: no torrent");
        }
    }

    @Test
    void theTorrentAFetchStartsKeepsItsBans() throws Exception {
        InetAddress liarIp = InetAddress.getByName("127.0.0.2");
        MemoryStorage leechStore = new MemoryStorage(DATA.length, 1);
        try (Session seed = seeder(); Session leech = session(leechStore, 2);
             MetadataPeer liar = new MetadataPeer(MetadataPeer.Kind.CORRUPT, torrent.infoHash().truncated(),
                     torrent.rawInfo(), liarIp)) {
            MetadataFetch fetch = leech.addMagnet(MagnetParams.download(link(liar.address()), leechFolder, List.of()));
            await(() -> onLoop(fetch, () -> fetch.isBanned(liarIp)), "the liar is banned");

            fetch.addPeers(List.of(local(seed)));
            Torrent t = fetch.torrent().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertTrue(Loopback.onLoop(t, () -> t.bans().isBanned(liarIp)), "the torrent inherits the ban");
            assertEquals(1, liar.connections(), "the liar, though the link names it, is not dialled again");
        }
        assertArrayEquals(DATA, leechStore.content());
    }

    @Test
    void aPeerAnnouncingMoreMetadataThanTheLimitIsDroppedUnasked() throws Exception {
        try (Session seed = seeder(); Session leech = session(new MemoryStorage(DATA.length, 1), 2);
             MetadataPeer big = new MetadataPeer(MetadataPeer.Kind.OVERSIZED, torrent.infoHash().truncated(),
                     torrent.rawInfo(), InetAddress.getByName("127.0.0.3"))) {
            MetadataFetch fetch = leech.addMagnet(metadataOnly(link(big.address())));
            big.hungUp().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

            fetch.addPeers(List.of(local(seed)));
            fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, big.requests(), "nothing was asked of it");
        }
    }

    @Test
    void aPeerThatNeverAnswersIsDroppedAfterTheRequestTimeoutAndOthersServe() throws Exception {
        UnaryOperator<Session.Builder> quick = b -> b.metadataRequestTimeout(Duration.ofSeconds(1));
        try (Session seed = seeder();
             Session leech = quick.apply(Loopback.builder(new MemoryStorage(DATA.length, 1), 2, w -> w)).build();
             MetadataPeer silent = new MetadataPeer(MetadataPeer.Kind.SILENT, torrent.infoHash().truncated(),
                     torrent.rawInfo(), InetAddress.getByName("127.0.0.4"))) {
            MetadataFetch fetch = leech.addMagnet(metadataOnly(link(silent.address())));
            await(() -> silent.requests() > 0, "the silent peer was asked");
            fetch.addPeers(List.of(local(seed)));

            fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertTrue(silent.hungUp().isDone(), "dropped before its piece went to the other peer");
        }
    }

    @Test
    void aPieceASilentPeerSitsOnIsAskedOfAnotherLongBeforeTheRequestTimeout() throws Exception {
        Duration timeout = Duration.ofMinutes(10);
        UnaryOperator<Session.Builder> patient = b -> b.metadataRequestTimeout(timeout);
        try (Session seed = seeder();
             Session leech = patient.apply(Loopback.builder(new MemoryStorage(DATA.length, 1), 2, w -> w)).build();
             MetadataPeer silent = new MetadataPeer(MetadataPeer.Kind.SILENT, torrent.infoHash().truncated(),
                     torrent.rawInfo(), InetAddress.getByName("127.0.0.5"))) {
            MetadataFetch fetch = leech.addMagnet(metadataOnly(link(silent.address())));
            await(() -> silent.requests() > 0, "the silent peer was asked");
            fetch.addPeers(List.of(local(seed)));

            // Well within the deadline, far shorter than the timeout: the seed was asked too.
            assertTrue(DEADLINE.compareTo(timeout) < 0);
            assertArrayEquals(torrent.rawInfo(), fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).rawInfo());
        }
    }

    @Test
    void aSecondRunStartsFromTheSavedTorrentWithNoPeerAtAll() throws Exception {
        try (Session seed = seeder(); Session first = session(new MemoryStorage(DATA.length, 1), 2)) {
            first.addMagnet(metadataOnly(link(local(seed)))).metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        try (Session second = session(new MemoryStorage(DATA.length, 1), 3)) {
            MetadataFetch fetch = second.addMagnet(MagnetParams.download(link(), leechFolder, List.of()));
            assertArrayEquals(torrent.rawInfo(), fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).rawInfo());
            Torrent t = fetch.torrent().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(torrent.infoHash(), t.infoHash());
            // Past its check before the session closes: a torrent closed while checking races its own start.
            await(() -> t.state() == Torrent.State.DOWNLOADING, "the torrent checked its (empty) storage");
        }
    }

    @Test
    void aHybridLinkIsVerifiedAgainstItsV1HashAndRefusedWhenItsV2HashDisagrees() throws Exception {
        Path file = Files.write(seedFolder.resolve("hybrid.bin"), DATA);
        Metainfo hybrid = Metainfo.parse(TorrentBuilder.of(file).pieceLength(PIECE).hybrid(true).build(n -> { }).bytes());
        Path wrongFolder = Files.createDirectories(leechFolder.resolve("wrong"));
        try (Session seed = session(MemoryStorage.filled(DATA, 1), 1);
             Session leech = session(new MemoryStorage(DATA.length, 1), 2)) {
            seed.add(params(hybrid, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            MagnetLink.Builder right = MagnetLink.builder().infoHashV1(hybrid.infoHashV1()).infoHashV2(hybrid.infoHashV2())
                    .peer(new MagnetLink.Peer("127.0.0.1", seed.listenPort()));
            MetadataFetch good = leech.addMagnet(new MagnetParams(right.build(), leechFolder, m -> null, false,
                    List.of(), true));
            assertArrayEquals(hybrid.rawInfo(), good.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).rawInfo());

            try (Session other = session(new MemoryStorage(DATA.length, 1), 3)) {
                MagnetLink wrong = MagnetLink.builder().infoHashV1(hybrid.infoHashV1())
                        .infoHashV2(InfoHash.v2(new byte[InfoHash.V2_LENGTH]))
                        .peer(new MagnetLink.Peer("127.0.0.1", seed.listenPort())).build();
                MetadataFetch bad = other.addMagnet(new MagnetParams(wrong, wrongFolder, m -> null, false, List.of(), true));
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> bad.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("is not the link's"), e.getCause().getMessage());
                assertEquals(MetadataFetch.State.FAILED, bad.state());
            }
        }
        assertFalse(Files.exists(wrongFolder.resolve(".mim")), "nothing saved for the link that lied");
    }

    @Test
    void closingTheSessionStopsAFetchAndWritesNothing() throws Exception {
        MetadataFetch fetch;
        try (Session leech = session(new MemoryStorage(DATA.length, 1), 2)) {
            fetch = leech.addMagnet(MagnetParams.download(link(), leechFolder, List.of()));
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> fetch.metadata().get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("stopped"), e.getCause().getMessage());
        assertThrows(ExecutionException.class, () -> fetch.torrent().get(1, TimeUnit.SECONDS));
        assertEquals(MetadataFetch.State.STOPPED, fetch.state());
        assertFalse(Files.exists(leechFolder.resolve(".mim")), "nothing written");
    }

    private MagnetParams metadataOnly(MagnetLink link) {
        return new MagnetParams(link, leechFolder, m -> null, false, List.of(), true);
    }

    private static <T> T onLoop(MetadataFetch fetch, java.util.concurrent.Callable<T> question) {
        try {
            return fetch.loop().submit(question).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
