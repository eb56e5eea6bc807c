package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archives the distribution ships (lib/mim-base.jsa under lib/mim.jsa): accepted by
 * this Java against the distribution's jars as they are, and holding what a magnet download loads at
 * start-up, not only the command line's classes: the session, Netty, the encrypted wire, the metadata
 * exchange, both tracker clients with an HTTP tracker's answer read, and the DHT; picocli's old class
 * files in the static base, the plugins' classes in the dynamic top.
 */
class ClassDataArchiveIT {
    @TempDir
    Path dir;

    @Test
    void archivesAreValidForTheDistributionAndHoldWhatAMagnetDownloadLoads() throws Exception {
        Path home = Path.of(System.getProperty("mim.home"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Programs.Run r = Programs.run(List.of(java.toString(),
                "-XX:SharedArchiveFile=" + home.resolve("lib/mim-base.jsa") + ":" + home.resolve("lib/mim.jsa"),
                "-XX:+PrintSharedArchiveAndExit",
                "-cp", home.resolve("lib") + "/*", "mim.cli.Main"), dir, 60);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("archive is valid"), r.out());
        for (String type : List.of("mim.cli.Main", "mim.core.session.Session", "mim.core.session.Torrent",
                "io.netty.channel.nio.NioEventLoop", "mim.core.session.MetadataFetch", "mim.core.wire.mse.MseInitiator",
                "okhttp3.OkHttpClient", "okhttp3.internal.http1.Http1ExchangeCodec", "picocli.CommandLine",
                "picocli.CommandLine$Model$CommandSpec")) {
            assertTrue(r.out().contains(" " + type + " app_loader"), type + " is not in the archive");
        }
        // Plugins have class loaders of their own, which the archive calls unregistered.
        for (String type : List.of("mim.plugin.tracker.udp.Exchange", "mim.plugin.tracker.http.AnnounceParser",
                "mim.plugin.dht.RoutingTable")) {
            assertTrue(r.out().contains(" " + type + " unregistered_loader"), type + " is not in the archive");
        }
    }
}
