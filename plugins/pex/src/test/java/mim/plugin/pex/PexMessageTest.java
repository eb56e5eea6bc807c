package mim.plugin.pex;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PexMessageTest {
    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code text} with each {@code <hex>} run replaced by its bytes. */
    static byte[] bytes(String text) {
        String[] parts = text.split("[<>]", -1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            s.append(i % 2 == 0 ? parts[i] : new String(HexFormat.of().parseHex(parts[i]), StandardCharsets.ISO_8859_1));
        }
        return latin1(s.toString());
    }

    @Test
    void encodesBothFamiliesInCompactForm() throws Exception {
        PexMessage m = new PexMessage(
                List.of(new PexMessage.Peer(at("10.0.0.1", 6881), PexMessage.SEED | PexMessage.REACHABLE),
                        new PexMessage.Peer(at("2001:db8::1", 51413), PexMessage.UTP)),
                List.of(at("192.0.2.9", 80)));
        assertArrayEquals(bytes("d5:added6:<0a0000011ae1>7:added.f1:<12>6:added618:<20010db8000000000000000000000001c8d5>"
                + "8:added6.f1:<04>7:dropped6:<c00002090050>e"), m.encode());
        assertEquals(m, PexMessage.decode(m.encode()));
    }

    @Test
    void emptyMessageIsAnEmptyDictionary() throws Exception {
        assertEquals("de", new String(new PexMessage(List.of(), List.of()).encode(), StandardCharsets.ISO_8859_1));
        assertEquals(new PexMessage(List.of(), List.of()), PexMessage.decode(latin1("de")));
    }

    @Test
    void missingFlagsMeanNoFlagsAndUnknownKeysAreIgnored() throws Exception {
        PexMessage m = PexMessage.decode(bytes("d5:added6:<0a0000011ae1>8:future_ki1ee"));
        assertEquals(List.of(new PexMessage.Peer(at("10.0.0.1", 6881), 0)), m.added());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "le",
        "d5:added5:<0a0000011a>e",                                   // 5 bytes: not a 6-byte entry
        "d6:added617:<20010db800000000000000000000000100>e",         // 17 bytes
        "d7:dropped7:<0a0000011ae100>e",                              // 7 bytes
        "d8:dropped61:<00>e",                                          // 1 byte
        "d5:added6:<0a0000011ae1>7:added.f2:<0000>e",                 // two flags, one peer
        "d5:added12:<0a0000011ae10a0000021ae1>7:added.f1:<00>e",      // one flag, two peers
        "d5:addedi1ee",                                                // not a string
        "d5:addedlee",                                                 // nested
        "d5:added6:<0a0000011ae1>",                                    // cut short
    })
    void refusesMalformedMessages(String text) {
        assertThrows(MalformedPex.class, () -> PexMessage.decode(bytes(text)));
    }

    @Test
    void refusesUnresolvedAddressesAndBadFlags() {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.org", 1);
        assertThrows(IllegalArgumentException.class, () -> new PexMessage.Peer(unresolved, 0));
        assertThrows(IllegalArgumentException.class, () -> new PexMessage(List.of(), List.of(unresolved)));
        assertThrows(IllegalArgumentException.class, () -> new PexMessage.Peer(at("10.0.0.1", 1), 256));
    }
}
