package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BanListTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aLoneSenderOfABadPieceIsBannedAtOnce() throws Exception {
        BanList bans = new BanList();
        // two connections from one host are one sender
        assertEquals(Set.of(ip("10.0.0.1")), bans.blame(List.of(ip("10.0.0.1"), ip("10.0.0.1"))));
        assertTrue(bans.isBanned(ip("10.0.0.1")));
        assertEquals(Set.of(), bans.blame(List.of(ip("10.0.0.1"))), "already banned");
        assertEquals(Map.of("corrupt data", 1), bans.countsByReason());
    }

    @Test
    void sharedFailuresBanNobodyHoweverMany() throws Exception {
        BanList bans = new BanList();
        InetAddress liar = ip("10.0.0.66");
        InetAddress honest = ip("2001:db8::3");
        for (int i = 0; i < 20; i++) {
            assertEquals(Set.of(), bans.blame(List.of(liar, honest)));
        }
        assertFalse(bans.isBanned(honest), "the verdict on shared pieces is SmartBan's");
        assertFalse(bans.isBanned(liar));
        assertEquals(0, bans.size());
    }

    @Test
    void piecesABannedPoisonerSentAloneAfterwardsBanNobodyElse() throws Exception {
        BanList bans = new BanList();
        InetAddress bad = ip("10.0.0.66");
        assertEquals(Set.of(bad), bans.blame(List.of(bad)));
        assertEquals(Set.of(), bans.blame(List.of(bad)));
        assertEquals(1, bans.size());
    }

    @Test
    void anOutrightBanIsRememberedWithItsReason() throws Exception {
        BanList bans = new BanList();
        assertTrue(bans.ban(ip("192.0.2.1"), "corrupt metadata"));
        assertFalse(bans.ban(ip("192.0.2.1"), "corrupt data"));
        assertTrue(bans.isBanned(ip("192.0.2.1")));
        assertEquals("corrupt metadata", bans.reason(ip("192.0.2.1")));
        assertFalse(bans.isBanned(ip("192.0.2.2")));
        assertEquals(Map.of("corrupt metadata", 1), bans.countsByReason());
    }
}
