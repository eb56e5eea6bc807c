package mim.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
