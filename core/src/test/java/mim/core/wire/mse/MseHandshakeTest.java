package mim.core.wire.mse;

import static mim.core.wire.mse.Conversation.BYTES;
import static mim.core.wire.mse.Conversation.WHOLE;
import static mim.core.wire.mse.HandMadePeer.concat;
import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.InfoHash;
import mim.core.testing.LeakCheck;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.PeerId;
import mim.core.wire.ProtocolViolation;
import mim.core.wire.WireConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our MSE initiator and responder against each other and against a hand-made peer, on embedded channels. */
@ExtendWith(LeakCheck.class)
class MseHandshakeTest {
    static final InfoHash TORRENT = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final byte[] SKEY = TORRENT.truncated();
    static final WireConfig PREFER = WireConfig.defaults(PeerId.of(ascii("-MM0001-msetest00000")))
            .withEncryption(EncryptionPolicy.PREFER);
    static final WireConfig REQUIRE = PREFER.withEncryption(EncryptionPolicy.REQUIRE);
    static final byte[] IA = ascii("an initial payload, as the BitTorrent handshake would be");
    static final byte[] FROM_A = ascii("after the handshake, from A");
    static final byte[] FROM_B = ascii("after the handshake, from B");

    /** What the latest initiator and responder passed up. */
    Conversation.Collector aSees;
    Conversation.Collector bSees;

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    EmbeddedChannel initiator(WireConfig config, long seed) {
        aSees = new Conversation.Collector();
        return new EmbeddedChannel(new MseInitiator(config, SKEY, new Random(seed)), aSees);
    }

    EmbeddedChannel responder(WireConfig config, List<InfoHash> served, long seed) {
        bSees = new Conversation.Collector();
        return new EmbeddedChannel(new MseResponder(config, h -> Optional.empty(), () -> served, new Random(seed)), bSees);
    }

    /** A and B handshake (A's IA written before anything was received), then each sends a line. */
    Conversation talk(WireConfig aConfig, WireConfig bConfig, int cutA, int cutB) {
        EmbeddedChannel a = initiator(aConfig, 1);
        EmbeddedChannel b = responder(bConfig, List.of(InfoHash.fromHex("ff".repeat(20)), TORRENT), 2);
        a.writeAndFlush(Unpooled.copiedBuffer(IA));
        Conversation c = new Conversation(a, b).run(cutA, cutB);
        a.writeAndFlush(Unpooled.copiedBuffer(FROM_A));
        b.writeAndFlush(Unpooled.copiedBuffer(FROM_B));
        return c.run(cutA, cutB);
    }

    void assertDelivered() {
        assertNull(aSees.failure, () -> "A failed: " + aSees.failure);
        assertNull(bSees.failure, () -> "B failed: " + bSees.failure);
        assertEquals(new String(concat(IA, FROM_A), StandardCharsets.US_ASCII), bSees.received.toString(StandardCharsets.US_ASCII));
        assertEquals(new String(FROM_B, StandardCharsets.US_ASCII), aSees.received.toString(StandardCharsets.US_ASCII));
    }

    static void finish(EmbeddedChannel... channels) {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aResponderThatRequiresRc4SettlesOnItAndLeavesOnlyTheCodec() {
        Conversation c = talk(PREFER, REQUIRE, WHOLE, WHOLE);
        assertDelivered();
        for (EmbeddedChannel ch : List.of(c.a, c.b)) {
            assertInstanceOf(Rc4Codec.class, ch.pipeline().get(MseHandshake.CODEC));
            assertNull(ch.pipeline().get(MseHandshake.class), "the handshake handler has left");
        }
        byte[] wire = c.aToB.toByteArray();
        assertFalse(Conversation.contains(wire, IA) || Conversation.contains(wire, FROM_A), "nothing crosses in clear");
        assertFalse(Conversation.contains(c.bToA.toByteArray(), FROM_B));
        finish(c.a, c.b);
    }

    @Test
    void preferOnBothSidesSettlesOnPlaintextAfterAnObfuscatedHandshake() {
        Conversation c = talk(PREFER, PREFER, WHOLE, WHOLE);
        assertDelivered();
        for (EmbeddedChannel ch : List.of(c.a, c.b)) {
            assertNull(ch.pipeline().get(MseHandshake.CODEC), "no codec: the blocks go as they are");
            assertNull(ch.pipeline().get(MseHandshake.class), "the handshake handler has left");
        }
        byte[] wire = c.aToB.toByteArray();
        assertFalse(Conversation.contains(wire, IA), "IA is encrypted whatever is selected");
        assertTrue(Conversation.contains(wire, FROM_A));
        assertTrue(Conversation.contains(c.bToA.toByteArray(), FROM_B));
        finish(c.a, c.b);
    }

    @Test
    void requireOnBothSidesAlsoSettlesOnRc4() {
        Conversation c = talk(REQUIRE, REQUIRE, WHOLE, WHOLE);
        assertDelivered();
        assertInstanceOf(Rc4Codec.class, c.a.pipeline().get(MseHandshake.CODEC));
        finish(c.a, c.b);
    }

    @Test
    void everySplitPointOfEitherStreamGivesTheSameConversation() {
        Conversation whole = talk(PREFER, REQUIRE, WHOLE, WHOLE);
        byte[] aToB = whole.aToB.toByteArray();
        byte[] bToA = whole.bToA.toByteArray();
        finish(whole.a, whole.b);
        assertTrue(aToB.length > 96 + 40 && bToA.length > 96, "seeded pads: " + aToB.length + ", " + bToA.length);
        for (int cut = 1; cut < aToB.length; cut++) {
            assertSameConversation(aToB, bToA, cut, WHOLE);
        }
        for (int cut = 1; cut < bToA.length; cut++) {
            assertSameConversation(aToB, bToA, WHOLE, cut);
        }
    }

    @Test
    void aByteAtATimeEitherWay() {
        Conversation whole = talk(PREFER, REQUIRE, WHOLE, WHOLE);
        finish(whole.a, whole.b);
        assertSameConversation(whole.aToB.toByteArray(), whole.bToA.toByteArray(), BYTES, BYTES);
    }

    private void assertSameConversation(byte[] aToB, byte[] bToA, int cutA, int cutB) {
        Conversation c = talk(PREFER, REQUIRE, cutA, cutB);
        String where = "cut " + cutA + "/" + cutB;
        assertNull(aSees.failure, where);
        assertNull(bSees.failure, where);
        assertArrayEquals(aToB, c.aToB.toByteArray(), where);
        assertArrayEquals(bToA, c.bToA.toByteArray(), where);
        assertDelivered();
        finish(c.a, c.b);
    }

    // ---- the responder against a hand-made initiator ----

    /** B after reading the hand-made A's key (with {@code padA}) and sending its own. */
    EmbeddedChannel responderAfterKeys(HandMadePeer peer, WireConfig config, int padA) throws EncryptionFailed {
        EmbeddedChannel b = responder(config, List.of(TORRENT), 3);
        b.writeInbound(Unpooled.copiedBuffer(peer.publicKey(padA)));
        peer.agree(Conversation.drain(b));
        return b;
    }

    @Test
    void responderSelectsPlaintextWheneverOffered() throws Exception {
        HandMadePeer a = new HandMadePeer();
        EmbeddedChannel b = responderAfterKeys(a, PREFER, 512);
        b.writeInbound(Unpooled.copiedBuffer(concat(
                a.request(SKEY, 0, MseHandshake.PLAINTEXT | MseHandshake.RC4, 3, IA), FROM_A)));
        byte[] answer = a.decrypt(Conversation.drain(b));
        assertEquals("0000000000000000" + "00000001" + "0000", HexFormat.of().formatHex(answer), "VC, plaintext, no PadD");
        assertNull(b.pipeline().get(MseHandshake.CODEC));
        b.writeAndFlush(Unpooled.copiedBuffer(FROM_B));
        assertArrayEquals(FROM_B, Conversation.drain(b), "plaintext goes out as it is");
        assertEquals(new String(concat(IA, FROM_A), StandardCharsets.US_ASCII), bSees.received.toString(StandardCharsets.US_ASCII),
                "IA is encrypted even so; what follows is not");
        finish(b);
    }

    @Test
    void selectionIsPlaintextWhenOfferedUnlessRc4IsRequired() throws Exception {
        int both = MseHandshake.PLAINTEXT | MseHandshake.RC4;
        assertEquals(MseHandshake.PLAINTEXT, MseHandshake.select(EncryptionPolicy.PREFER, both));
        assertEquals(MseHandshake.RC4, MseHandshake.select(EncryptionPolicy.PREFER, MseHandshake.RC4));
        assertEquals(MseHandshake.RC4, MseHandshake.select(EncryptionPolicy.REQUIRE, both));
        assertThrows(EncryptionFailed.class,
                () -> MseHandshake.select(EncryptionPolicy.REQUIRE, MseHandshake.PLAINTEXT));
    }

    @Test
    void responderThatRequiresRc4RefusesPlaintextOffers() throws Exception {
        HandMadePeer a = new HandMadePeer();
        EmbeddedChannel b = responderAfterKeys(a, REQUIRE, 0);
        b.writeInbound(Unpooled.copiedBuffer(a.request(SKEY, 0, MseHandshake.PLAINTEXT | 0x04, 0, new byte[0])));
        assertFailed(b, bSees, "offered crypto methods 0x5, none of which we accept (require)");
    }

    @Test
    void responderRefusesAWrongVerificationConstant() throws Exception {
        HandMadePeer a = new HandMadePeer();
        EmbeddedChannel b = responderAfterKeys(a, PREFER, 0);
        b.writeInbound(Unpooled.copiedBuffer(a.request(SKEY, 1, MseHandshake.RC4, 0, new byte[0])));
        assertFailed(b, bSees, "sent a wrong verification constant");
    }

    @Test
    void responderRefusesPadCOver512Bytes() throws Exception {
        HandMadePeer a = new HandMadePeer();
        EmbeddedChannel b = responderAfterKeys(a, PREFER, 0);
        b.writeInbound(Unpooled.copiedBuffer(a.request(SKEY, 0, MseHandshake.RC4, 513, new byte[0])));
        assertFailed(b, bSees, "sent 513 bytes of padding, more than 512");
    }

    @Test
    void responderRefusesATorrentItDoesNotServe() throws Exception {
        HandMadePeer a = new HandMadePeer();
        EmbeddedChannel b = responderAfterKeys(a, PREFER, 0);
        b.writeInbound(Unpooled.copiedBuffer(a.request(InfoHash.fromHex("ee".repeat(20)).truncated(), 0,
                MseHandshake.RC4, 0, new byte[0])));
        assertInstanceOf(ProtocolViolation.HandshakeRefused.class, bSees.failure);
        assertFalse(b.isOpen());
        finish(b);
    }

    @Test
    void responderGivesUpOnGarbageAtTheEndOfTheSyncWindow() {
        EmbeddedChannel b = responder(PREFER, List.of(TORRENT), 3);
        byte[] garbage = new byte[96 + 512 + 20];
        new Random(7).nextBytes(garbage);
        b.writeInbound(Unpooled.copiedBuffer(garbage, 0, garbage.length - 1));
        assertTrue(b.isOpen(), "the hash may still start at the last padding position");
        b.writeInbound(Unpooled.copiedBuffer(garbage, garbage.length - 1, 1));
        assertFailed(b, bSees, "sent no synchronisation hash within 512 bytes of padding");
    }

    // ---- the initiator against a hand-made responder ----

    /** A after reading the hand-made B's key (with {@code padB}); returns what A sent in step 3 onwards. */
    EmbeddedChannel initiatorAfterKeys(HandMadePeer peer, WireConfig config, int padB) throws EncryptionFailed {
        EmbeddedChannel a = initiator(config, 4);
        a.writeAndFlush(Unpooled.copiedBuffer(IA));
        peer.agree(Conversation.drain(a));
        a.writeInbound(Unpooled.copiedBuffer(peer.publicKey(padB)));
        Conversation.drain(a);
        return a;
    }

    @Test
    void initiatorFollowsAPlaintextSelection() throws Exception {
        HandMadePeer b = new HandMadePeer();
        EmbeddedChannel a = initiatorAfterKeys(b, PREFER, 512);
        a.writeInbound(Unpooled.copiedBuffer(concat(b.selection(SKEY, MseHandshake.PLAINTEXT, 2), FROM_B)));
        assertNull(aSees.failure);
        assertNull(a.pipeline().get(MseHandshake.CODEC));
        assertEquals(new String(FROM_B, StandardCharsets.US_ASCII), aSees.received.toString(StandardCharsets.US_ASCII));
        a.writeAndFlush(Unpooled.copiedBuffer(FROM_A));
        assertArrayEquals(FROM_A, Conversation.drain(a));
        finish(a);
    }

    @Test
    void initiatorThatRequiresRc4RefusesAPlaintextSelection() throws Exception {
        HandMadePeer b = new HandMadePeer();
        EmbeddedChannel a = initiatorAfterKeys(b, REQUIRE, 0);
        a.writeInbound(Unpooled.copiedBuffer(b.selection(SKEY, MseHandshake.PLAINTEXT, 0)));
        assertFailed(a, aSees, "selected crypto method 0x1, we offered 0x2");
    }

    @Test
    void initiatorRefusesPadDOver512Bytes() throws Exception {
        HandMadePeer b = new HandMadePeer();
        EmbeddedChannel a = initiatorAfterKeys(b, PREFER, 0);
        a.writeInbound(Unpooled.copiedBuffer(b.selection(SKEY, MseHandshake.RC4, 600)));
        assertFailed(a, aSees, "sent 600 bytes of padding, more than 512");
    }

    @Test
    void initiatorGivesUpOnGarbageAtTheEndOfTheSyncWindow() throws Exception {
        HandMadePeer b = new HandMadePeer();
        EmbeddedChannel a = initiatorAfterKeys(b, PREFER, 0);
        byte[] garbage = new byte[512 + 8];
        new Random(8).nextBytes(garbage);
        a.writeInbound(Unpooled.copiedBuffer(garbage, 0, garbage.length - 1));
        assertTrue(a.isOpen());
        a.writeInbound(Unpooled.copiedBuffer(garbage, garbage.length - 1, 1));
        assertFailed(a, aSees, "sent no encrypted verification constant within 512 bytes of padding");
    }

    @Test
    void initiatorReportsAPeerThatClosesOrResets() {
        EmbeddedChannel a = initiator(PREFER, 5);
        a.writeAndFlush(Unpooled.copiedBuffer(IA));
        a.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertFailed(a, aSees, "connection failed during the encrypted handshake: Connection reset by peer");

        Conversation.Collector other = new Conversation.Collector();
        EmbeddedChannel closed = new EmbeddedChannel(new MseInitiator(PREFER, SKEY, new Random(6)), other);
        closed.close();
        assertEquals("closed the connection during the encrypted handshake", other.failure.getMessage());
        finish(closed);
    }

    @Test
    void aHandshakeThatOutlastsTheTimeoutFails() {
        EmbeddedChannel a = new EmbeddedChannel();
        a.freezeTime();
        aSees = new Conversation.Collector();
        a.pipeline().addLast(new MseInitiator(PREFER.withEncryptionTimeout(Duration.ofSeconds(30)), SKEY, new Random(9)), aSees);
        a.advanceTimeBy(29, TimeUnit.SECONDS);
        a.runScheduledPendingTasks();
        assertTrue(a.isOpen());
        a.advanceTimeBy(1, TimeUnit.SECONDS);
        a.runScheduledPendingTasks();
        assertFailed(a, aSees, "did not complete the encrypted handshake within 30000 ms");
    }

    static void assertFailed(EmbeddedChannel ch, Conversation.Collector seen, String message) {
        assertInstanceOf(EncryptionFailed.class, seen.failure);
        assertEquals(message, seen.failure.getMessage());
        assertFalse(ch.isOpen());
        finish(ch);
    }

}
