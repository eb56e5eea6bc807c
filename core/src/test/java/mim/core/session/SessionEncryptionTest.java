package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.onLoop;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import mim.core.wire.EncryptionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sessions of ours with each pairing of encryption policies that matters: both requiring it
 * (an encrypted download: neither accepts plaintext), a preferring leecher and a plaintext seed (the
 * leecher falls back to plaintext for that peer), and a requiring side against a plaintext one (no
 * connection, whichever side dials).
 */
@ExtendWith(LeakCheck.class)
class SessionEncryptionTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final byte[] data = TestTorrents.content(10 * PIECE + 5, 11);

    @Test
    void bothRequiringDownloadEncrypted() throws Exception {
        MemoryStorage leechStore = download(EncryptionPolicy.REQUIRE, EncryptionPolicy.REQUIRE, false);
        assertArrayEquals(data, leechStore.content());
    }

    @Test
    void aPreferringLeecherFallsBackToPlaintextForAPlaintextSeed() throws Exception {
        MemoryStorage leechStore = download(EncryptionPolicy.PREFER, EncryptionPolicy.DISABLE, true);
        assertArrayEquals(data, leechStore.content());
    }

    @Test
    void aPreferringSeedServesAPlaintextLeecher() throws Exception {
        MemoryStorage leechStore = download(EncryptionPolicy.DISABLE, EncryptionPolicy.PREFER, false);
        assertArrayEquals(data, leechStore.content());
    }

    @Test
    void aRequiringLeecherDoesNotConnectToAPlaintextSeed() throws Exception {
        noConnection(EncryptionPolicy.REQUIRE, EncryptionPolicy.DISABLE);
    }

    @Test
    void aRequiringSeedRefusesAPlaintextLeecher() throws Exception {
        noConnection(EncryptionPolicy.DISABLE, EncryptionPolicy.REQUIRE);
    }

    /** Downloads from a seed; says whether the leecher ended up dialling the seed in plaintext. */
    private MemoryStorage download(EncryptionPolicy leecher, EncryptionPolicy seeder, boolean expectPlainFallback)
            throws Exception {
        Metainfo m = TestTorrents.singleFile("enc.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session seed = session(MemoryStorage.filled(data, 1), 1, seeder, List.of(), null);
             Session leech = session(leechStore, 2, leecher, List.of(), null)) {
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            InetSocketAddress seedAddress = local(seed);
            Torrent t = leech.add(params(m, leechFolder, List.of(seedAddress)));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(expectPlainFallback, onLoop(t, () -> t.discovery().isPlainOnly(seedAddress)));
        }
        return leechStore;
    }

    private void noConnection(EncryptionPolicy leecher, EncryptionPolicy seeder) throws Exception {
        Metainfo m = TestTorrents.singleFile("enc.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session seed = session(MemoryStorage.filled(data, 1), 1, seeder, List.of(), null);
             Session leech = session(leechStore, 2, leecher, List.of(), null)) {
            Torrent seeding = seed.add(params(m, seedFolder, List.of()));
            seeding.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            InetSocketAddress seedAddress = local(seed);
            Torrent t = leech.add(params(m, leechFolder, List.of(seedAddress)));
            await(() -> onLoop(t, () -> t.discovery().failures(seedAddress) >= 1), "the attempt failed");
            assertTrue(onLoop(t, () -> t.peers().isEmpty()), "no connection");
            assertFalse(onLoop(t, () -> t.discovery().isPlainOnly(seedAddress)), "no plaintext retry");
            assertEquals(0, t.status().haveBytes());
            assertEquals(0, seeding.status().peers());
        }
    }
}
