package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import mim.interop.DhtRouter;
import mim.interop.Download;
import mim.interop.Encryption;
import mim.interop.ManagedProcess;
import mim.interop.Opentracker;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A release day, rehearsed on loopback: a 1 GiB image published as a hybrid torrent made by
 * {@code mim create --hybrid}, announced on an opentracker, seeded by libtorrent (encryption
 * required, also on a DHT) and by rtorrent (encryption required); mim downloads it from the magnet
 * link {@code mim create} printed, with its default encryption and its DHT bootstrapped from the
 * swarm's DHT node; then a fresh libtorrent, told of no one but mim, downloads it from mim. Every
 * byte of both copies is checked against the original.
 *
 * <p>Every wait is for a milestone, with deadlines meant for a loaded two-core machine.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RehearsalIT {
    private static final long SIZE = 1L << 30;
    private static final String NAME = "mimix-26.04-desktop-amd64.iso";
    private static final Duration STEP = Duration.ofSeconds(120);
    private static final Duration TRANSFER = Duration.ofSeconds(300);

    @Test
    void aReleaseIsFetchedByMagnetFromAnEncryptedSwarmAndServedOnByMim() {
        try (Swarm swarm = Swarm.create()) {
            long t0 = System.nanoTime();
            Opentracker tracker = swarm.opentracker();
            DhtRouter dht = swarm.dhtRouter();
            Path image = swarm.data(NAME, SIZE);
            CompletableFuture<Map<String, String>> original = CompletableFuture.supplyAsync(() -> TestData.sha256(image));
            long t1 = System.nanoTime();

            Path publishedFile = swarm.newDir("torrent").resolve("published.torrent");
            String created = create(swarm, image, publishedFile, tracker.httpUrl());
            Torrent published = swarm.adopt(publishedFile);
            String magnet = created.lines().filter(l -> l.startsWith("magnet:")).findFirst()
                    .orElseThrow(() -> new AssertionError("mim create printed no magnet link:\n" + created));
            assertTrue(magnet.contains("&xt=urn:btmh:1220") && magnet.contains("&tr="), magnet);
            // The same content without trackers: the same info dictionary, so the same swarm.
            Path unlistedFile = swarm.newDir("torrent").resolve("unlisted.torrent");
            create(swarm, image, unlistedFile);
            Torrent unlisted = swarm.adopt(unlistedFile);
            assertEquals(published.infoHash(), unlisted.infoHash());
            assertEquals(SIZE, published.totalSize());
            long t2 = System.nanoTime();

            CompletableFuture<Peer> rtorrent = CompletableFuture.supplyAsync(
                    () -> swarm.rtorrent().encryption(Encryption.REQUIRE).seed(published, image));
            Peer libtorrent = swarm.libtorrent().dht(dht).encryption(Encryption.REQUIRE).seed(published, image);
            dht.awaitAnnounced(published, STEP);
            Peer rtorrentSeed = join(rtorrent);
            long t3 = System.nanoTime();

            Download mim = swarm.mim().dht(dht).exitOnFinish().leechMagnet(magnet, swarm.newDir("mim"));
            mim.awaitComplete(TRANSFER);
            assertEquals(0, mim.process().awaitExit(STEP), swarm::diagnostics);
            long t4 = System.nanoTime();
            Path copy = mim.outDir().resolve(NAME);
            assertEquals(join(original), TestData.sha256(copy), swarm::diagnostics);
            String log = mim.process().output();
            assertTrue(Pattern.compile("dht: [1-9]\\d* peers").matcher(log).find(),
                    () -> "mim found no peer through the DHT:\n" + swarm.diagnostics());
            assertTrue(rtorrentSeed.isRunning() && libtorrent.isRunning(), swarm::diagnostics);
            long t5 = System.nanoTime();

            Peer mimSeed = swarm.mim().seed(unlisted, copy);
            Download fresh = swarm.libtorrent().connectTo(mimSeed).leech(unlisted, swarm.newDir("fresh"));
            fresh.awaitComplete(TRANSFER);
            long t6 = System.nanoTime();
            assertEquals(join(original), TestData.sha256(fresh.outDir().resolve(NAME)), swarm::diagnostics);

            System.out.printf("RehearsalIT: data %.1f s, torrents %.1f s, seeders %.1f s, mim from the magnet "
                            + "link %.1f s, check %.1f s, libtorrent from mim %.1f s, in all %.1f s%n",
                    seconds(t0, t1), seconds(t1, t2), seconds(t2, t3), seconds(t3, t4), seconds(t4, t5),
                    seconds(t5, t6), seconds(t0, System.nanoTime()));
        }
    }

    /** Runs {@code mim create --hybrid} on {@code image} into {@code out}; returns what it printed. */
    private static String create(Swarm swarm, Path image, Path out, String... announceUrls) {
        List<String> args = new ArrayList<>(List.of("create", "--hybrid", "--no-creation-date", "-o", out.toString()));
        for (String url : announceUrls) {
            args.add("--announce");
            args.add(url);
        }
        args.add(image.toString());
        ManagedProcess p = swarm.mim().command(args.toArray(String[]::new));
        assertEquals(0, p.awaitExit(STEP), swarm::diagnostics);
        return p.output();
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
