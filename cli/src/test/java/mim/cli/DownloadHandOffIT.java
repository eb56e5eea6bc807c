package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mim.interop.ManagedProcess;
import mim.interop.MimServer;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mim download} from the packaged distribution with a {@code mim server} running at
 * {@code --http-api-listen-addr}: it hands its torrents to the server and returns, or with {@code -e}
 * shows the server's progress until complete; {@code -l} lists through the server exactly as it lists
 * alone; {@code --no-server} runs its own session; a folder outside the server's and a server that wants
 * credentials are one line each. Every process is stopped by the swarm.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DownloadHandOffIT {
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final Duration TRANSFER = Duration.ofSeconds(120);

    @Test
    void aTorrentFileGoesToTheServerAndTheCommandReturnsAtOnce() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();

            ManagedProcess download = download(swarm, server, torrent.file().toString());
            assertEquals(0, download.awaitExit(QUICK), download::output);
            JsonNode listed = server.json("/torrents").path("torrents");
            assertEquals(1, listed.size(), listed::toString);
            JsonNode t = listed.get(0);
            assertEquals(torrent.infoHash(), t.path("info_hash").asText());
            String line = t.path("id").asInt() + "  " + torrent.name() + "  " + server.output();
            assertTrue(download.output().lines().anyMatch(line::equals), () -> "no line '" + line + "' in:\n"
                    + download.output());
        }
    }

    @Test
    void exitOnFinishShowsTheServersProgressUntilEveryByteIsThere() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();

            ManagedProcess download = download(swarm, server, "-e", "--peer", seeder.hostPort(), "-s", "here",
                    torrent.magnet());
            assertEquals(0, download.awaitExit(TRANSFER), download::output);
            Path downloaded = server.output().resolve("here").resolve(torrent.name());
            assertEquals(TestData.sha256(data), TestData.sha256(downloaded), swarm::diagnostics);
            String output = download.output();
            assertTrue(output.lines().anyMatch(l -> l.startsWith(torrent.name() + "  100.0%  down ")), output);
            assertEquals("true", server.json("/torrents?with_stats=true").path("torrents").get(0).path("stats")
                    .path("finished").asText(), "the server has it complete");
        }
    }

    @Test
    void listingThroughTheServerPrintsWhatListingAlonePrints() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();

            ManagedProcess through = download(swarm, server, "-l", "-r", "/[ac]\\.bin$", torrent.file().toString());
            ManagedProcess alone = download(swarm, server, "--no-server", "-l", "-r", "/[ac]\\.bin$",
                    torrent.file().toString());
            assertEquals(0, through.awaitExit(QUICK), through::output);
            assertEquals(0, alone.awaitExit(QUICK), alone::output);
            List<String> listed = fileLines(through.output());
            assertEquals(2, listed.size(), through.output());
            assertEquals(fileLines(alone.output()), listed);
            assertEquals(0, server.json("/torrents").path("torrents").size(), "-l adds nothing");
        }
    }

    @Test
    void noServerRunsASessionOfItsOwn() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            Path mine = swarm.newDir("mine");

            ManagedProcess download = download(swarm, server, "--no-server", "-e", "-o", mine.toString(),
                    "--listen-addr", "127.0.0.1:0", "--peer", seeder.hostPort(), torrent.file().toString());
            assertEquals(0, download.awaitExit(TRANSFER), download::output);
            assertEquals(TestData.sha256(data), TestData.sha256(mine.resolve(torrent.name())), swarm::diagnostics);
            assertEquals(0, server.json("/torrents").path("torrents").size(), "the server was left alone");
        }
    }

    @Test
    void aFolderOutsideTheServersOrALocalOptionIsOneLine() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Torrent torrent = swarm.torrent(swarm.data("x.bin", 40_000), 15, false);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();

            Path elsewhere = swarm.newDir("elsewhere");
            ManagedProcess outside = download(swarm, server, "-o", elsewhere.toString(), torrent.file().toString());
            assertNotEquals(0, outside.awaitExit(QUICK));
            String line = errorLine(outside);
            assertTrue(line.contains("refused it") && line.contains("outside the output folder " + server.output()),
                    line);

            ManagedProcess local = download(swarm, server, "--encryption", "require", torrent.file().toString());
            assertNotEquals(0, local.awaitExit(QUICK));
            assertTrue(errorLine(local).startsWith("mim: error: --encryption sets up a session of mim download's own"),
                    local.output());
            assertEquals(0, server.json("/torrents").path("torrents").size());
        }
    }

    @Test
    void aServerWithBasicAuthNeedsItsCredentials() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Torrent torrent = swarm.torrent(swarm.data("x.bin", 40_000), 15, false);
            MimServer server = MimServer.create(swarm, swarm.newDir("out"));
            server.start("--http-api-auth", "ann:s3cret");

            ManagedProcess without = download(swarm, server, torrent.file().toString());
            assertNotEquals(0, without.awaitExit(QUICK));
            assertTrue(errorLine(without).contains("needs a user name and password: give --http-api-auth"),
                    without.output());

            ManagedProcess with = download(swarm, server, "--http-api-auth", "ann:s3cret", torrent.file().toString());
            assertEquals(0, with.awaitExit(QUICK), with::output);
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("ann:s3cret".getBytes());
            assertEquals(torrent.infoHash(), server.get("/torrents", "Authorization", basic).json().path("torrents")
                    .get(0).path("info_hash").asText());
        }
    }

    /** {@code mim download ARGS} against {@code server}'s API address, started at once. */
    private static ManagedProcess download(Swarm swarm, MimServer server, String... args) {
        List<String> command = new ArrayList<>(List.of("--disable-dht", "download", "--http-api-listen-addr",
                server.host()));
        command.addAll(List.of(args));
        return swarm.mim().command(command.toArray(String[]::new));
    }

    /** The lines of {@code -l}: index, size, path. */
    private static List<String> fileLines(String output) {
        return output.lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\s+\\S.*")).toList();
    }

    /** The program's one error line; fails unless there is exactly one and nothing like a stack trace. */
    private static String errorLine(ManagedProcess p) {
        String output = p.output();
        List<String> errors = output.lines().filter(l -> l.startsWith("mim: error: ")).toList();
        assertEquals(1, errors.size(), output);
        assertFalse(output.contains("\tat "), output);
        return errors.get(0);
    }
}
