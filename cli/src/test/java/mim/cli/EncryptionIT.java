package mim.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mim.interop.ClientKind;
import mim.interop.Download;
import mim.interop.Encryption;
import mim.interop.ManagedProcess;
import mim.interop.Mim;
import mim.interop.Opentracker;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.Torrent;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Peer-wire encryption (MSE/PE) with every client set to require it: each seeds to mim, in mim's
 * default mode and with encryption required, and mim requiring it seeds to libtorrent requiring it.
 * A client that requires encryption turns plaintext away (checked for libtorrent and rtorrent
 * below), so a completed transfer was encrypted. Every byte is compared (SHA-256). The seeders are
 * on a tracker too (rtorrent will not run a torrent without one); mim dials them ({@code --peer}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EncryptionIT {
    private static final long SIZE = 4L * 1024 * 1024 + 17;
    private static final Duration TRANSFER = Duration.ofSeconds(60);

    static Stream<Arguments> seedersAndMimModes() {
        return Stream.of(ClientKind.values()).flatMap(kind ->
                Stream.of(Arguments.of(kind, Encryption.PREFER), Arguments.of(kind, Encryption.REQUIRE)));
    }

    @ParameterizedTest(name = "{0} requiring encryption, mim {1}")
    @MethodSource("seedersAndMimModes")
    void downloadsFromEachClientThatRequiresEncryption(ClientKind kind, Encryption mimMode) {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("secret.bin", SIZE);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            Peer seeder = swarm.client(kind).encryption(Encryption.REQUIRE).seed(torrent, data);

            Download mim = swarm.mim().connectTo(seeder).exitOnFinish().encryption(mimMode)
                    .leech(torrent, swarm.newDir("out"));

            MimLeechesIT.assertComplete(swarm, data, mim, torrent);
        }
    }

    /**
     * The other half of the proof: mim with {@code --encryption disable} dials the seeder, which hangs
     * up on the plaintext handshake, and gets nothing.
     */
    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"LIBTORRENT", "RTORRENT"})
    void aSeederThatRequiresEncryptionTurnsAPlaintextMimAway(ClientKind kind) {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("secret.bin", SIZE);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            Peer seeder = swarm.client(kind).encryption(Encryption.REQUIRE).seed(torrent, data);

            Mim plain = swarm.mim();
            InetSocketAddress at = plain.address();
            ManagedProcess mim = plain.command("-v", "debug", "--disable-dht", "download",
                    "--no-server", "--encryption", "disable",
                    "-o", swarm.newDir("out").toString(), "--listen-addr",
                    at.getAddress().getHostAddress() + ":" + at.getPort(), "--peer", seeder.hostPort(),
                    torrent.file().toString());

            // libtorrent closes the connection, rtorrent resets it.
            String peer = ": peer /" + seeder.hostPort() + ": ";
            mim.awaitLine("the seeder hanging up", l -> l.contains("PeerDispatcher - PEER_CLOSED" + peer)
                    || l.contains("PeerDispatcher - IO_ERROR" + peer), TRANSFER);
            assertTrue(mim.isAlive(), mim::output);
            assertFalse(mim.logContains(": download complete"), mim::output);
            assertTrue(mim.output().lines().filter(l -> l.startsWith(torrent.name() + " "))
                    .allMatch(l -> l.contains(" 0.0% ")), "not a byte arrived:\n" + mim.output());
        }
    }

    /** mim requiring encryption seeds to libtorrent requiring it, dialing it or dialed by it. */
    @ParameterizedTest(name = "mim dials: {0}")
    @ValueSource(booleans = {true, false})
    void seedsWithEncryptionRequiredToALibtorrentThatRequiresItToo(boolean mimDials) {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Download leecher;
            if (mimDials) {
                leecher = swarm.libtorrent().encryption(Encryption.REQUIRE).leech(torrent, swarm.newDir("out"));
                swarm.mim().connectTo(leecher).encryption(Encryption.REQUIRE).seed(torrent, data);
            } else {
                Peer mim = swarm.mim().encryption(Encryption.REQUIRE).seed(torrent, data);
                leecher = swarm.libtorrent().connectTo(mim).encryption(Encryption.REQUIRE)
                        .leech(torrent, swarm.newDir("out"));
            }

            leecher.awaitComplete(TRANSFER);
            MimSeedsIT.assertSameContent(swarm, ClientKind.LIBTORRENT, data, leecher, torrent);
        }
    }
}
