package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mim.interop.Await;
import mim.interop.ManagedProcess;
import mim.interop.Mim;
import mim.interop.MimServer;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.Tmux;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mim tui} from the packaged distribution, in a tmux window, on a {@code mim server} downloading
 * from a libtorrent seeder held to 1 MiB/s: the screen follows the download to 100%, and the keys pause,
 * resume, choose files, add a magnet link; a smaller window leaves nothing stale; the server's restart is
 * said and followed; {@code q} ends the view, restores the terminal and leaves the server running. Every
 * process is stopped by the swarm.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TuiIT {
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final Duration TRANSFER = Duration.ofSeconds(120);
    private static final Pattern PERCENT = Pattern.compile(" (\\d{1,3})% ");

    @Test
    void followsADownloadAndDrivesTheServerFromTheKeyboard() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("album", "one.bin=3M,two.bin=1M+5");
            Torrent torrent = swarm.torrent(data, 16, false);
            Torrent other = swarm.torrent(swarm.data("other.bin", 100_000), 15, false);
            Peer seeder = swarm.libtorrent().uploadLimit(1 << 20).seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            int id = server.post("/torrents?initial_peers=" + seeder.hostPort(), Files.readAllBytes(torrent.file()))
                    .json().path("id").asInt();
            Path home = swarm.newDir("tui-home");
            Tmux tmux = Tmux.start(swarm, 100, 30, List.of("env", "XDG_CONFIG_HOME=" + home.resolve("config"),
                    "XDG_STATE_HOME=" + home.resolve("state"), Mim.launcher().toString(), "--http-api-listen-addr",
                    server.api().getAddress().getHostAddress() + ":" + server.api().getPort(), "tui"));
            try {
                Set<Integer> seen = new TreeSet<>();
                StringBuilder midway = new StringBuilder();
                Await.until("the torrent at 100% on the screen", TRANSFER, () -> {
                    String capture = tmux.capture();
                    Optional<Integer> percent = percent(capture, torrent.name());
                    percent.ifPresent(seen::add);
                    if (midway.isEmpty() && percent.orElse(0) > 0 && percent.get() < 100) {
                        midway.append(capture);
                    }
                    return percent.orElse(0) == 100;
                }, server.process());
                assertTrue(seen.stream().anyMatch(p -> p > 0 && p < 100), "the percent rose to 100: " + seen);
                System.out.println("mim tui at 100x30, downloading:\n" + midway);
                assertScreen(midway.toString(), 100, 30);
                String screen = tmux.capture();
                assertScreen(screen, 100, 30);
                assertTrue(row(screen, torrent.name()).startsWith("> " + torrent.name()), screen);

                tmux.send("p");
                awaitRow(tmux, torrent.name(), " paused ");
                assertEquals("paused", state(server, id));
                tmux.send("p");
                awaitRow(tmux, torrent.name(), " seeding ");
                assertEquals("seeding", state(server, id));

                // Changes made by another client reach the screen through the server's events.
                server.post("/torrents/" + id + "/pause", "");
                awaitRow(tmux, torrent.name(), " paused ");
                server.post("/torrents/" + id + "/start", "");
                awaitRow(tmux, torrent.name(), " seeding ");

                tmux.send("l");
                awaitScreen(tmux, "the limits prompt, with none set", s -> s.contains("Torrent's limits, down up")
                        && s.contains("- -_"));
                tmux.send("BSpace", "BSpace", "BSpace");
                tmux.type("2M 300k");
                tmux.send("Enter");
                server.await("/torrents/" + id + "/limits", l -> l.path("download_bps").asLong() == 2 << 20
                        && l.path("upload_bps").asLong() == 300 << 10, "the torrent's limits set", QUICK);
                tmux.send("L");
                awaitScreen(tmux, "the session's limits prompt", s -> s.contains("Session's limits, down up"));
                tmux.send("BSpace", "BSpace", "BSpace");
                tmux.type("- 8m");
                tmux.send("Enter");
                server.await("/torrents/limits", l -> l.path("download_bps").isNull()
                        && l.path("upload_bps").asLong() == 8 << 20, "the session's limits set", QUICK);
                awaitScreen(tmux, "the session's limit in the status bar", s -> s.lines().toList().get(29)
                        .contains("up 0 B/s (max 8.00 MiB/s)"));
                tmux.send("L");
                tmux.send("BSpace", "BSpace", "BSpace", "BSpace", "Enter"); // nothing typed: no limits
                server.await("/torrents/limits", l -> l.path("upload_bps").isNull(), "the session's limits gone",
                        QUICK);

                tmux.send("Enter");
                awaitScreen(tmux, "the files and limits", s -> s.contains("[x]") && s.contains("album/one.bin")
                        && s.contains("album/two.bin") && s.contains("limits: down 2.00 MiB/s, up 300 KiB/s"));
                System.out.println("mim tui at 100x30, a torrent's details:\n" + tmux.capture());
                tmux.send("Space");
                server.await("/torrents/" + id, t -> !t.path("files").get(0).path("included").asBoolean(),
                        "the first file left out", QUICK);
                awaitScreen(tmux, "the first file unchecked", s -> row(s, "album/one.bin").startsWith("> [ ]"));
                tmux.send("Escape");

                tmux.send("a");
                tmux.type(other.magnet());
                tmux.send("Enter");
                server.await("/torrents", t -> t.path("torrents").size() == 2, "the magnet link added", QUICK);
                awaitScreen(tmux, "the second torrent listed", s -> s.contains("  " + other.name()));

                tmux.resize(80, 24);
                awaitScreen(tmux, "the list redrawn at 80 columns", s -> s.lines().count() == 24
                        && s.lines().skip(1).findFirst().orElse("").startsWith("  Name")
                        && !s.contains("Ratio") && s.lines().toList().get(23).contains("? help  q quit"));
                screen = tmux.capture();
                System.out.println("mim tui at 80x24:\n" + screen);
                assertScreen(screen, 80, 24);
                List<String> rows = screen.lines().toList();
                for (String blank : rows.subList(4, 22)) {
                    assertEquals("", blank.strip(), "nothing stale below the list:\n" + screen);
                }
                tmux.send("?");
                awaitScreen(tmux, "the help", s -> s.contains("Keys (any key closes this)")
                        && s.contains("l              the torrent's rate limits") && s.contains("v              check"));
                System.out.println("mim tui at 80x24, the help:\n" + tmux.capture());
                tmux.send("Escape");
                awaitScreen(tmux, "the help closed", s -> s.contains("  Name"));

                server.stop();
                awaitScreen(tmux, "the server gone, said", s -> s.contains("DISCONNECTED")
                        && s.contains("is not answering; trying again every second") && s.contains(torrent.name()));
                server.start(); // on the same address and state folder: its torrents come back
                awaitScreen(tmux, "the server back", s -> !s.contains("DISCONNECTED") && s.contains(torrent.name())
                        && s.contains(other.name()));

                tmux.send("q");
                Await.until("mim tui exited", QUICK, () -> tmux.exitCode() != null);
                assertEquals(0, tmux.exitCode(), tmux::capture);
                String after = tmux.capture();
                assertFalse(after.contains(torrent.name()), "the terminal's own screen is back:\n" + after);
                assertTrue(server.process().isAlive(), "quitting leaves the server running");
                assertEquals(2, server.json("/torrents").path("torrents").size());
            } finally {
                tmux.kill();
            }
        }
    }

    @Test
    void downloadWithUiTuiShowsItsOwnSessionAndQuittingLeavesTheDataWhole() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("film.bin", 3_000_000);
            Torrent torrent = swarm.torrent(data, 16, false);
            Peer seeder = swarm.libtorrent().uploadLimit(1 << 20).seed(torrent, data);
            Path out = swarm.newDir("out");
            Path home = swarm.newDir("tui-home");
            Tmux tmux = Tmux.start(swarm, 100, 30, List.of("env", "XDG_CONFIG_HOME=" + home.resolve("config"),
                    "XDG_STATE_HOME=" + home.resolve("state"), Mim.launcher().toString(), "--disable-dht", "download",
                    "--ui", "tui", "-o", out.toString(), "--listen-addr", "127.0.0.1:0", "--peer", seeder.hostPort(),
                    torrent.file().toString()));
            try {
                Set<Integer> seen = new TreeSet<>();
                Await.until("the download at 100% on the screen", TRANSFER, () -> {
                    percent(tmux.capture(), torrent.name()).ifPresent(seen::add);
                    return seen.contains(100);
                });
                assertTrue(seen.stream().anyMatch(p -> p > 0 && p < 100), "the percent rose to 100: " + seen);
                String screen = tmux.capture();
                System.out.println("mim download --ui tui at 100x30, done:\n" + screen);
                assertScreen(screen, 100, 30);
                tmux.send("q");
                Await.until("mim download exited", QUICK, () -> tmux.exitCode() != null);
                assertEquals(0, tmux.exitCode(), tmux::capture);
                assertEquals(-1, Files.mismatch(data, out.resolve("film.bin")), "the data is whole on disk");
                assertTrue(Files.isDirectory(out.resolve(".mim")), "its resume state saved beside it");
            } finally {
                tmux.kill();
            }
        }
    }

    @Test
    void downloadWithUiTuiWithoutATerminalIsOneLine() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("x.bin", 1000);
            Torrent torrent = swarm.torrent(data, 15, false);
            ManagedProcess download = swarm.mim().command("--disable-dht", "download", "--ui", "tui", "-o",
                    swarm.newDir("out").toString(), "--listen-addr", "127.0.0.1:0", torrent.file().toString());
            assertEquals(1, download.awaitExit(QUICK), download::output);
            assertEquals(List.of("mim: error: --ui tui needs a terminal: standard input and output are not one"),
                    download.output().lines().toList());
        }
    }

    @Test
    void noServerIsOneLineAndExitCode1() {
        try (Swarm swarm = Swarm.create()) {
            MimServer none = MimServer.create(swarm, swarm.newDir("out")); // never started
            String address = none.api().getAddress().getHostAddress() + ":" + none.api().getPort();
            ManagedProcess tui = swarm.mim().command("--http-api-listen-addr", address, "tui");
            assertEquals(1, tui.awaitExit(QUICK), tui::output);
            assertEquals(List.of("mim: error: no mim server answers at " + address + " (start one with 'mim server "
                    + "start', or name it with --http-api-listen-addr)"), tui.output().lines().toList());
        }
    }

    /** The percent on the row naming {@code name}, if it is on the screen. */
    private static Optional<Integer> percent(String screen, String name) {
        Matcher m = PERCENT.matcher(row(screen, name));
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static String row(String screen, String fragment) {
        return screen.lines().filter(l -> l.contains(fragment)).findFirst().orElse("");
    }

    private static void awaitRow(Tmux tmux, String name, String fragment) {
        awaitScreen(tmux, "'" + fragment.strip() + "' on the row of " + name, s -> row(s, name).contains(fragment));
    }

    private static void awaitScreen(Tmux tmux, String what, java.util.function.Predicate<String> condition) {
        try {
            Await.until(what, QUICK, () -> condition.test(tmux.capture()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nthe screen:\n" + tmux.capture(), e);
        }
    }

    private static void assertScreen(String screen, int width, int height) {
        List<String> rows = screen.lines().toList();
        assertEquals(height, rows.size(), screen);
        rows.forEach(r -> assertTrue(r.length() <= width, "row wider than the window: " + r));
        assertTrue(rows.get(height - 1).contains("? help  q quit"), screen);
    }

    private static String state(MimServer server, int id) {
        return server.json("/torrents/" + id + "/stats/v1").path("state").asText();
    }
}
