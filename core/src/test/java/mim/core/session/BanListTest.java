package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
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
    }

    @Test
    void sharedBlameBansAfterThreeStrikes() throws Exception {
        BanList bans = new BanList();
        InetAddress bad = ip("10.0.0.66");
        InetAddress a = ip("10.0.0.2");
        InetAddress b = ip("2001:db8::3");
        assertEquals(Set.of(), bans.blame(List.of(bad, a)));
        assertEquals(Set.of(), bans.blame(List.of(bad, b)));
        assertEquals(1, bans.strikes(a));
        assertEquals(Set.of(bad), bans.blame(List.of(bad, a, b)));
        assertFalse(bans.isBanned(a));
        assertEquals(2, bans.strikes(b));
        assertEquals(1, bans.size());
    }

    @Test
    void piecesABannedPoisonerSharedDoNotCountAgainstThePeersThatFinishedThem() throws Exception {
        BanList bans = new BanList();
        InetAddress bad = ip("10.0.0.66");
        InetAddress honest = ip("10.0.0.2");
        assertEquals(Set.of(bad), bans.blame(List.of(bad)));
        // Its blocks stayed behind in pieces the honest peer went on to finish; they fail too.
        for (int i = 0; i < 5; i++) {
            assertEquals(Set.of(), bans.blame(List.of(bad, honest)));
        }
        assertFalse(bans.isBanned(honest));
        assertEquals(0, bans.strikes(honest));
    }

    @Test
    void anOutrightBanIsRemembered() throws Exception {
        BanList bans = new BanList(2);
        assertTrue(bans.ban(ip("192.0.2.1")));
        assertFalse(bans.ban(ip("192.0.2.1")));
        assertTrue(bans.isBanned(ip("192.0.2.1")));
        assertFalse(bans.isBanned(ip("192.0.2.2")));
    }
}
