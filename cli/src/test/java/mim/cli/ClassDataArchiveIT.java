package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive the distribution ships (lib/mim.jsa): accepted by this Java against the
 * distribution's jars as they are, and holding what a download loads at start-up, not only the
 * command line's classes.
 */
class ClassDataArchiveIT {
    @TempDir
    Path dir;

    @Test
    void archiveIsValidForTheDistributionAndHoldsTheSessionAndNetty() throws Exception {
        Path home = Path.of(System.getProperty("mim.home"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Programs.Run r = Programs.run(List.of(java.toString(),
                "-XX:SharedArchiveFile=" + home.resolve("lib/mim.jsa"), "-XX:+PrintSharedArchiveAndExit",
                "-cp", home.resolve("lib") + "/*", "mim.cli.Main"), dir, 60);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("archive is valid"), r.out());
        for (String type : List.of("mim.cli.Main", "mim.core.session.Session", "mim.core.session.Torrent",
                "io.netty.channel.nio.NioEventLoop")) {
            assertTrue(r.out().contains(" " + type + " app_loader"), type + " is not in the archive");
        }
    }
}
