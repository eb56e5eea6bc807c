package mim.core.wire;

import mim.core.testing.LeakCheck;
import static mim.core.wire.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.WriteTimeoutException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mim.core.metainfo.InfoHash;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The assembled pipeline on an embedded channel: handshakes, hand-over to framing, events, closing. */
@ExtendWith(LeakCheck.class)
class PeerPipelineTest {
    static final Reserved FAST_AND_EXTENSIONS = Reserved.NONE.with(Reserved.FAST | Reserved.EXTENSION_PROTOCOL);

    final RecordingHandler handler = new RecordingHandler();
    final TorrentBinding binding = new TorrentBinding(INFO_HASH, LAYOUT, handler);
    final List<InfoHash> asked = new ArrayList<>();

    @AfterEach
    void releasePieces() {
        handler.releaseAll();
    }

    EmbeddedChannel outgoing(WireConfig config) {
        return new EmbeddedChannel(PeerChannelInitializer.outgoing(config, binding));
    }

    EmbeddedChannel incoming(WireConfig config) {
        return incoming(config, binding);
    }

    EmbeddedChannel incoming(WireConfig config, TorrentBinding served) {
        return new EmbeddedChannel(PeerChannelInitializer.incoming(config, infoHash -> {
            asked.add(infoHash);
            return infoHash.equals(INFO_HASH) ? Optional.of(served) : Optional.empty();
        }));
    }

    static byte[] theirHandshake(Reserved reserved) {
        return handshake(reserved, INFO_HASH, THEIR_ID);
    }

    static byte[] ourHandshake() {
        return handshake(CONFIG.reserved(), INFO_HASH, OUR_ID);
    }

    /** Our peer id and the fixture info-hash, with Fast and extensions announced. */
    static final String OUR_HANDSHAKE_BYTES = "13 426974546f7272656e742070726f746f636f6c 0000000000100004"
            + " 0123456789abcdef0123456789abcdef01234567 2d4d4d303030312d6f7572706565723030303030";

    CloseReason closedWith(CloseReason.Kind kind) {
        List<Object> events = handler.drain();
        Object last = events.get(events.size() - 1);
        CloseReason reason = assertInstanceOf(CloseReason.class, last, "events: " + events);
        assertEquals(kind, reason.kind(), reason.message());
        return reason;
    }

    @Test
    void outgoingSendsItsHandshakeAsSoonAsConnected() {
        EmbeddedChannel ch = outgoing(CONFIG);
        assertEquals(hex(hex(OUR_HANDSHAKE_BYTES)), hex(drainOutbound(ch)));
        assertEquals(List.of(), handler.drain(), "nothing to report before the peer answers");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void handshakeReplacesItselfAndMessagesBehindItInTheSameReadAreDecoded() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        ch.writeInbound(buf(concat(theirHandshake(FAST_AND_EXTENSIONS), hex("00000003 05 ffc0 00000005 04 00000002"))));
        assertEquals(List.of(new Handshake(FAST_AND_EXTENSIONS, INFO_HASH, THEIR_ID),
                Message.Bitfield.of(10, MessageCodecTest.bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), new Message.Have(2)),
                handler.drain());
        List<String> names = ch.pipeline().names();
        assertFalse(names.contains("handshake"), names.toString());
        assertTrue(names.indexOf(HandshakeDecoder.MESSAGES) < names.indexOf("peer"), names.toString());
        assertTrue(handler.connection.fastEnabled());
        assertTrue(handler.connection.extensionProtocolEnabled());
        assertTrue(handler.connection.isOutgoing());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void whatIsFlushedWhileAReadIsHandledGoesOutWhenTheReadIsDone() {
        EmbeddedChannel ch = incoming(CONFIG);
        ch.pipeline().fireChannelRead(buf(theirHandshake(Reserved.NONE)));
        ch.runPendingTasks();
        assertEquals(0, drainOutbound(ch).length, "our answer waits for the end of the read");
        ch.pipeline().fireChannelReadComplete();
        assertEquals(hex(ourHandshake()), hex(drainOutbound(ch)));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void incomingAnswersOnlyOnceTheInfoHashIsOneWeServe() {
        EmbeddedChannel ch = incoming(CONFIG);
        byte[] theirs = theirHandshake(Reserved.NONE.with(Reserved.EXTENSION_PROTOCOL));
        ch.writeInbound(buf(java.util.Arrays.copyOf(theirs, 67)));
        assertEquals(0, drainOutbound(ch).length, "no answer before the whole handshake");
        ch.writeInbound(buf(concat(java.util.Arrays.copyOfRange(theirs, 67, 68), hex("00000001 02"))));
        assertEquals(hex(ourHandshake()), hex(drainOutbound(ch)));
        assertEquals(List.of(INFO_HASH), asked);
        assertEquals(List.of(new Handshake(Reserved.NONE.with(Reserved.EXTENSION_PROTOCOL), INFO_HASH, THEIR_ID),
                Message.INTERESTED), handler.drain());
        assertFalse(handler.connection.fastEnabled(), "the peer did not announce Fast");
        assertFalse(handler.connection.isOutgoing());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void handshakeAndMessagesDecodeTheSameAtEverySplitPoint() {
        byte[] wire = concat(theirHandshake(FAST_AND_EXTENSIONS),
                hex("00000001 02 00000000 0000000d 06 00000001 00000000 00004000 00000001 0e"));
        List<Object> expected = List.of(new Handshake(FAST_AND_EXTENSIONS, INFO_HASH, THEIR_ID), Message.INTERESTED,
                Message.KEEP_ALIVE, new Message.Request(new BlockRef(1, 0, 16384)), Message.HAVE_ALL);
        for (int split = 1; split < wire.length; split++) {
            RecordingHandler fresh = new RecordingHandler();
            EmbeddedChannel ch = incoming(CONFIG, new TorrentBinding(INFO_HASH, LAYOUT, fresh));
            ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(wire, 0, split));
            ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(wire, split, wire.length - split));
            byte[] answer = drainOutbound(ch);
            assertFalse(ch.finishAndReleaseAll());
            assertEquals(expected, fresh.drain().subList(0, expected.size()), "split at " + split);
            assertEquals(hex(ourHandshake()), hex(answer), "split at " + split);
        }
    }

    @Test
    void aV2TorrentIsNamedByItsTruncatedHash() {
        InfoHash v2 = InfoHash.fromHex("ab".repeat(20) + "cd".repeat(12));
        InfoHash truncated = InfoHash.v1(v2.truncated());
        EmbeddedChannel ch = new EmbeddedChannel(PeerChannelInitializer.incoming(CONFIG,
                asked -> asked.equals(truncated) ? Optional.of(new TorrentBinding(v2, LAYOUT, handler)) : Optional.empty()));
        ch.writeInbound(buf(handshake(FAST_AND_EXTENSIONS, truncated, THEIR_ID)));
        assertEquals(hex(handshake(CONFIG.reserved(), truncated, OUR_ID)), hex(drainOutbound(ch)));
        assertTrue(((Handshake) handler.drain().get(0)).names(v2));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void refusesAWrongProtocolNameAtItsFirstWrongByte() {
        EmbeddedChannel ch = incoming(CONFIG);
        ch.writeInbound(buf(hex("14")));
        assertFalse(ch.isOpen(), "closed on a wrong name length alone");
        assertEquals(0, drainOutbound(ch).length);
        assertEquals(List.of(), asked);
        assertFalse(ch.finishAndReleaseAll());

        EmbeddedChannel other = incoming(CONFIG);
        other.writeInbound(buf(concat(hex("13"), ascii("BitTorrent protoX"))));
        assertFalse(other.isOpen(), "closed at the first wrong byte of the name");
        assertFalse(other.finishAndReleaseAll());
    }

    @Test
    void outgoingReportsAWrongProtocolNameToItsHandler() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        byte[] theirs = theirHandshake(FAST_AND_EXTENSIONS);
        theirs[19] = 'L';
        ch.writeInbound(buf(theirs));
        assertTrue(closedWith(CloseReason.Kind.HANDSHAKE_REFUSED).message()
                .endsWith("not a BitTorrent handshake: protocol name differs at byte 19"));
        assertFalse(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void incomingRefusesAnInfoHashWeDoNotServeWithoutAnswering() {
        EmbeddedChannel ch = incoming(CONFIG);
        InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
        ch.writeInbound(buf(handshake(FAST_AND_EXTENSIONS, other, THEIR_ID)));
        assertFalse(ch.isOpen());
        assertEquals(List.of(other), asked);
        assertEquals(0, drainOutbound(ch).length, "we never say who we are to a stranger");
        assertFalse(ch.finishAndReleaseAll());
    }

    /**
     * The lookup hands out a torrent's peer slot that only the handler's onClosed gives back. A
     * handshake behind a refused one, in the same read, was still decoded once the connection
     * closed: looked up, answered, its binding dropped unheard, the slot lost.
     */
    @Test
    void aHandshakeBehindARefusedOneBindsNothing() {
        EmbeddedChannel ch = incoming(CONFIG);
        InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
        ch.writeInbound(buf(concat(handshake(FAST_AND_EXTENSIONS, other, THEIR_ID), theirHandshake(FAST_AND_EXTENSIONS))));
        assertFalse(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
        assertEquals(List.of(other), asked);
        assertEquals(0, drainOutbound(ch).length);
        assertEquals(List.of(), handler.drain(), "a handler that is never told of its connection");
    }

    @Test
    void outgoingRefusesAnAnswerForAnotherTorrent() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        ch.writeInbound(buf(handshake(FAST_AND_EXTENSIONS, InfoHash.fromHex("00".repeat(20)), THEIR_ID)));
        assertEquals("peer embedded: answered with info-hash " + "00".repeat(20) + ", we asked for " + INFO_HASH.hex(),
                closedWith(CloseReason.Kind.HANDSHAKE_REFUSED).message());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void fastMessagesFromAPeerWithoutTheFastBitDropIt() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        ch.writeInbound(buf(concat(theirHandshake(Reserved.NONE.with(Reserved.EXTENSION_PROTOCOL)), hex("00000001 0e"))));
        assertTrue(closedWith(CloseReason.Kind.PROTOCOL_VIOLATION).message().contains("without the Fast extension"));
        assertFalse(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void fastMessagesAreViolationsWhenWeDidNotAnnounceFast() {
        EmbeddedChannel ch = outgoing(CONFIG.withReserved(Reserved.NONE.with(Reserved.EXTENSION_PROTOCOL)));
        drainOutbound(ch);
        ch.writeInbound(buf(concat(theirHandshake(FAST_AND_EXTENSIONS), hex("00000001 0f"))));
        closedWith(CloseReason.Kind.PROTOCOL_VIOLATION);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aViolationDeliversWhatCameBeforeItAndNothingAfter() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        ch.writeInbound(buf(concat(theirHandshake(FAST_AND_EXTENSIONS),
                hex("00000001 02 00000005 04 0000000a 00000001 01"))));
        List<Object> events = handler.drain();
        assertEquals(3, events.size(), events.toString());
        assertEquals(Message.INTERESTED, events.get(1));
        CloseReason reason = assertInstanceOf(CloseReason.class, events.get(2));
        assertEquals(new CloseReason(CloseReason.Kind.PROTOCOL_VIOLATION,
                "peer embedded: message 4 names piece 10 of a torrent with 10"), reason);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aLengthOf2To31ClosesTheConnection() {
        EmbeddedChannel ch = incoming(CONFIG);
        ch.writeInbound(buf(concat(theirHandshake(FAST_AND_EXTENSIONS), hex("80000000"))));
        drainOutbound(ch);
        assertTrue(closedWith(CloseReason.Kind.PROTOCOL_VIOLATION).message().contains("message too long"));
        assertFalse(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void sendsAKeepAliveWhenIdleOnlyOnceTheHandshakeIsDone() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
        assertEquals(0, drainOutbound(ch).length, "a keep-alive would break the handshake");
        ch.writeInbound(buf(theirHandshake(FAST_AND_EXTENSIONS)));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);
        assertEquals("00000000", hex(drainOutbound(ch)));
        assertTrue(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void dropsAPeerThatSendsNothingForTheTimeout() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertEquals("peer embedded: sent nothing for 150000 ms", closedWith(CloseReason.Kind.TIMEOUT).message());
        assertFalse(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void classifiesWriteTimeoutsAndNetworkErrors() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        ch.pipeline().fireExceptionCaught(WriteTimeoutException.INSTANCE);
        assertEquals("peer embedded: accepted none of our data for 150000 ms", closedWith(CloseReason.Kind.TIMEOUT).message());
        assertFalse(ch.finishAndReleaseAll());

        EmbeddedChannel reset = outgoing(CONFIG);
        drainOutbound(reset);
        reset.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertEquals("peer embedded: Connection reset by peer", closedWith(CloseReason.Kind.IO_ERROR).message());
        assertFalse(reset.finishAndReleaseAll());
    }

    @Test
    void closingGivesOurReasonAndAnUnexplainedEndIsThePeers() {
        EmbeddedChannel ch = outgoing(CONFIG);
        ch.writeInbound(buf(theirHandshake(FAST_AND_EXTENSIONS)));
        drainOutbound(ch);
        handler.connection.close("we have enough peers");
        assertEquals("peer embedded: we have enough peers", closedWith(CloseReason.Kind.CLOSED_BY_US).message());
        assertFalse(ch.finishAndReleaseAll());

        EmbeddedChannel other = outgoing(CONFIG);
        drainOutbound(other);
        other.close();
        closedWith(CloseReason.Kind.PEER_CLOSED);
        assertFalse(other.finishAndReleaseAll());
    }

    @Test
    void aFailingHandlerCostsOnlyItsConnection() {
        PeerHandler failing = new RecordingHandler() {
            @Override
            public void onMessage(Message message) {
                throw new IllegalStateException("bug");
            }
        };
        RecordingHandler recorder = (RecordingHandler) failing;
        EmbeddedChannel ch = new EmbeddedChannel(PeerChannelInitializer.outgoing(CONFIG,
                new TorrentBinding(INFO_HASH, LAYOUT, failing)));
        ch.writeInbound(buf(concat(theirHandshake(FAST_AND_EXTENSIONS), hex("00000001 02"))));
        drainOutbound(ch);
        List<Object> events = recorder.drain();
        CloseReason reason = assertInstanceOf(CloseReason.class, events.get(events.size() - 1));
        assertEquals(CloseReason.Kind.INTERNAL_ERROR, reason.kind());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void sendsOnlyWhatTheHandshakeAllows() {
        EmbeddedChannel ch = outgoing(CONFIG);
        drainOutbound(ch);
        ch.writeInbound(buf(theirHandshake(Reserved.NONE)));
        PeerConnection conn = handler.connection;
        assertThrows(IllegalStateException.class, () -> conn.send(Message.HAVE_ALL), "no Fast negotiated");
        assertThrows(IllegalStateException.class, () -> conn.send(new Message.Extended(0, new byte[0])));
        conn.send(Message.Bitfield.of(10, MessageCodecTest.bits(0)));
        conn.write(Message.INTERESTED);
        conn.flush();
        assertEquals(hex(hex("00000003 05 8000 00000001 02")), hex(drainOutbound(ch)));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void refusesToSendBeforeTheHandshake() {
        EmbeddedChannel ch = outgoing(CONFIG);
        PeerConnection early = new PeerConnection(ch, true);
        assertThrows(IllegalStateException.class, () -> early.send(Message.INTERESTED));
        drainOutbound(ch);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void backPressureSwitchesReadingAndReportsWritability() {
        EmbeddedChannel ch = outgoing(CONFIG);
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ch.writeInbound(buf(theirHandshake(FAST_AND_EXTENSIONS)));
        handler.drain();
        PeerConnection conn = handler.connection;
        conn.setAutoRead(false);
        assertFalse(ch.config().isAutoRead());
        conn.setAutoRead(true);
        assertTrue(conn.isAutoRead());
        conn.write(Message.Bitfield.of(10, MessageCodecTest.bits(1)));
        conn.write(new Message.Request(new BlockRef(0, 0, 16384)));
        assertFalse(conn.isWritable());
        conn.flush();
        assertTrue(conn.isWritable());
        assertEquals(List.of("unwritable", "writable"), handler.drain());
        drainOutbound(ch);
        assertFalse(ch.finishAndReleaseAll());
    }
}
