package mim.core.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionHandshakeTest {

    /** The extension handshake libtorrent 2.0.8 sent in the recorded session: the first frame after the handshake. */
    static byte[] libtorrentPayload() throws IOException {
        byte[] wire = LibtorrentCaptureTest.capture("libtorrent-seed-fast.bin");
        int length = ByteBuffer.wrap(wire, 68, 4).getInt();
        assertEquals(Message.EXTENDED_ID, wire[72]);
        assertEquals(Message.Extended.HANDSHAKE, wire[73]);
        return Arrays.copyOfRange(wire, 74, 72 + length);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsLibtorrentsHandshake() throws Exception {
        ExtensionHandshake h = ExtensionHandshake.decode(libtorrentPayload());
        assertEquals(Map.of("lt_donthave", 7, "share_mode", 8, "upload_only", 3, "ut_holepunch", 4,
                "ut_metadata", 2, "ut_pex", 1), h.extensions());
        assertEquals(Optional.of("libtorrent/2.0.8.0"), h.client());
        assertEquals(OptionalInt.of(42287), h.listenPort());
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), h.yourIp());
        assertEquals(OptionalInt.of(2000), h.requestQueue());
        assertEquals(OptionalLong.of(126), h.metadataSize());
        assertEquals(OptionalInt.of(2), h.idOf(ExtensionHandshake.UT_METADATA));
        assertEquals(OptionalInt.of(1), h.idOf("ut_pex"));
        assertEquals(OptionalInt.empty(), h.idOf("lt_tex"));
    }

    @Test
    void libtorrentsHandshakeSurvivesOurEncoderExceptForKeysWeDoNotKnow() throws Exception {
        ExtensionHandshake h = ExtensionHandshake.decode(libtorrentPayload());
        assertEquals(h, ExtensionHandshake.decode(h.encode()));
        String ours = new String(h.encode(), StandardCharsets.ISO_8859_1);
        assertFalse(ours.contains("complete_ago"), ours);
        assertTrue(ours.startsWith("d1:md11:lt_donthavei7e"), ours);
    }

    @Test
    void oursHasExactBytes() throws Exception {
        ExtensionHandshake h = ExtensionHandshake.ours(Map.of("ut_pex", 2), "mim/0.1", 6881, InetAddress.getByName("10.0.0.2"), 250, 31235);
        assertEquals("d1:md11:ut_metadatai1e6:ut_pexi2ee13:metadata_sizei31235e1:pi6881e4:reqqi250e1:v7:mim/0.1"
                + "6:yourip4:\n\0\0\2e", new String(h.encode(), StandardCharsets.ISO_8859_1));
        Message.Extended m = h.toMessage();
        assertEquals(0, m.id());
        assertEquals(h, ExtensionHandshake.decode(m));
    }

    @Test
    void withoutOtherExtensionsOnlyUtMetadataIsOfferedAndUnknownSizeIsOmitted() throws Exception {
        ExtensionHandshake h = ExtensionHandshake.ours(Map.of(), "mim", 0, null, 0, -1);
        assertEquals("d1:md11:ut_metadatai1ee1:v3:mime", new String(h.encode(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void roundTripsBothOwnAddresses() throws Exception {
        ExtensionHandshake h = new ExtensionHandshake(Map.of("ut_pex", 3), Optional.empty(), OptionalInt.empty(),
                Optional.of(InetAddress.getByName("2001:db8::1")), OptionalInt.empty(), OptionalLong.empty(),
                Optional.of((java.net.Inet4Address) InetAddress.getByName("192.0.2.7")),
                Optional.of((java.net.Inet6Address) InetAddress.getByName("2001:db8::7")));
        assertEquals(h, ExtensionHandshake.decode(h.encode()));
    }

    @Test
    void zeroDisablesAnExtensionInALaterHandshake() throws Exception {
        Map<String, Integer> known = ExtensionHandshake.decode(ascii("d1:md11:ut_metadatai2e6:ut_pexi1eee")).applyTo(Map.of());
        assertEquals(Map.of("ut_metadata", 2, "ut_pex", 1), known);
        ExtensionHandshake update = ExtensionHandshake.decode(ascii("d1:md6:ut_pexi0eee"));
        assertEquals(OptionalInt.empty(), update.idOf("ut_pex"));
        assertEquals(Map.of("ut_metadata", 2), update.applyTo(known));
    }

    @Test
    void anUpdateMayNotMakeTwoExtensionsShareAnId() throws Exception {
        ExtensionHandshake update = ExtensionHandshake.decode(ascii("d1:md6:ut_pexi2eee"));
        assertThrows(ProtocolViolation.class, () -> update.applyTo(Map.of("ut_metadata", 2)));
    }

    @Test
    void optionalKeysOfTheWrongKindAreIgnored() throws Exception {
        ExtensionHandshake h = ExtensionHandshake.decode(ascii(
                "d9:futurekeyli1ee13:metadata_sizei-5e1:md11:ut_metadatai3ee1:pi70000e4:reqq3:abc1:vi1e6:yourip3:abce"));
        assertEquals(Map.of("ut_metadata", 3), h.extensions());
        assertEquals(Optional.empty(), h.client());
        assertEquals(OptionalInt.empty(), h.listenPort());
        assertEquals(OptionalInt.empty(), h.requestQueue());
        assertEquals(OptionalLong.empty(), h.metadataSize());
        assertEquals(Optional.empty(), h.yourIp());
    }

    @Test
    void emptyDictionaryMeansNoExtensions() throws Exception {
        assertEquals(Map.of(), ExtensionHandshake.decode(ascii("de")).extensions());
    }

    @Test
    void longClientNamesAreCut() throws Exception {
        String name = "x".repeat(500);
        ExtensionHandshake h = ExtensionHandshake.decode(ascii("d1:v500:" + name + "e"));
        assertEquals(ExtensionHandshake.MAX_CLIENT_LENGTH, h.client().orElseThrow().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                      // nothing
        "le",                                    // not a dictionary
        "d1:mi1ee",                              // m is not a dictionary
        "d1:md6:ut_pexi256eee",                  // id past 255
        "d1:md6:ut_pexi-1eee",                   // negative id
        "d1:md6:ut_pex1:1ee",                    // id is not an integer
        "d1:md1:ai1e1:bi1eee",                   // two extensions, one id
        "d1:md6:ut_pexi1eee garbage",            // bytes after the dictionary
        "d1:md6:ut_pexi1e",                      // cut short
    })
    void refusesMalformedHandshakes(String payload) {
        assertThrows(ProtocolViolation.class, () -> ExtensionHandshake.decode(ascii(payload)));
    }

    @Test
    void refusesTooManyExtensions() {
        StringBuilder s = new StringBuilder("d1:md");
        for (int i = 0; i <= ExtensionHandshake.MAX_EXTENSIONS; i++) {
            s.append(String.format("3:x%02di%de", i, i + 1));
        }
        ProtocolViolation e = assertThrows(ProtocolViolation.class,
                () -> ExtensionHandshake.decode(ascii(s.append("ee").toString())));
        assertTrue(e.getMessage().contains("65 extensions"), e.getMessage());
    }

    @Test
    void refusesOversizedPayload() {
        byte[] big = ascii("d1:v" + (ExtensionHandshake.MAX_PAYLOAD) + ":" + "v".repeat(ExtensionHandshake.MAX_PAYLOAD) + "e");
        assertThrows(ProtocolViolation.class, () -> ExtensionHandshake.decode(big));
    }

    @Test
    void refusesAnotherExtendedMessageAsHandshake() {
        assertThrows(ProtocolViolation.class, () -> ExtensionHandshake.decode(new Message.Extended(3, ascii("de"))));
    }

    @Test
    void constructorRefusesSharedIds() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("a", 5);
        m.put("b", 5);
        assertThrows(IllegalArgumentException.class, () -> new ExtensionHandshake(m, Optional.empty(),
                OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), Optional.empty(),
                Optional.empty()));
    }
}
