package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import mim.interop.Browser;
import mim.interop.ManagedProcess;
import mim.interop.MimServer;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web page in a real browser (Debian's Chromium driven by {@code src/test/web/web-ui.e2e.mjs})
 * against the packaged {@code mim server start}, a libtorrent seeder for a magnet link and another,
 * found through opentracker, for a .torrent file dropped onto the page; on a wide screen in light
 * colours and on a phone in dark ones. The magnet link added through the dialog with one file left
 * out reaches 100% with the file absent and the others byte for byte; the seeder shows among the
 * peers; a re-check from the Files tab and the torrent's own limits reach the server; pause and
 * resume, one torrent and both at once; delete with the files removes them, delete without keeps
 * them; with the server stopped the page says so, and recovers by itself once it is back, its logs
 * view too. The page must log no error and break no rule of its Content-Security-Policy.
 * Screenshots of each step go to {@code target/web-ui/<viewport>}; {@code at-rest} is the README's.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class WebUiIT {
    private static final Duration STEPS = Duration.ofMinutes(4);

    @Test
    void aMagnetLinkAddedInTheBrowserOnAWideScreenDownloadsPausesAndIsDeletedWithItsFiles() throws Exception {
        drive("wide", false);
    }

    @Test
    void theSameOnAPhoneInDarkColours() throws Exception {
        drive("phone", true);
    }

    private static void drive(String viewport, boolean dark) throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("album", "keep.bin=2M+5,skip.bin=3M+11,also.bin=1M+1");
            Torrent torrent = swarm.torrent(data, 15, false);
            // Slow enough that the seeder is still connected when the page looks at the peers.
            Peer seeder = swarm.libtorrent().uploadLimit(384 << 10).seed(torrent, data);
            // Dropped onto the page as a .torrent file; slow, so that it is still downloading at the end.
            Path film = swarm.tree("film", "film.mkv=24M,subs.srt=20K+3");
            Torrent dropped = swarm.torrent(film, 15, false, swarm.opentracker().httpUrl());
            swarm.libtorrent().uploadLimit(64 << 10).seed(dropped, film);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            Path shots = Files.createDirectories(Path.of("target", "web-ui", viewport + (dark ? "-dark" : "-light")));
            Path handshake = swarm.newDir("handshake");

            ManagedProcess browser = Browser.run(swarm, Path.of("src/test/web/web-ui.e2e.mjs"), Map.ofEntries(
                    Map.entry("url", "http://" + server.host() + "/web/"),
                    Map.entry("magnet", torrent.bareMagnet() + "&x.pe=" + seeder.hostPort()),
                    Map.entry("name", torrent.name()),
                    Map.entry("skip", "skip.bin"),
                    Map.entry("stream", "keep.bin"),
                    Map.entry("streamBytes", Files.size(data.resolve("keep.bin"))),
                    Map.entry("peer", seeder.hostPort()),
                    Map.entry("dropped", Map.of("file", dropped.file().toAbsolutePath().toString(),
                            "name", dropped.name(), "shows", "film.mkv")),
                    Map.entry("viewport", viewport),
                    Map.entry("dark", dark),
                    Map.entry("shots", shots.toAbsolutePath().toString()),
                    Map.entry("handshake", handshake.toString())));

            browser.awaitLine("that the download is complete", "DISK-CHECK"::equals, STEPS);
            Path out = server.output().resolve(torrent.name());
            assertFalse(Files.exists(out.resolve("skip.bin")), "the file left out in the dialog was never written");
            Map<String, String> expected = new TreeMap<>(TestData.sha256(data));
            expected.remove("album/skip.bin");
            assertEquals(expected, TestData.sha256(out), swarm::diagnostics);
            Files.createFile(handshake.resolve("disk-check"));

            browser.awaitLine("that the torrent is deleted", "STOP-SERVER"::equals, STEPS);
            assertFalse(Files.exists(out.resolve("keep.bin")) || Files.exists(out.resolve("also.bin")),
                    "delete with files removed them");
            assertTrue(Files.exists(server.output().resolve(dropped.name()).resolve("film.mkv")),
                    "delete without files kept them");
            assertEquals(0, server.json("/torrents").path("torrents").size());
            server.stop();
            Files.createFile(handshake.resolve("stop-server"));
            browser.awaitLine("that it saw the server gone", "START-SERVER"::equals, STEPS);
            server.start();
            Files.createFile(handshake.resolve("start-server"));

            assertEquals(0, browser.awaitExit(STEPS), browser::output);
            assertTrue(browser.output().contains("E2E-PASSED"), browser::output);
            server.stop();
        }
    }
}
