package mim.plugin.tracker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import mim.core.bencode.BDict;
import mim.core.bencode.BList;
import mim.core.bencode.BValue;
import org.junit.jupiter.api.Test;

/** BEP 3's dictionary peers: an {@code ip} is used only when it is an address literal. */
class PeerListsTest {

    private static List<InetSocketAddress> read(String... ips) {
        List<BValue> peers = new ArrayList<>();
        for (String ip : ips) {
            peers.add(BDict.builder().put("ip", ip).put("port", 6881).build());
        }
        List<InetSocketAddress> out = new ArrayList<>();
        PeerLists.dictionaries(new BList(peers), out);
        return out;
    }

    private static InetSocketAddress at(String literal) {
        return new InetSocketAddress(literal, 6881);
    }

    @Test
    void takesIpv4AndIpv6LiteralsBracketedOrNot() {
        assertEquals(List.of(at("10.0.0.7"), at("2001:db8::5"), at("::1"), at("10.0.0.9")),
                read("10.0.0.7", "2001:db8::5", "[::1]", "::ffff:10.0.0.9"));
    }

    /**
     * Text that is no literal is never handed to the system's resolver. InetAddress.getByName did
     * that for every text with a colon that does not start with a hex digit ({@code g:1},
     * {@code tracker.example:80}): a blocking query on the client's thread for each such peer, to a
     * name the tracker chose.
     */
    @Test
    void skipsNamesAndWhatOnlyLooksLikeAnAddress() {
        assertEquals(List.of(), read("tracker.example", "tracker.example:80", "g:1", "300.1.1.1", "1.2.3",
                "1::2::3", "fe80::1%nosuchinterface", " 10.0.0.1", ""));
    }
}
