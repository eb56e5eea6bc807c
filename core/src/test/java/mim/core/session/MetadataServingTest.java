package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import mim.core.metadata.MetadataMessage;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import mim.core.wire.ExtensionHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent of ours greets a peer that speaks the extension protocol with its handshake and serves
 * it the info dictionary by ut_metadata (BEP 9), ignoring extension ids it never announced; a peer
 * whose extension handshake does not decode loses its connection.
 */
@ExtendWith(LeakCheck.class)
class MetadataServingTest {
    private static final int PIECE = 16 * 1024;
    /** 1100 pieces: 22,000 bytes of hashes, so the info dictionary takes two metadata pieces. */
    private static final byte[] DATA = TestTorrents.content(1100 * PIECE - 77, 5);
    /** The id this test's peer asks ut_metadata answers to be sent under. */
    private static final int THEIR_UT_METADATA = 3;

    @TempDir
    Path folder;

    @Test
    void servesTheInfoDictionaryByUtMetadataAndIgnoresUnknownIds() throws Exception {
        Metainfo m = TestTorrents.singleFile("served.bin", DATA, PIECE);
        byte[] info = m.rawInfo();
        try (Session seed = session(MemoryStorage.filled(DATA, 1), 1)) {
            seed.add(params(m, folder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            try (RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
                assertTrue(peer.remoteHasExtensionProtocol());
                peer.sendExtended(0, theirHandshake());

                ExtensionHandshake ours = peer.readExtensionHandshake();
                assertEquals(OptionalInt.of(ExtensionHandshake.OUR_UT_METADATA_ID), ours.idOf(ExtensionHandshake.UT_METADATA));
                assertEquals(OptionalInt.empty(), ours.idOf("ut_pex"), "a session without wire extensions announces none");
                assertEquals(OptionalLong.of(info.length), ours.metadataSize());
                assertEquals(OptionalInt.of(seed.listenPort()), ours.listenPort());
                assertEquals(Optional.of("mim"), ours.client());
                assertEquals(OptionalInt.of(Peer.MAX_QUEUED_UPLOADS), ours.requestQueue());

                peer.sendExtended(77, new byte[] {1, 2, 3});
                ByteArrayOutputStream fetched = new ByteArrayOutputStream();
                for (int piece = 0; piece < 2; piece++) {
                    peer.sendExtended(ExtensionHandshake.OUR_UT_METADATA_ID, new MetadataMessage.Request(piece).encode());
                    RawPeer.Received r = peer.readExtended();
                    assertEquals(THEIR_UT_METADATA, r.id());
                    MetadataMessage.Data data = assertInstanceOf(MetadataMessage.Data.class, MetadataMessage.decode(r.payload()));
                    assertEquals(piece, data.piece());
                    assertEquals(info.length, data.totalSize());
                    fetched.write(data.bytes());
                }
                assertArrayEquals(info, fetched.toByteArray());

                peer.sendExtended(ExtensionHandshake.OUR_UT_METADATA_ID, new MetadataMessage.Request(2).encode());
                assertEquals(new MetadataMessage.Reject(2), MetadataMessage.decode(peer.readExtended().payload()),
                        "a piece past the end is rejected");
            }
        }
    }

    @Test
    void anExtensionHandshakeThatDoesNotDecodeCostsTheConnection() throws Exception {
        Metainfo m = TestTorrents.singleFile("served.bin", DATA, PIECE);
        try (Session seed = session(MemoryStorage.filled(DATA, 1), 1)) {
            seed.add(params(m, folder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            try (RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
                peer.readExtensionHandshake();
                peer.sendExtended(0, "li1ee".getBytes());
                assertTrue(peer.closedByOtherSide());
            }
        }
    }

    private static byte[] theirHandshake() {
        return new ExtensionHandshake(Map.of(ExtensionHandshake.UT_METADATA, THEIR_UT_METADATA), Optional.of("test"),
                OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), Optional.empty(),
                Optional.empty()).encode();
    }
}
