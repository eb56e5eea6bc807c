package mim.core.wire;

import static mim.core.wire.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mim.core.metainfo.InfoHash;
import java.util.Optional;
import mim.core.metainfo.FileLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays what a real libtorrent 2.0.8 seed sent to a plain peer (resources/wire, recorded by
 * capture_libtorrent.py there) into our incoming pipeline, whole and in small pieces.
 */
@ExtendWith(LeakCheck.class)
class LibtorrentCaptureTest {
    /** The capture's torrent: one file of 2 * 16384 + 1000 bytes in 16 KiB pieces. */
    static final FileLayout LAYOUT = layout(16384, 2 * 16384 + 1000);
    static final InfoHash CAPTURED = InfoHash.fromHex("e928e99c4816ebc74776cc93328a226e00243ef8");
    /** libtorrent announces the extension protocol, Fast and DHT. */
    static final Reserved LIBTORRENT = new Reserved(0x0000000000100005L);

    final RecordingHandler handler = new RecordingHandler();

    @AfterEach
    void release() {
        handler.releaseAll();
    }

    static byte[] capture(String name) throws IOException {
        try (InputStream in = LibtorrentCaptureTest.class.getResourceAsStream("/wire/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** Feeds the capture in chunks of {@code chunk} bytes; returns what we answered. */
    byte[] replay(String name, Reserved ours, int chunk) throws IOException {
        byte[] wire = capture(name);
        TorrentBinding binding = new TorrentBinding(CAPTURED, LAYOUT, handler);
        EmbeddedChannel ch = new EmbeddedChannel(PeerChannelInitializer.incoming(CONFIG.withReserved(ours),
                infoHash -> infoHash.equals(CAPTURED) ? Optional.of(binding) : Optional.empty()));
        for (int at = 0; at < wire.length; at += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(wire, at, Math.min(chunk, wire.length - at)));
        }
        assertTrue(ch.isOpen(), () -> "closed: " + handler.drain());
        byte[] answer = drainOutbound(ch);
        assertFalse(ch.finishAndReleaseAll());
        return answer;
    }

    /** What the handler saw, up to the close that the end of the replay caused. */
    List<Object> events() {
        List<Object> events = handler.drain();
        CloseReason last = assertInstanceOf(CloseReason.class, events.get(events.size() - 1));
        assertEquals(CloseReason.Kind.PEER_CLOSED, last.kind());
        return events.subList(0, events.size() - 1);
    }

    static void assertHandshake(Object event) {
        Handshake h = assertInstanceOf(Handshake.class, event);
        assertEquals(LIBTORRENT, h.reserved());
        assertEquals(CAPTURED, h.infoHash());
        assertTrue(h.peerId().toString().startsWith("-LT2080-"), h.peerId().toString());
    }

    static void assertExtensionHandshake(Object event) {
        Message.Extended e = assertInstanceOf(Message.Extended.class, event);
        assertEquals(Message.Extended.HANDSHAKE, e.id());
        String dict = new String(e.payload(), StandardCharsets.ISO_8859_1);
        assertTrue(dict.startsWith("d12:complete_agoi-1e1:md"), dict);
        assertTrue(dict.contains("11:ut_metadatai2e") && dict.contains("1:v18:libtorrent/2.0.8.0"), dict);
    }

    /** The first block of the capture's content: byte i is 7 i + 3. */
    static void assertFirstBlock(Object event) {
        Message.Piece p = assertInstanceOf(Message.Piece.class, event);
        assertEquals(new BlockRef(0, 0, 16384), p.block());
        for (int i = 0; i < 16384; i++) {
            assertEquals((byte) (7 * i + 3), p.data().getByte(p.data().readerIndex() + i), "byte " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 1000, 1 << 20})
    void fastSeedSendsHaveAllAllowedFastAndTheBlock(int chunk) throws IOException {
        byte[] answer = replay("libtorrent-seed-fast.bin", Reserved.NONE.with(Reserved.FAST | Reserved.EXTENSION_PROTOCOL), chunk);
        assertEquals(hex(handshake(CONFIG.reserved(), CAPTURED, OUR_ID)), hex(answer));
        List<Object> events = events();
        assertEquals(9, events.size(), events.toString());
        assertHandshake(events.get(0));
        assertExtensionHandshake(events.get(1));
        assertEquals(List.of(Message.HAVE_ALL, Message.UNCHOKE, new Message.AllowedFast(0), new Message.AllowedFast(1),
                new Message.AllowedFast(2), Message.UNCHOKE), events.subList(2, 8));
        assertFirstBlock(events.get(8));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1 << 20})
    void plainSeedSendsItsBitfieldAndTheBlock(int chunk) throws IOException {
        replay("libtorrent-seed-plain.bin", Reserved.NONE.with(Reserved.EXTENSION_PROTOCOL), chunk);
        List<Object> events = events();
        assertEquals(6, events.size(), events.toString());
        assertHandshake(events.get(0));
        assertExtensionHandshake(events.get(1));
        Message.Bitfield bitfield = assertInstanceOf(Message.Bitfield.class, events.get(2));
        assertEquals(3, bitfield.toBitSet().cardinality());
        assertArrayEquals(hex("e0"), bitfield.bits());
        assertEquals(List.of(Message.UNCHOKE, Message.UNCHOKE), events.subList(3, 5));
        assertFirstBlock(events.get(5));
    }
}
