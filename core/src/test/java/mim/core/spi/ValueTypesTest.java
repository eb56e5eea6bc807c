package mim.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    private static byte[] bytes(int first) {
        byte[] b = new byte[20];
        b[0] = (byte) first;
        return b;
    }

    @Test
    void torrentIdentityKeepsItsOwnCopies() {
        byte[] hash = bytes(1);
        List<String> tier = new ArrayList<>(List.of("http://a/announce"));
        List<List<String>> tiers = new ArrayList<>(List.of(tier));
        TorrentIdentity id = new TorrentIdentity(hash, tiers, false, 6881, bytes(2));
        hash[0] = 9;
        tier.add("http://b/announce");
        tiers.add(List.of());
        id.infoHash()[0] = 7;

        assertArrayEquals(bytes(1), id.infoHash());
        assertEquals(List.of(List.of("http://a/announce")), id.trackerTiers());
        assertEquals("01" + "00".repeat(19), id.infoHashHex());
        assertEquals(new TorrentIdentity(bytes(1), List.of(List.of("http://a/announce")), false, 6881, bytes(2)), id);
    }

    @Test
    void torrentIdentityRefusesWrongLengthsAndPorts() {
        assertThrows(IllegalArgumentException.class,
                () -> new TorrentIdentity(new byte[19], List.of(), false, 6881, bytes(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new TorrentIdentity(bytes(0), List.of(), false, 0, bytes(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new TorrentIdentity(bytes(0), List.of(), false, 65536, bytes(0)));
    }

    @Test
    void theWildcardAddressIsNoListenAddress() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        InetAddress one = InetAddress.getByName("127.0.0.5");
        assertNull(new TorrentIdentity(bytes(0), List.of(), false, 6881, bytes(0), any, List.of()).listenAddress());
        assertEquals(one, new TorrentIdentity(bytes(0), List.of(), false, 6881, bytes(0), one, List.of()).listenAddress());
        TransferStats none = new TransferStats(0, 0, 0);
        assertNull(new AnnounceRequest(bytes(0), bytes(0), 1, none, null, 50, 0, null, any).localAddress());
        AnnounceRequest from = new AnnounceRequest(bytes(0), bytes(0), 1, none, null, 50, 0, null, one);
        assertEquals(one, from.withTrackerId("x").localAddress(), "a tracker id keeps the source address");
        assertNotEquals(from, new AnnounceRequest(bytes(0), bytes(0), 1, none, null, 50, 0, null));
    }

    @Test
    void storageOptionsSelectEverythingUnlessToldOtherwise() {
        StorageOptions all = StorageOptions.readWrite();
        assertTrue(all.isSelected(0) && all.isSelected(1000));
        assertFalse(all.readOnly() || all.overwrite());

        Set<Integer> chosen = new HashSet<>(Set.of(2));
        StorageOptions some = all.withSelectedFiles(chosen).withOverwrite(true);
        chosen.add(3);
        assertTrue(some.isSelected(2));
        assertFalse(some.isSelected(3));
        assertTrue(some.overwrite());
        assertTrue(StorageOptions.readOnlyAccess().readOnly());
    }

    @Test
    void fileStateTiesModificationTimeToExistence() {
        assertFalse(FileState.MISSING.exists());
        assertEquals(5, FileState.present(5, Instant.EPOCH).size());
        assertThrows(IllegalArgumentException.class, () -> new FileState(true, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new FileState(false, 0, Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new TransferStats(-1, 0, 0));
    }
}
