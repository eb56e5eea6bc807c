package mim.core.wire;

import static mim.core.wire.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mim.core.metainfo.InfoHash;
import mim.core.testing.LeakCheck;
import mim.core.wire.mse.MessageStreamEncryption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our whole pipeline, outgoing against incoming on embedded channels, under each encryption
 * policy: MSE below, the BitTorrent handshake and messages unchanged above; plain and encrypted
 * peers told apart; refusals reported with the reason the session acts on.
 */
@ExtendWith(LeakCheck.class)
class EncryptedPipelineTest {
    static final InfoHash OTHER = InfoHash.fromHex("ff".repeat(20));
    static final byte[] BLOCK = new byte[1000];

    static {
        for (int i = 0; i < BLOCK.length; i++) {
            BLOCK[i] = (byte) (31 * i + 5);
        }
    }

    final RecordingHandler leecher = new RecordingHandler();
    final RecordingHandler seeder = new RecordingHandler();
    final List<InfoHash> asked = new ArrayList<>();

    @AfterEach
    void release() {
        leecher.releaseAll();
        seeder.releaseAll();
    }

    EmbeddedChannel outgoing(EncryptionPolicy policy) {
        return new EmbeddedChannel(PeerChannelInitializer.outgoing(CONFIG.withEncryption(policy),
                new TorrentBinding(INFO_HASH, LAYOUT, leecher)));
    }

    EmbeddedChannel incoming(EncryptionPolicy policy) {
        return new EmbeddedChannel(PeerChannelInitializer.incoming(CONFIG.withEncryption(policy), this::lookup,
                () -> List.of(OTHER, INFO_HASH)));
    }

    Optional<TorrentBinding> lookup(InfoHash infoHash) {
        asked.add(infoHash);
        return Optional.of(new TorrentBinding(infoHash, LAYOUT, seeder));
    }

    /** Moves bytes both ways until both are quiet; when one side has closed, the other sees it close. */
    static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        while (a.isOpen() && b.isOpen()) {
            boolean moved = move(a, b) | move(b, a);
            if (!moved) {
                break;
            }
        }
        if (a.isOpen() != b.isOpen()) {
            (a.isOpen() ? a : b).close();
        }
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(buf);
            } else {
                buf.release();
            }
        }
        return moved;
    }

    static CloseReason closedWith(RecordingHandler handler, CloseReason.Kind kind) {
        List<Object> events = handler.drain();
        assertFalse(events.isEmpty(), "no events");
        CloseReason reason = assertInstanceOf(CloseReason.class, events.get(events.size() - 1), () -> "events: " + events);
        assertEquals(kind, reason.kind(), reason.message());
        return reason;
    }

    @ParameterizedTest
    @CsvSource({"PREFER, PREFER", "PREFER, REQUIRE", "REQUIRE, PREFER", "REQUIRE, REQUIRE"})
    void encryptedConnectionCarriesTheHandshakeAndMessages(EncryptionPolicy ours, EncryptionPolicy theirs) {
        EmbeddedChannel out = outgoing(ours);
        EmbeddedChannel in = incoming(theirs);
        pump(out, in);

        assertEquals(List.of(INFO_HASH), asked, "asked once, about the torrent the encrypted handshake named");
        assertInstanceOf(Handshake.class, leecher.drain().get(0));
        assertInstanceOf(Handshake.class, seeder.drain().get(0));
        boolean rc4 = ours == EncryptionPolicy.REQUIRE || theirs == EncryptionPolicy.REQUIRE;
        for (EmbeddedChannel ch : List.of(out, in)) {
            assertEquals(rc4, ch.pipeline().get(MessageStreamEncryption.CODEC) != null,
                    "RC4 only when a side requires it: plaintext is selected whenever offered");
            assertNull(ch.pipeline().get(EncryptionSniffer.MSE), "the handshake handlers have left");
        }

        seeder.connection.send(Message.HAVE_ALL);
        leecher.connection.send(new Message.Request(new BlockRef(9, 0, 1000)));
        pump(out, in);
        seeder.connection.send(new Message.Piece(9, 0, Unpooled.wrappedBuffer(BLOCK)));
        pump(out, in);

        assertEquals(List.of(new Message.Request(new BlockRef(9, 0, 1000))), seeder.drain());
        List<Object> got = leecher.drain();
        assertEquals(Message.HAVE_ALL, got.get(0));
        Message.Piece piece = assertInstanceOf(Message.Piece.class, got.get(1));
        byte[] data = new byte[BLOCK.length];
        piece.data().getBytes(piece.data().readerIndex(), data);
        assertArrayEquals(BLOCK, data);
        assertFalse(out.finishAndReleaseAll());
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void plainPeerIsAcceptedWhenEncryptionIsPreferred() {
        EmbeddedChannel out = outgoing(EncryptionPolicy.DISABLE);
        EmbeddedChannel in = incoming(EncryptionPolicy.PREFER);
        pump(out, in);
        assertInstanceOf(Handshake.class, leecher.drain().get(0));
        assertInstanceOf(Handshake.class, seeder.drain().get(0));
        assertNull(in.pipeline().get(EncryptionSniffer.MSE), "the sniffer has left");
        assertNull(in.pipeline().get(MessageStreamEncryption.CODEC));
        assertFalse(out.finishAndReleaseAll());
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void plainPeerIsRefusedWhenEncryptionIsRequired() {
        EmbeddedChannel out = outgoing(EncryptionPolicy.DISABLE);
        EmbeddedChannel in = incoming(EncryptionPolicy.REQUIRE);
        pump(out, in);
        assertFalse(in.isOpen());
        assertEquals(List.of(), asked, "refused on the protocol name, before the info-hash");
        closedWith(leecher, CloseReason.Kind.PEER_CLOSED);
        out.finishAndReleaseAll();
        in.finishAndReleaseAll();
    }

    @Test
    void encryptedAttemptOnAPlainOnlyPeerFailsAsRetryable() {
        EmbeddedChannel out = outgoing(EncryptionPolicy.PREFER);
        EmbeddedChannel in = incoming(EncryptionPolicy.DISABLE);
        pump(out, in);
        assertFalse(in.isOpen(), "a plain-only peer refuses our public key");
        CloseReason reason = closedWith(leecher, CloseReason.Kind.ENCRYPTION_FAILED);
        assertTrue(reason.message().endsWith("closed the connection during the encrypted handshake"), reason.message());
        out.finishAndReleaseAll();
        in.finishAndReleaseAll();
    }

    @Test
    void serverThatCannotListItsTorrentsRefusesEncryptedHandshakes() {
        EmbeddedChannel out = outgoing(EncryptionPolicy.PREFER);
        EmbeddedChannel in = new EmbeddedChannel(PeerChannelInitializer.incoming(CONFIG.withEncryption(EncryptionPolicy.PREFER),
                this::lookup));
        pump(out, in);
        assertFalse(in.isOpen());
        assertEquals(List.of(), asked);
        closedWith(leecher, CloseReason.Kind.ENCRYPTION_FAILED);
        out.finishAndReleaseAll();
        in.finishAndReleaseAll();
    }

    @Test
    void handshakeInsideMustNameTheTorrentTheEncryptedHandshakeNamed() {
        EmbeddedChannel out = new EmbeddedChannel(MessageStreamEncryption.initiator(CONFIG.withEncryption(EncryptionPolicy.PREFER),
                INFO_HASH));
        out.writeAndFlush(Unpooled.wrappedBuffer(handshake(CONFIG.reserved(), OTHER, THEIR_ID)));
        EmbeddedChannel in = incoming(EncryptionPolicy.PREFER);
        pump(out, in);
        assertFalse(in.isOpen());
        assertEquals(List.of(), asked, "the other torrent is never looked up");
        assertEquals(List.of(), seeder.drain());
        out.finishAndReleaseAll();
        in.finishAndReleaseAll();
    }
}
