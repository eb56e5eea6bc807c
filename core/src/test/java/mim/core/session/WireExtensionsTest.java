package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import mim.core.metainfo.Metainfo;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.WireExtension;
import mim.core.spi.WireHandler;
import mim.core.spi.WirePeer;
import mim.core.testing.LeakCheck;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.WireConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's side of plugin wire extensions (BEP 10): each is announced under an id of ours, gets
 * the messages sent under it, sends under the peer's id, hears of every established peer (extension
 * speaker or not) joining and leaving and of a tick a second; a private torrent neither starts nor
 * announces an extension that refuses private torrents; a handler that throws is stopped alone.
 */
@ExtendWith(LeakCheck.class)
class WireExtensionsTest {
    private static final int PIECE = 16 * 1024;
    private static final byte[] DATA = TestTorrents.content(8 * PIECE + 5, 9);
    private static final int THEIR_ECHO_ID = 9;
    private static final int THEIR_PORT = 7777;

    @TempDir
    Path folder;

    @Test
    void anExtensionIsAnnouncedAndEchoesUnderThePeersId() throws Exception {
        Echo echo = new Echo("x_echo", false);
        Metainfo m = TestTorrents.singleFile("echo.bin", DATA, PIECE);
        try (Session seed = seeding(m, List.of(echo))) {
            exchange(seed, m, echo);
            await(() -> echo.left.get() == 1, "the peer left");
            assertEquals(0, echo.closed.get());
        }
        assertEquals(1, echo.closed.get(), "the handler is closed when the torrent stops");
    }

    private static void exchange(Session seed, Metainfo m, Echo echo) throws Exception {
        try (RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
            ExtensionHandshake ours = peer.readExtensionHandshake();
            assertEquals(OptionalInt.of(WireExtensions.FIRST_WIRE_ID), ours.idOf("x_echo"));
            assertEquals(OptionalInt.of(ExtensionHandshake.OUR_UT_METADATA_ID), ours.idOf(ExtensionHandshake.UT_METADATA));
            peer.sendExtended(0, handshake(Map.of("x_echo", THEIR_ECHO_ID), THEIR_PORT));

            peer.sendExtended(77, ascii("nobody's"));
            peer.sendExtended(WireExtensions.FIRST_WIRE_ID, ascii("hello"));
            RawPeer.Received back = peer.readExtended();
            assertEquals(THEIR_ECHO_ID, back.id());
            assertArrayEquals(ascii("hello"), back.payload());
            assertEquals(List.of("hello"), echo.received, "the unannounced id reached nobody");
            assertEquals(List.of(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), THEIR_PORT))),
                    echo.listenAddresses, "an incoming peer is dialled at its IP and the port it named");
            assertFalse(echo.encrypted.get(0));
        }
    }

    @Test
    void peersThatDoNotSpeakTheExtensionJoinAndLeaveToo() throws Exception {
        Echo echo = new Echo("x_echo", false);
        Metainfo m = TestTorrents.singleFile("echo.bin", DATA, PIECE);
        try (Session seed = seeding(m, List.of(echo))) {
            try (RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
                peer.readExtensionHandshake();
                peer.sendExtended(0, handshake(Map.of(), 0));
                await(() -> echo.joined.get() == 1, "the peer joined");
                await(() -> echo.ticks.get() >= 2, "two ticks");
                assertEquals(List.of(false), echo.enabledAtTick.subList(0, 1),
                        "the peer did not enable the extension");
            }
            await(() -> echo.left.get() == 1, "the peer left");
        }
    }

    @Test
    void anOutgoingPeerIsListedAtTheAddressWeDialledAndSeenAsASeedOverAnEncryptedLink() throws Exception {
        Echo echo = new Echo("x_echo", false);
        Metainfo m = TestTorrents.singleFile("echo.bin", DATA, PIECE);
        UnaryOperator<WireConfig> encrypted = w -> w.withEncryption(EncryptionPolicy.REQUIRE);
        try (Session seed = seeding(m, List.of(), encrypted);
             Session leech = Loopback.builder(new MemoryStorage(DATA.length, 1), 2, encrypted)
                     .wireExtensions(List.of(echo)).build()) {
            // Wanting no file, the leech stays connected to the seed without downloading.
            leech.add(new TorrentParams(m, folder.resolve("leech"), java.util.Set.of(), true, List.of(local(seed))));
            await(() -> echo.seedAtTick.contains(true), "the seed seen as one at a tick");
            assertEquals(Optional.of(local(seed)), echo.listenAddresses.get(0));
            assertTrue(echo.encryptedAtTick.contains(true));
        }
    }

    @Test
    void aPrivateTorrentRunsOnlyExtensionsAllowedThere() throws Exception {
        Echo refuses = new Echo("ut_pex", false);
        Echo allows = new Echo("x_private", true);
        Metainfo m = TestTorrents.singleFile("private.bin", DATA, PIECE, null, true);
        try (Session seed = seeding(m, List.of(refuses, allows));
             RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
            ExtensionHandshake ours = peer.readExtensionHandshake();
            assertEquals(OptionalInt.empty(), ours.idOf("ut_pex"), "no peer exchange on a private torrent");
            assertEquals(OptionalInt.of(WireExtensions.FIRST_WIRE_ID + 1), ours.idOf("x_private"),
                    "ids follow the session's order whether or not a torrent runs every extension");
            peer.sendExtended(0, handshake(Map.of("ut_pex", 4, "x_private", 5), THEIR_PORT));
            peer.sendExtended(WireExtensions.FIRST_WIRE_ID, ascii("ignored"));
            peer.sendExtended(WireExtensions.FIRST_WIRE_ID + 1, ascii("heard"));
            assertEquals(5, peer.readExtended().id());
            assertEquals(0, refuses.started.get(), "never started, so it can send nothing");
            assertEquals(List.of(), refuses.received);
        }
    }

    @Test
    void aHandlerMayCloseAPeerThatBreaksItsRules() throws Exception {
        Echo echo = new Echo("x_echo", false);
        Metainfo m = TestTorrents.singleFile("echo.bin", DATA, PIECE);
        try (Session seed = seeding(m, List.of(echo));
             RawPeer peer = echoPeer(seed, m)) {
            peer.sendExtended(WireExtensions.FIRST_WIRE_ID, ascii("close"));
            assertTrue(peer.closedByOtherSide());
        }
    }

    @Test
    void aHandlerThatThrowsIsStoppedAndTheConnectionLives() throws Exception {
        Echo echo = new Echo("x_echo", false);
        Metainfo m = TestTorrents.singleFile("echo.bin", DATA, PIECE);
        try (Session seed = seeding(m, List.of(echo));
             RawPeer peer = echoPeer(seed, m)) {
            peer.sendExtended(WireExtensions.FIRST_WIRE_ID, ascii("throw"));
            await(() -> echo.closed.get() == 1, "the failed handler closed");
            peer.sendExtended(WireExtensions.FIRST_WIRE_ID, ascii("after"));
            // A request the seed answers proves the connection alive and the message above handled.
            peer.send(2, new byte[0]);
            peer.sendExtended(0, handshake(Map.of("x_echo", THEIR_ECHO_ID, "ut_metadata", 3), 0));
            peer.sendExtended(ExtensionHandshake.OUR_UT_METADATA_ID, new mim.core.metadata.MetadataMessage.Request(0).encode());
            assertEquals(3, peer.readExtended().id());
            assertEquals(List.of("throw"), echo.received);
        }
    }

    @Test
    void aSecondExtensionOfANameAndOneCalledUtMetadataAreLeftOut() throws Exception {
        Echo first = new Echo("x_echo", false);
        Echo second = new Echo("x_echo", false);
        Echo clash = new Echo(ExtensionHandshake.UT_METADATA, false);
        Metainfo m = TestTorrents.singleFile("echo.bin", DATA, PIECE);
        try (Session seed = seeding(m, List.of(first, second, clash));
             RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
            ExtensionHandshake ours = peer.readExtensionHandshake();
            assertEquals(Map.of(ExtensionHandshake.UT_METADATA, ExtensionHandshake.OUR_UT_METADATA_ID,
                    "x_echo", WireExtensions.FIRST_WIRE_ID), ours.extensions());
            assertEquals(1, first.started.get());
            assertEquals(0, second.started.get() + clash.started.get());
        }
    }

    private Session seeding(Metainfo m, List<WireExtension> extensions) throws Exception {
        return seeding(m, extensions, UnaryOperator.identity());
    }

    private Session seeding(Metainfo m, List<WireExtension> extensions, UnaryOperator<WireConfig> wire)
            throws Exception {
        Session s = Loopback.builder(MemoryStorage.filled(DATA, 1), 1, wire)
                .wireExtensions(extensions).build();
        s.add(params(m, folder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return s;
    }

    /** A raw peer past both handshakes, naming x_echo and no listen port. */
    private static RawPeer echoPeer(Session seed, Metainfo m) throws Exception {
        RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-");
        peer.readExtensionHandshake();
        peer.sendExtended(0, handshake(Map.of("x_echo", THEIR_ECHO_ID), 0));
        return peer;
    }

    private static byte[] handshake(Map<String, Integer> extensions, int port) {
        return new ExtensionHandshake(extensions, Optional.of("test"),
                port > 0 ? OptionalInt.of(port) : OptionalInt.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty()).encode();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Echoes each message back; "close" closes the peer, "throw" throws. Records what it saw, in lists
     * written on the torrent's loop and read by the test after the fact (or through a volatile counter).
     */
    private static final class Echo implements WireExtension {
        final String name;
        final boolean allowedOnPrivate;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger joined = new AtomicInteger();
        final AtomicInteger left = new AtomicInteger();
        final AtomicInteger ticks = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final List<Optional<InetSocketAddress>> listenAddresses = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> encrypted = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> enabledAtTick = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> seedAtTick = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> encryptedAtTick = Collections.synchronizedList(new ArrayList<>());

        Echo(String name, boolean allowedOnPrivate) {
            this.name = name;
            this.allowedOnPrivate = allowedOnPrivate;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean allowedOnPrivateTorrents() {
            return allowedOnPrivate;
        }

        @Override
        public WireHandler start(TorrentIdentity torrent, PeerSink sink) {
            started.incrementAndGet();
            List<WirePeer> peers = new ArrayList<>();
            return new WireHandler() {
                @Override
                public void peerJoined(WirePeer peer) {
                    peers.add(peer);
                    joined.incrementAndGet();
                }

                @Override
                public void peerLeft(WirePeer peer) {
                    peers.remove(peer);
                    left.incrementAndGet();
                }

                @Override
                public void received(WirePeer peer, byte[] payload) {
                    String text = new String(payload, StandardCharsets.US_ASCII);
                    received.add(text);
                    listenAddresses.add(peer.listenAddress());
                    encrypted.add(peer.isEncrypted());
                    switch (text) {
                        case "close" -> peer.close("asked to");
                        case "throw" -> throw new IllegalStateException("a bug in the extension");
                        default -> peer.send(payload);
                    }
                }

                @Override
                public void tick() {
                    for (WirePeer p : peers) {
                        enabledAtTick.add(p.enabled());
                        seedAtTick.add(p.isSeed());
                        encryptedAtTick.add(p.isEncrypted());
                        if (listenAddresses.isEmpty()) {
                            listenAddresses.add(p.listenAddress());
                        }
                    }
                    ticks.incrementAndGet();
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }
}
