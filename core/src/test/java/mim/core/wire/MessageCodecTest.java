package mim.core.wire;

import mim.core.testing.LeakCheck;
import static mim.core.wire.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import mim.core.metainfo.FileLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The message codec on its own: exact bytes, round trips, fragmentation, limits. */
@ExtendWith(LeakCheck.class)
class MessageCodecTest {

    /** Each message with its wire form, hand-written from BEP 3, 6 and 10. */
    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of(Message.KEEP_ALIVE, "00000000"),
                Arguments.of(Message.CHOKE, "00000001 00"),
                Arguments.of(Message.UNCHOKE, "00000001 01"),
                Arguments.of(Message.INTERESTED, "00000001 02"),
                Arguments.of(Message.NOT_INTERESTED, "00000001 03"),
                Arguments.of(new Message.Have(9), "00000005 04 00000009"),
                Arguments.of(Message.Bitfield.of(10, bits(0, 9)), "00000003 05 8040"),
                Arguments.of(new Message.Request(new BlockRef(1, 16384, 16384)), "0000000d 06 00000001 00004000 00004000"),
                Arguments.of(new Message.Cancel(new BlockRef(2, 0, 100)), "0000000d 08 00000002 00000000 00000064"),
                Arguments.of(new Message.Port(6881), "00000003 09 1ae1"),
                Arguments.of(new Message.Suggest(3), "00000005 0d 00000003"),
                Arguments.of(Message.HAVE_ALL, "00000001 0e"),
                Arguments.of(Message.HAVE_NONE, "00000001 0f"),
                Arguments.of(new Message.Reject(new BlockRef(9, 0, 1000)), "0000000d 10 00000009 00000000 000003e8"),
                Arguments.of(new Message.AllowedFast(7), "00000005 11 00000007"),
                // BEP 10's example handshake payload: d1:md11:ut_metadatai3ee1:pi6881ee (33 bytes)
                Arguments.of(new Message.Extended(0, ascii("d1:md11:ut_metadatai3ee1:pi6881ee")),
                        "00000023 14 00 " + hex(ascii("d1:md11:ut_metadatai3ee1:pi6881ee"))),
                Arguments.of(new Message.Extended(3, new byte[0]), "00000002 14 03"));
    }

    static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }

    static EmbeddedChannel decoder(FileLayout layout, WireConfig config, boolean fast, boolean extensions) {
        return new EmbeddedChannel(new MessageDecoder(config, layout, fast, extensions));
    }

    static EmbeddedChannel decoder() {
        return decoder(LAYOUT, CONFIG, true, true);
    }

    static byte[] encode(Message... messages) {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
        for (Message m : messages) {
            assertTrue(ch.writeOutbound(m));
        }
        byte[] bytes = drainOutbound(ch);
        assertFalse(ch.finishAndReleaseAll());
        return bytes;
    }

    static List<Message> readAll(EmbeddedChannel ch) {
        List<Message> out = new ArrayList<>();
        for (Message m; (m = ch.readInbound()) != null; ) {
            out.add(m);
        }
        return out;
    }

    static Message.Piece piece(int piece, int offset, byte[] data) {
        return new Message.Piece(piece, offset, Unpooled.wrappedBuffer(data));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void encodesExactlyAsTheSpecifications(Message message, String expected) {
        assertEquals(hex(hex(expected)), hex(encode(message)));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void decodesTheSpecificationsBytes(Message expected, String wire) {
        EmbeddedChannel ch = decoder();
        ByteBuf in = buf(hex(wire));
        ch.writeInbound(in);
        assertEquals(List.of(expected), readAll(ch));
        assertEquals(0, in.refCnt(), "the frame was released");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aBatchOfRequestsIsTheirMessagesOneAfterAnother() {
        List<BlockRef> blocks = List.of(new BlockRef(0, 0, 16384), new BlockRef(0, 16384, 16384), new BlockRef(1, 0, 16384));
        ByteBuf batch = MessageEncoder.requests(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, blocks);
        byte[] bytes = new byte[batch.readableBytes()];
        batch.getBytes(0, bytes);
        assertEquals(hex(encode(blocks.stream().map(Message.Request::new).toArray(Message[]::new))), hex(bytes));
        EmbeddedChannel ch = decoder();
        ch.writeInbound(batch);
        assertEquals(blocks.stream().map(Message.Request::new).toList(), readAll(ch));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void pieceIsTheHeaderThenTheBlockUncopied() {
        ByteBuf data = Unpooled.wrappedBuffer(ascii("abc"));
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder());
        ch.writeOutbound(new Message.Piece(1, 0, data));
        ByteBuf head = ch.readOutbound();
        ByteBuf block = ch.readOutbound();
        assertSame(data, block, "the block goes out as the very buffer it came in");
        assertEquals("0000000c0700000001 00000000".replace(" ", ""), io.netty.buffer.ByteBufUtil.hexDump(head));
        head.release();
        block.release();
        assertEquals(0, data.refCnt());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void pieceDataIsASliceOfTheFrameAndTheReceiverReleasesIt() {
        EmbeddedChannel ch = decoder();
        ByteBuf in = buf(hex("0000000c 07 00000001 00000010 616263"));
        ch.writeInbound(in);
        Message.Piece piece = ch.readInbound();
        assertEquals(new BlockRef(1, 16, 3), piece.block());
        assertEquals("abc", piece.data().toString(java.nio.charset.StandardCharsets.US_ASCII));
        assertSame(in, piece.data().unwrap(), "a slice of the received buffer, not a copy");
        assertTrue(in.refCnt() > 0);
        piece.release();
        assertEquals(0, in.refCnt());
        assertFalse(ch.finishAndReleaseAll());
    }

    /** Every message, including a piece, in one stream; new instances on each call. */
    static List<Message> everyMessage() {
        List<Message> all = new ArrayList<>();
        encodings().forEach(a -> all.add((Message) a.get()[0]));
        all.add(piece(9, 900, ascii("the last hundred bytes are here")));
        return all;
    }

    static byte[] encodeEveryMessage() {
        return encode(everyMessage().toArray(Message[]::new));
    }

    /** Checks {@code decoded} against {@link #everyMessage()} and releases both. */
    static void assertEveryMessage(List<Message> decoded, String context) {
        List<Message> expected = everyMessage();
        assertEquals(expected, decoded, context);
        expected.forEach(io.netty.util.ReferenceCountUtil::release);
        decoded.forEach(io.netty.util.ReferenceCountUtil::release);
    }

    @Test
    void roundTripsEveryMessage() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(encodeEveryMessage()));
        assertEveryMessage(readAll(ch), "");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void decodesTheSameAtEverySplitPoint() {
        byte[] wire = encodeEveryMessage();
        for (int split = 1; split < wire.length; split++) {
            EmbeddedChannel ch = decoder();
            ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(wire, split, wire.length - split));
            assertEveryMessage(readAll(ch), "split at " + split);
            assertFalse(ch.finishAndReleaseAll());
        }
    }

    @Test
    void decodesOneByteAtATime() {
        byte[] wire = encodeEveryMessage();
        EmbeddedChannel ch = decoder();
        for (int i = 0; i < wire.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(wire, i, 1));
        }
        assertEveryMessage(readAll(ch), "");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void skipsUnknownMessageIds() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(hex("00000004 63 010203 00000001 02")));
        assertEquals(List.of(Message.INTERESTED), readAll(ch));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void acceptsAFullBlockAtTheFrameLimit() {
        int max = CONFIG.maxFrameLength(LAYOUT.pieceCount());
        assertEquals(2 + CONFIG.maxExtendedPayload(), max, "extended messages set the limit here");
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(encode(piece(0, 0, new byte[16384]))));
        Message.Piece p = ch.readInbound();
        assertEquals(new BlockRef(0, 0, 16384), p.block());
        p.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void frameLimitGrowsWithTheBitfield() {
        FileLayout many = layout(16384, 16384L * 400_000);
        assertEquals(1 + 50_000, CONFIG.maxFrameLength(many.pieceCount()));
        WireConfig smallExtended = new WireConfig(OUR_ID, Reserved.NONE, 16384, 100,
                CONFIG.keepAliveInterval(), CONFIG.readWriteTimeout(), CONFIG.connectTimeout(), CONFIG.encryption(),
                CONFIG.encryptionTimeout());
        assertEquals(9 + 16384, smallExtended.maxFrameLength(LAYOUT.pieceCount()), "a piece message sets it");
    }

    // ---- limits and violations ----

    /** Feeds {@code wire} and returns what the pipeline threw. */
    static Throwable failure(EmbeddedChannel ch, String wire) {
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(buf(hex(wire))));
        assertFalse(ch.finishAndReleaseAll());
        return e instanceof TooLongFrameException ? e : e.getCause();
    }

    static String violation(String wire) {
        Throwable t = failure(decoder(), wire);
        assertInstanceOf(ProtocolViolation.class, t);
        return t.getMessage();
    }

    @Test
    void refusesALengthOf2To31OnSight() {
        // Only the length has arrived: refused before anything is buffered.
        assertInstanceOf(TooLongFrameException.class, failure(decoder(), "80000000"));
    }

    @Test
    void refusesAFrameOneByteOverTheLimitBeforeItArrives() {
        int max = CONFIG.maxFrameLength(LAYOUT.pieceCount());
        assertInstanceOf(TooLongFrameException.class, failure(decoder(), String.format("%08x 07", max + 1)));
    }

    @Test
    void refusesWrongPayloadSizesOfFixedMessages() {
        assertTrue(violation("00000002 00 00").contains("message 0 has a payload of 1 bytes, expected 0"));
        assertTrue(violation("00000004 04 000001").contains("expected 4"));
        assertTrue(violation("0000000c 06 00000000 00000000 000040").contains("expected 12"));
        assertTrue(violation("00000002 09 00").contains("expected 2"));
        assertTrue(violation("00000002 0e 00").contains("expected 0"));
    }

    @Test
    void refusesPieceIndexesPastTheLastPiece() {
        assertTrue(violation("00000005 04 0000000a").contains("names piece 10 of a torrent with 10"));
        assertTrue(violation("00000005 04 ffffffff").contains("names piece 4294967295"));
        violation("00000005 0d 0000000a");
        violation("00000005 11 0000000a");
        violation("0000000d 06 0000000a 00000000 00004000");
    }

    @Test
    void refusesBitfieldsOfTheWrongSizeOrWithSpareBits() {
        assertTrue(violation("00000002 05 ff").contains("bitfield of 1 bytes for 10 pieces"));
        assertTrue(violation("00000004 05 ffc000").contains("of 3 bytes"));
        assertTrue(violation("00000003 05 ffe0").contains("spare bits"));
        EmbeddedChannel ch = decoder();
        ch.writeInbound(buf(hex("00000003 05 ffc0")));
        assertEquals(List.of(Message.Bitfield.of(10, bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))), readAll(ch));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void refusesRequestsLargerThanTheLimit() {
        assertTrue(violation("0000000d 06 00000000 00000000 00004001").contains("block of 16385 bytes; the limit is 16384"));
        assertTrue(violation("0000000d 06 00000000 00000000 80000000").contains("block of 2147483648 bytes"));
        assertTrue(violation("0000000d 06 00000000 00000000 00000000").contains("block of 0 bytes"));
        violation("0000000d 08 00000000 00000000 00004001");
        violation("0000000d 10 00000000 00000000 00004001");
    }

    @Test
    void acceptsLargerRequestsWhenConfigured() {
        EmbeddedChannel ch = decoder(LAYOUT, CONFIG.withMaxBlockLength(32768), true, true);
        ch.writeInbound(buf(hex("0000000d 06 00000000 00000000 00008000")));
        assertEquals(List.of(new Message.Request(new BlockRef(0, 0, 32768))), readAll(ch));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void refusesBlocksPastTheEndOfTheirPiece() {
        // Piece 9 is 1000 bytes long.
        assertTrue(violation("0000000d 06 00000009 00000000 00004000").contains("past the end of piece 9 (1000 bytes)"));
        violation("0000000d 06 00000000 00007fff 00000002");
        violation("0000000d 06 00000000 fffffff0 00000010");
        violation("0000000b 07 00000009 000003e7 4142");
    }

    @Test
    void refusesPiecesWithoutDataOrLongerThanABlock() {
        assertTrue(violation("00000009 07 00000000 00000000").contains("holds no block"));
        byte[] big = encode(piece(0, 0, new byte[16385]));
        EmbeddedChannel ch = decoder();
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(buf(big)));
        assertTrue(e.getCause().getMessage().contains("block of 16385 bytes"));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void refusesFastMessagesWithoutTheFastExtension() {
        for (String wire : List.of("00000005 0d 00000001", "00000001 0e", "00000001 0f",
                "0000000d 10 00000000 00000000 00004000", "00000005 11 00000001")) {
            Throwable t = failure(decoder(LAYOUT, CONFIG, false, true), wire);
            assertInstanceOf(ProtocolViolation.class, t);
            assertTrue(t.getMessage().contains("without the Fast extension"), t.getMessage());
        }
    }

    @Test
    void refusesExtendedMessagesWithoutTheExtensionProtocolOrId() {
        Throwable t = failure(decoder(LAYOUT, CONFIG, true, false), "00000003 14 00 64");
        assertTrue(t.getMessage().contains("without the extension protocol"));
        assertTrue(violation("00000001 14").contains("without an extension id"));
    }

    @Test
    void refusesExtendedPayloadsOverTheirOwnLimit() {
        // Many pieces: the bitfield raises the frame limit above the extended payload's.
        FileLayout many = layout(16384, 16384L * 400_000);
        int payload = CONFIG.maxExtendedPayload() + 1;
        EmbeddedChannel ch = decoder(many, CONFIG, true, true);
        byte[] wire = encode(new Message.Extended(1, new byte[payload]));
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(buf(wire)));
        assertTrue(e.getCause().getMessage().contains("the limit is " + CONFIG.maxExtendedPayload()));
        assertFalse(ch.finishAndReleaseAll());
    }
}
