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
        assertEquals(Set.of(ip("10.0.0.1")), bans.blame(List.of(ip("10.0.0.1"), ip("10.0.0.1"))).banned());
        assertTrue(bans.isBanned(ip("10.0.0.1")));
        assertEquals(BanList.Blame.NONE, bans.blame(List.of(ip("10.0.0.1"))), "already banned");
        assertEquals(Map.of("corrupt data", 1), bans.countsByReason());
    }

    @Test
    void sharedBlameBansAfterThreeStrikes() throws Exception {
        BanList bans = new BanList();
        InetAddress bad = ip("10.0.0.66");
        InetAddress a = ip("10.0.0.2");
        InetAddress b = ip("2001:db8::3");
        assertEquals(new BanList.Blame(Set.of(), Set.of(bad, a)), bans.blame(List.of(bad, a)));
        assertEquals(Set.of(), bans.blame(List.of(bad, b)).banned());
        assertEquals(1, bans.strikes(a));
        assertEquals(Set.of(bad), bans.blame(List.of(bad, a, b)).banned());
        assertFalse(bans.isBanned(a));
        assertEquals(2, bans.strikes(b));
        assertEquals(1, bans.size());
    }

    @Test
    void strikesNeverBanAPeerThatSentAVerifiedPieceAlone() throws Exception {
        BanList bans = new BanList();
        InetAddress liar = ip("10.0.0.66");
        InetAddress honest = ip("10.0.0.2");
        bans.vouch(honest);
        for (int i = 0; i < 10; i++) {
            bans.blame(List.of(liar, honest));
        }
        assertTrue(bans.isBanned(liar), "the liar sent nothing good alone");
        assertFalse(bans.isBanned(honest));
    }

    @Test
    void aForgivenStrikeIsTakenBack() throws Exception {
        BanList bans = new BanList();
        InetAddress a = ip("10.0.0.2");
        InetAddress b = ip("10.0.0.3");
        bans.blame(List.of(a, b));
        bans.blame(List.of(a, b));
        bans.forgive(a);
        bans.forgive(a);
        bans.forgive(a);
        assertEquals(0, bans.strikes(a), "never below none");
        assertEquals(Set.of(b), bans.blame(List.of(a, b)).banned(), "b's third strike; a has one");
        assertEquals(1, bans.strikes(a));
    }

    @Test
    void piecesABannedPoisonerSharedDoNotCountAgainstThePeersThatFinishedThem() throws Exception {
        BanList bans = new BanList();
        InetAddress bad = ip("10.0.0.66");
        InetAddress honest = ip("10.0.0.2");
        assertEquals(Set.of(bad), bans.blame(List.of(bad)).banned());
        // Its blocks stayed behind in pieces the honest peer went on to finish; they fail too.
        for (int i = 0; i < 5; i++) {
            assertEquals(BanList.Blame.NONE, bans.blame(List.of(bad, honest)));
        }
        assertFalse(bans.isBanned(honest));
        assertEquals(0, bans.strikes(honest));
    }

    @Test
    void anOutrightBanIsRememberedWithItsReason() throws Exception {
        BanList bans = new BanList(2);
        assertTrue(bans.ban(ip("192.0.2.1"), "corrupt metadata"));
        assertFalse(bans.ban(ip("192.0.2.1"), "corrupt data"));
        assertTrue(bans.isBanned(ip("192.0.2.1")));
        assertFalse(bans.isBanned(ip("192.0.2.2")));
        assertEquals(Map.of("corrupt metadata", 1), bans.countsByReason());
    }
}
