package mim.plugin.pex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.Metainfo;
import mim.core.metainfo.TorrentBuilder;
import mim.core.session.MagnetParams;
import mim.core.session.MetadataFetch;
import mim.core.session.Session;
import mim.core.session.SessionConfig;
import mim.core.session.Torrent;
import mim.core.session.TorrentParams;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.WireExtension;
import mim.core.spi.WireHandler;
import mim.core.testing.LeakCheck;
import mim.core.testing.MetadataLessPeer;
import mim.core.wire.PeerId;
import mim.core.wire.WireConfig;
import mim.plugin.storage.files.FilesStorageBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer exchange between sessions of ours on loopback, content in files: a downloader that knows only
 * a peer without data learns the seed from that peer's ut_pex and downloads from it, and so does a
 * magnet link's whose only peer has not even the metadata; on a private torrent no session starts
 * peer exchange at all.
 */
@ExtendWith(LeakCheck.class)
class PexSessionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Short, so that the middle peer's first ut_pex goes out at its first tick. */
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int SIZE = 40 * 16 * 1024 + 321;

    @TempDir
    Path dir;

    @Test
    void aDownloaderLearnsTheSeedFromItsOnlyPeerAndDownloadsFromIt() throws Exception {
        Path content = content();
        Metainfo m = torrent(content, false);
        Counting pexM = new Counting();
        // The seed runs no peer exchange: it cannot learn of the downloader and dial it; the
        // downloader must dial the seed.
        try (Session seed = session(1, List.of()); Session middle = session(2, List.of(new Counting()));
             Session downloader = session(3, List.of(pexM))) {
            seed.add(new TorrentParams(m, content.getParent(), null, true, List.of()))
                    .completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            // The middle peer wants no file: it has nothing to give, and stays connected to the seed.
            middle.add(new TorrentParams(m, dir.resolve("middle"), Set.of(), false, List.of(local(seed))));
            Torrent t = downloader.add(new TorrentParams(m, dir.resolve("downloader"), null, false,
                    List.of(local(middle))));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, pexM.started.get());
        }
        assertArrayEquals(Files.readAllBytes(content), Files.readAllBytes(dir.resolve("downloader/data.bin")),
                "every byte came from the seed the middle peer named");
    }

    @Test
    void aMagnetLinksOnlyPeerWithoutMetadataNamesTheSeedOverUtPexAndTheDownloadCompletes() throws Exception {
        Path content = content();
        Metainfo m = torrent(content, false);
        InetAddress seedHost = InetAddress.getByName("127.0.0.2");
        Counting pex = new Counting();
        try (Session seed = session(1, List.of(), seedHost); Session downloader = session(3, List.of(pex));
             MetadataLessPeer middle = MetadataLessPeer.start(m.infoHash().truncated(), Map.of(PexExtension.NAME, 5),
                     InetAddress.getByName("127.0.0.3"))) {
            seed.add(new TorrentParams(m, content.getParent(), null, true, List.of()))
                    .completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            MagnetLink link = MagnetLink.builder().infoHashV1(m.infoHash())
                    .peer(new MagnetLink.Peer("127.0.0.3", middle.address().getPort())).build();
            MetadataFetch fetch = downloader.addMagnet(MagnetParams.download(link, dir.resolve("downloader"), List.of()));

            middle.awaitTheirHandshake(DEADLINE);
            InetSocketAddress seedAddress = new InetSocketAddress(seedHost, seed.listenPort());
            middle.sendExtended(PexExtension.NAME,
                    new PexMessage(List.of(new PexMessage.Peer(seedAddress, PexMessage.SEED)), List.of()).encode());
            fetch.torrent().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).completion()
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertTrue(fetch.status().sources().contains("pex: 1 peer heard of"), fetch.status().sources()::toString);
            assertEquals(2, pex.started.get(), "started for the fetch, then for the torrent");
        }
        assertArrayEquals(Files.readAllBytes(content), Files.readAllBytes(dir.resolve("downloader/data.bin")),
                "every byte came from the seed the metadata-less peer named");
    }

    @Test
    void noSessionStartsPeerExchangeForAPrivateTorrent() throws Exception {
        Path content = content();
        Metainfo m = torrent(content, true);
        Counting pexS = new Counting();
        Counting pexX = new Counting();
        Counting pexM = new Counting();
        try (Session seed = session(1, List.of(pexS)); Session middle = session(2, List.of(pexX));
             Session downloader = session(3, List.of(pexM))) {
            seed.add(new TorrentParams(m, content.getParent(), null, true, List.of()))
                    .completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            middle.add(new TorrentParams(m, dir.resolve("middle"), Set.of(), false, List.of(local(seed))));
            downloader.add(new TorrentParams(m, dir.resolve("downloader"), null, false,
                    List.of(local(middle), local(seed)))).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(0, pexS.started.get() + pexX.started.get() + pexM.started.get(),
                "not started, so no ut_pex was announced or sent");
    }

    private Path content() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(11).nextBytes(data);
        Path file = Files.createDirectories(dir.resolve("seed")).resolve("data.bin");
        Files.write(file, data);
        return file;
    }

    private static Metainfo torrent(Path content, boolean isPrivate) throws Exception {
        byte[] bytes = TorrentBuilder.of(content).pieceLength(16 * 1024).isPrivate(isPrivate).threads(1)
                .build(done -> { }).bytes();
        return Metainfo.parse(bytes);
    }

    private static Session session(long seed, List<WireExtension> extensions) throws Exception {
        return session(seed, extensions, InetAddress.getLoopbackAddress());
    }

    private static Session session(long seed, List<WireExtension> extensions, InetAddress host) throws Exception {
        WireConfig wire = WireConfig.defaults(PeerId.generate("-MM0001-", new Random(seed)));
        return Session.builder()
                .config(SessionConfig.defaults(wire).withListenAddress(new InetSocketAddress(host, 0)))
                .networkThreads(1)
                .storage(new FilesStorageBackend())
                .wireExtensions(extensions)
                .build();
    }

    private static InetSocketAddress local(Session s) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.listenPort());
    }

    /** Peer exchange at a one-second pace, counting the torrents it was started for. */
    private static final class Counting implements WireExtension {
        final PexExtension pex = new PexExtension(INTERVAL, System::nanoTime);
        final AtomicInteger started = new AtomicInteger();

        @Override
        public String name() {
            return pex.name();
        }

        @Override
        public WireHandler start(TorrentIdentity torrent, PeerSink sink) {
            started.incrementAndGet();
            return pex.start(torrent, sink);
        }
    }
}
