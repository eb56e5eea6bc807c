package mim.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mim.interop.ClientKind;
import mim.interop.Download;
import mim.interop.Opentracker;
import mim.interop.Swarm;
import mim.interop.Torrent;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * mim finding its seeder, and its leechers finding mim, through opentracker alone, over HTTP and
 * over UDP announce URLs: no {@code --peer}. Every byte is compared (SHA-256).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MimTrackersIT {
    private static final Duration TRANSFER = Duration.ofSeconds(60);

    /** Every client over HTTP; over UDP all but aria2, whose UDP announces come from the wrong address. */
    static Stream<Arguments> seedersAndProtocols() {
        return Stream.of(ClientKind.values()).flatMap(kind -> kind == ClientKind.ARIA2
                ? Stream.of(Arguments.of(kind, false))
                : Stream.of(Arguments.of(kind, false), Arguments.of(kind, true)));
    }

    @ParameterizedTest(name = "{0}, udp={1}")
    @MethodSource("seedersAndProtocols")
    void downloadsFromEachClientFoundThroughTheTracker(ClientKind kind, boolean udp) {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false,
                    udp ? tracker.udpUrl() : tracker.httpUrl());
            swarm.client(kind).seed(torrent, data);

            Download mim = swarm.mim().exitOnFinish().leech(torrent, swarm.newDir("out"));

            MimLeechesIT.assertComplete(swarm, data, mim, torrent);
        }
    }

    /** rtorrent over both; aria2 over HTTP only: without its DHT it has no UDP socket to announce from. */
    static Stream<Arguments> leechersAndProtocols() {
        return Stream.of(Arguments.of(ClientKind.RTORRENT, false), Arguments.of(ClientKind.RTORRENT, true),
                Arguments.of(ClientKind.ARIA2, false));
    }

    /**
     * mim seeds on a loopback address of its own, not 127.0.0.1, and announces from it, so the
     * tracker lists it where it listens (the seed start waits for that listing); each leecher is
     * told of mim by the tracker only.
     */
    @ParameterizedTest(name = "{0}, udp={1}")
    @MethodSource("leechersAndProtocols")
    void seedsToEachClientThatFoundItThroughTheTracker(ClientKind kind, boolean udp) {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false,
                    udp ? tracker.udpUrl() : tracker.httpUrl());
            swarm.mim().seed(torrent, data);

            Download leecher = swarm.client(kind).leech(torrent, swarm.newDir("out"));

            leecher.awaitComplete(TRANSFER);
            MimSeedsIT.assertSameContent(swarm, kind, data, leecher, torrent);
        }
    }
}
