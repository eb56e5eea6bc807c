package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import mim.core.metainfo.Metainfo;
import mim.core.testing.HostilePeer;
import mim.core.testing.HostilePeer.Attack;
import mim.interop.Download;
import mim.interop.Encryption;
import mim.interop.Opentracker;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A swarm where one peer is honest: a libtorrent seeder and a {@link HostilePeer} of every kind, all
 * announced on one opentracker, and {@code mim download} finding them there. Whatever order the
 * tracker and the dialler bring them in (the seed shuffles their announces and picks which blocks
 * the subtle liars spoil), the download finishes with every byte right, the honest seeder is never
 * banned, and the peer that sends only corrupt data is.
 */
class HostileSwarmIT {
    private static final Duration LONG = Duration.ofSeconds(240);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void oneHonestSeederAmongLiarsIsEnough(long seed) throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("swarm.bin", (12 << 20) + 4321);
            Torrent torrent = swarm.torrent(data, 18, false, tracker.httpUrl());
            Metainfo m = Metainfo.parse(Files.readAllBytes(torrent.file()));
            byte[] content = Files.readAllBytes(data);

            List<Attack> attacks = new ArrayList<>(List.of(Attack.values()));
            attacks.removeAll(List.of(Attack.NONE, Attack.LATE_BITFIELD));
            Collections.shuffle(attacks, new Random(seed));
            List<HostilePeer> liars = new ArrayList<>();
            try {
                for (Attack attack : attacks) {
                    HostilePeer liar = HostilePeer.start(attack, seed, m.infoHash().truncated(), m.layout(), content,
                            swarm.newAddress());
                    liars.add(liar);
                    tracker.list(torrent.infoHash(), liar.address());
                }
                // A slow honest seeder, as they often are: the liars, fast, get a large share of the blocks.
                Peer seeder = swarm.libtorrent().uploadLimit(2 << 20).seed(torrent, data);
                String honest = seeder.address().getAddress().getHostAddress();

                // The liars speak plaintext only: an encrypted first dial would not reach their attacks.
                Download mim = swarm.mim().exitOnFinish().encryption(Encryption.DISABLE)
                        .leech(torrent, swarm.newDir("out"));
                assertEquals(0, mim.process().awaitExit(LONG), swarm::diagnostics);
                assertEquals(TestData.sha256(data), TestData.sha256(mim.outDir().resolve(torrent.name())));

                List<String> bans = mim.process().output().lines().filter(l -> l.contains(": banned ")).toList();
                assertTrue(bans.stream().noneMatch(l -> l.matches(".*: banned (.*, )?" + honest.replace(".", "\\.")
                        + "(, .*)? for .*")), "the honest seeder " + honest + " was banned:\n" + String.join("\n", bans));
                for (HostilePeer liar : liars) {
                    if (liar.attack() == Attack.CORRUPT_DATA && liar.blocksSent() > 0) {
                        String ip = liar.address().getAddress().getHostAddress();
                        assertTrue(bans.stream().anyMatch(l -> l.contains(ip)), "the liar at " + ip + " was banned:\n"
                                + String.join("\n", bans));
                    }
                }
            } finally {
                for (HostilePeer liar : liars) {
                    liar.close();
                }
            }
        }
    }
}
