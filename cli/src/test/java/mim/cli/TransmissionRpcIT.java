package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mim.interop.Await;
import mim.interop.ManagedProcess;
import mim.interop.MimServer;
import mim.interop.NodeScript;
import mim.interop.Opentracker;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import mim.interop.TransmissionDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mim's Transmission RPC driven by the real clients on loopback: Debian's {@code transmission-remote}
 * through a whole add, download, stop, start, verify, label and remove cycle against libtorrent
 * seeders (the bytes checked on disk), the same behind {@code --http-api-auth}, Debian's
 * {@code python3-transmissionrpc}, and the answers to transmission-remote's calls held against those
 * of Debian's {@code transmission-daemon}, key by key and type by type.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TransmissionRpcIT {
    private static final Duration TRANSFER = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A row of {@code transmission-remote -l}: id, then the percentage done; the status is near the end. */
    private static final Pattern ROW = Pattern.compile("^\\s*(\\d+)\\*?\\s+(\\d+|n/a)%?\\s.*$", Pattern.MULTILINE);

    @Test
    void transmissionRemoteAddsDownloadsStopsStartsVerifiesLabelsAndRemoves() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path file = swarm.data("file.bin", (6 << 20) + 77);
            Torrent byFile = swarm.torrent(file, 16, false, tracker.httpUrl());
            Path tree = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent byLink = swarm.torrent(tree, MimLeechesIT.PIECE_LOG2, false);
            // Slow enough that its connection is seen while the download goes on.
            Peer fileSeed = swarm.libtorrent().uploadLimit(1 << 20).seed(byFile, file);
            tracker.list(byFile.infoHash(), fileSeed.address());
            Peer linkSeed = swarm.libtorrent().seed(byLink, tree);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            TransmissionRemote remote = new TransmissionRemote(server.host(), swarm.dir());
            Path files = server.output().resolve("files");
            Path movies = server.output().resolve("movies");

            assertTrue(remote.ok("-a", byFile.file().toString(), "-w", files.toString()).contains("success"));
            assertTrue(remote.ok("-a", byLink.bareMagnet() + "&x.pe=" + linkSeed.hostPort(), "-w", movies.toString())
                    .contains("success"));
            int fileId = server.json("/torrents/" + byFile.infoHash()).path("id").asInt();
            int linkId = server.json("/torrents/" + byLink.infoHash()).path("id").asInt();
            String seedIp = fileSeed.address().getAddress().getHostAddress();
            Await.until("the seeder among the torrent's peers in -ip", TRANSFER,
                    () -> remote.ok("-t", "" + fileId, "-ip").contains(seedIp), server.process());

            Await.until("both at 100% in -l", TRANSFER, () -> {
                Map<Integer, String> done = done(remote.ok("-l"));
                return "100".equals(done.get(fileId)) && "100".equals(done.get(linkId));
            }, server.process());
            assertEquals(TestData.sha256(file), TestData.sha256(files.resolve(byFile.name())), swarm::diagnostics);
            assertEquals(TestData.sha256(tree), TestData.sha256(movies.resolve(byLink.name())), swarm::diagnostics);

            String info = remote.ok("-t", "" + linkId, "-i");
            assertTrue(info.contains("Hash: " + byLink.infoHash()), info);
            assertTrue(info.contains("Location: " + movies), info);
            assertTrue(info.contains("Percent Done: 100%"), info);
            String listed = remote.ok("-t", "" + linkId, "-if");
            assertTrue(listed.contains("(6 files)") && listed.contains("sub/deeper/d.bin"), listed);

            remote.ok("-t", "" + fileId, "-S");
            assertTrue(row(remote.ok("-l"), fileId).contains("Stopped"), "-S shows the torrent stopped");
            assertEquals("paused", server.json("/torrents/" + fileId + "/stats/v1").path("state").asText());
            remote.ok("-t", "" + fileId, "-s");
            Await.until("-s starts it again", TRANSFER, () -> !row(remote.ok("-l"), fileId).contains("Stopped"),
                    server.process());

            // A byte changed behind mim's back: -v finds the piece bad, and the seeder's copy mends it.
            byte[] original = Files.readAllBytes(files.resolve(byFile.name()));
            try (RandomAccessFile f = new RandomAccessFile(files.resolve(byFile.name()).toFile(), "rw")) {
                f.seek(1000);
                f.write(~original[1000]);
            }
            remote.ok("-t", "" + fileId, "-v");
            Await.until("the verified torrent whole again", TRANSFER,
                    () -> java.util.Arrays.equals(original, read(files.resolve(byFile.name())))
                            && "100".equals(done(remote.ok("-l")).get(fileId)), server.process());
            assertTrue(server.json("/torrents/" + fileId + "/stats/v1").path("downloaded_bytes").asLong()
                    > byFile.totalSize(), "the bad piece was downloaded again");

            remote.ok("-t", "" + linkId, "-L", "tv,hd");
            assertEquals("[\"hd\",\"tv\"]", server.json("/torrents/" + linkId).path("labels").toString());
            assertTrue(remote.ok("-t", "" + linkId, "-i").contains("Labels: hd, tv"));

            remote.ok("-d", "900");
            assertEquals(900_000, server.json("/torrents/limits").path("download_bps").asLong(), "-d sets the session's");
            assertTrue(remote.ok("-si").contains("Download speed limit: 900 kB/s"));
            remote.ok("-D");
            assertTrue(server.json("/torrents/limits").path("download_bps").isNull(), "-D lifts it");
            remote.ok("-t", "" + linkId, "-u", "300", "-sr", "1.5");
            JsonNode own = server.json("/torrents/" + linkId + "/limits");
            assertEquals(300_000, own.path("upload_bps").asLong(), own::toString);
            assertEquals(1.5, own.path("seed_ratio").asDouble(), own::toString);
            String limits = remote.ok("-t", "" + linkId, "-i");
            assertTrue(limits.contains("Upload Limit: 300 kB/s") && limits.contains("Ratio Limit: 1.5\n"), limits);

            String session = remote.ok("-si");
            assertTrue(session.contains("RPC version: 17") && session.contains("Download directory: " + server.output()),
                    session);
            assertTrue(remote.ok("-si").contains("Daemon version: 4.0.6 (mim "), session);
            assertTrue(remote.ok("-st").contains("CURRENT SESSION"));

            remote.ok("-t", byLink.infoHash(), "--remove-and-delete");
            remote.ok("-t", "" + fileId, "-r");
            Await.until("both gone from -l", TRANSFER, () -> done(remote.ok("-l")).isEmpty(), server.process());
            assertFalse(Files.exists(movies.resolve(byLink.name())), "--remove-and-delete deletes the torrent's files");
            assertEquals(TestData.sha256(file), TestData.sha256(files.resolve(byFile.name())), "-r keeps them");
            server.stop();
        }
    }

    @Test
    void withCredentialsTheServerAsksForThemFirstAndTransmissionRemoteSendsThem() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("small.bin", 300_000);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start("--http-api-auth", "tr:s3cret");

            HttpResponse<Void> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + server.host() + "/transmission/rpc")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(401, bare.statusCode(), "credentials are asked for before the session id");
            assertTrue(bare.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"mim\""),
                    bare.headers()::toString);
            Programs.Run refused = new TransmissionRemote(server.host(), swarm.dir()).run("-l");
            assertTrue((refused.out() + refused.err()).contains("401"), refused.out() + refused.err());
            Programs.Run wrong = new TransmissionRemote(server.host(), "tr:guess", swarm.dir()).run("-l");
            assertTrue((wrong.out() + wrong.err()).contains("401"), wrong.out() + wrong.err());

            TransmissionRemote remote = new TransmissionRemote(server.host(), "tr:s3cret", swarm.dir());
            remote.ok("-a", torrent.bareMagnet() + "&x.pe=" + seeder.hostPort());
            Await.until("100% in -l", TRANSFER, () -> "100".equals(done(remote.ok("-l")).get(1)), server.process());
            assertEquals(TestData.sha256(data), TestData.sha256(server.output().resolve(torrent.name())));
            server.stop();
        }
    }

    @Test
    void pythonTransmissionrpcListsAddsPausesResumesVerifiesAndRemovesWithData() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("py.bin", (3 << 20) + 5);
            Torrent torrent = swarm.torrent(data, 16, false, tracker.httpUrl());
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            tracker.list(torrent.infoHash(), seeder.address());
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            Path into = server.output().resolve("py");
            String[] hostPort = server.host().split(":");
            String script = """
                    import sys, time, transmissionrpc
                    host, port, path, into = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
                    c = transmissionrpc.Client(host, port=port)
                    def wait(what, test):
                        deadline = time.time() + 120
                        while time.time() < deadline:
                            ts = c.get_torrents()
                            if ts and test(ts[0]):
                                return ts[0]
                            time.sleep(0.2)
                        raise SystemExit("not within 120 s: " + what)
                    print("listed", len(c.get_torrents()))
                    t = c.add_torrent("file://" + path, download_dir=into)
                    print("added", t.id)
                    t = wait("complete", lambda t: t.percentDone == 1.0 and t.status == "seeding")
                    print("complete", t.name, t.hashString, t.downloadDir)
                    c.stop_torrent(t.id)
                    print("stopped", wait("stopped", lambda t: t.status == "stopped").status)
                    c.start_torrent(t.id)
                    print("started", wait("started", lambda t: t.status != "stopped").status)
                    c.verify_torrent(t.id)
                    print("verified", wait("seeding again", lambda t: t.status == "seeding" and t.percentDone == 1.0).status)
                    c.remove_torrent(t.id, delete_data=True)
                    deadline = time.time() + 60
                    while c.get_torrents() and time.time() < deadline:
                        time.sleep(0.2)
                    print("removed", len(c.get_torrents()))
                    """;
            Programs.Run run = Programs.python(swarm.dir(), script, hostPort[0], hostPort[1], torrent.file().toString(),
                    into.toString());
            assertEquals(0, run.exit(), run.out() + run.err() + server.process().describe(40));
            String out = run.out();
            assertTrue(out.contains("listed 0\nadded 1\n"), out);
            assertTrue(out.contains("complete " + torrent.name() + " " + torrent.infoHash() + " " + into), out);
            assertTrue(out.contains("stopped stopped\n"), out);
            assertTrue(out.contains("verified seeding\n"), out);
            assertTrue(out.contains("removed 0\n"), out);
            assertFalse(Files.exists(into.resolve(torrent.name())), "delete_data removed the file");
            server.stop();
        }
    }

    @Test
    void ctrlTransmissionListsAddsPausesResumesVerifiesAndRemovesWithData() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("ctrl.bin", (3 << 20) + 11);
            Torrent torrent = swarm.torrent(data, 16, false, tracker.httpUrl());
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            // Through the tracker: the seeder must be found again after the verify, when mim leeches anew.
            tracker.list(torrent.infoHash(), seeder.address());
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            Path into = server.output().resolve("ctrl");
            Path content = into.resolve(torrent.name());
            String url = "http://" + server.host() + "/";

            String added = ctrlTransmission(swarm, url, "add", torrent.magnet(),
                    torrent.infoHash(), into.toString());
            assertTrue(added.contains("listed 0\nadded " + torrent.infoHash() + "\ncomplete " + content + "\n"), added);
            assertEquals(TestData.sha256(data), TestData.sha256(content), swarm::diagnostics);

            // A byte changed behind mim's back: the verify the client asks for finds it, the seeder mends it.
            byte[] original = Files.readAllBytes(content);
            try (RandomAccessFile f = new RandomAccessFile(content.toFile(), "rw")) {
                f.seek(70_000);
                f.write(~original[70_000]);
            }
            String cycled = ctrlTransmission(swarm, url, "cycle", torrent.infoHash());
            assertTrue(cycled.contains("paused paused\nresumed seeding\nverified seeding\n"), cycled);
            Await.until("the verified file whole again", TRANSFER,
                    () -> java.util.Arrays.equals(original, read(content)), server.process());

            String removed = ctrlTransmission(swarm, url, "remove", torrent.infoHash());
            assertTrue(removed.contains("removed 0"), removed);
            assertFalse(Files.exists(content), "removed with its data");
            server.stop();
        }
    }

    /** One step of {@code transmission.mjs} (@ctrl/transmission) against {@code url}, run to a clean exit; its output. */
    private static String ctrlTransmission(Swarm swarm, String url, String step, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = url;
        all[1] = step;
        System.arraycopy(args, 0, all, 2, args.length);
        ManagedProcess node = NodeScript.run(swarm, "transmission.mjs", all);
        assertEquals(0, node.awaitExit(Duration.ofSeconds(240)), () -> node.output() + swarm.diagnostics());
        return node.output();
    }

    /**
     * The same torrent seeded by mim and by transmission-daemon 3.00; each of transmission-remote's
     * calls answered by both: every key the daemon answers, mim answers too, with a value of the same
     * JSON type (numbers alike: Transmission writes 1.0 as 1).
     */
    @Test
    void transmissionRemoteGetsTheKeysAndTypesTransmissionDaemonGives() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path content = swarm.tree("both", "x.bin=200K+3,sub/y.bin=70000");
            Torrent torrent = swarm.torrent(content, 15, false, "http://127.0.0.1:9/announce");
            Path daemonDir = swarm.newDir("daemon");
            copy(content, daemonDir.resolve(torrent.name()));
            TransmissionDaemon daemon = TransmissionDaemon.start(swarm, daemonDir);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            copy(content, server.output().resolve(torrent.name()));

            TransmissionRemote theirs = new TransmissionRemote(daemon.hostPort(), swarm.dir());
            TransmissionRemote ours = new TransmissionRemote(server.host(), swarm.dir());
            for (TransmissionRemote r : List.of(theirs, ours)) {
                r.ok("-a", torrent.file().toString());
                Await.until(r.hostPort() + " seeding what is on disk", TRANSFER,
                        () -> "100".equals(done(r.ok("-l")).get(1)), daemon.process(), server.process());
            }

            List<String> problems = new ArrayList<>();
            int keys = 0;
            for (List<String> call : List.of(List.of("-l"), List.of("-t", "1", "-i"), List.of("-t", "1", "-if"),
                    List.of("-t", "1", "-ip"), List.of("-t", "1", "-it"), List.of("-si"), List.of("-st"),
                    List.of("-t", "1", "-S"), List.of("-t", "1", "-s"))) {
                List<JsonNode> expected = theirs.debug(call.toArray(String[]::new));
                List<JsonNode> got = ours.debug(call.toArray(String[]::new));
                assertFalse(expected.isEmpty(), "transmission-daemon answered " + call);
                assertFalse(got.isEmpty(), "mim answered " + call);
                JsonNode e = expected.get(expected.size() - 1);
                JsonNode g = got.get(got.size() - 1);
                assertEquals("success", g.path("result").asText(), call + ": " + g);
                keys += compare(String.join(" ", call), e, g, problems);
            }
            // The calls of @ctrl/transmission, as Flood-era tools make them.
            Map<String, JsonNode> expected = answers(swarm, "http://" + daemon.hostPort() + "/", torrent, daemonDir);
            Map<String, JsonNode> got = answers(swarm, "http://" + server.host() + "/", torrent, server.output());
            assertEquals(expected.keySet(), got.keySet());
            int libraryKeys = 0;
            for (String call : expected.keySet()) {
                assertEquals("success", got.get(call).path("result").asText(), call + ": " + got.get(call));
                libraryKeys += compare("@ctrl/transmission " + call, expected.get(call), got.get(call), problems);
            }
            assertEquals(List.of(), problems);
            assertTrue(keys > 150, "the answers compared hold " + keys + " keys");
            assertTrue(libraryKeys > 150, "the library's answers compared hold " + libraryKeys + " keys");
            daemon.stop();
            server.stop();
        }
    }

    /** The answers to @ctrl/transmission's calls ({@code transmission.mjs answers}) by call. */
    private static Map<String, JsonNode> answers(Swarm swarm, String url, Torrent torrent, Path dir) throws Exception {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (String line : ctrlTransmission(swarm, url, "answers", torrent.infoHash(), dir.toString()).split("\n")) {
            String[] callAndAnswer = line.split(" ", 2);
            out.put(callAndAnswer[0], JSON.readTree(callAndAnswer[1]));
        }
        return out;
    }

    /**
     * Where {@code got} lacks a key {@code expected} has, or holds another JSON type, added to
     * {@code problems}; answers how many keys were compared.
     */
    static int compare(String where, JsonNode expected, JsonNode got, List<String> problems) {
        if (!expected.getNodeType().equals(got.getNodeType())) {
            problems.add(where + ": " + got.getNodeType() + " where transmission-daemon has " + expected.getNodeType()
                    + " (" + expected + " vs " + got + ")");
            return 0;
        }
        int keys = 0;
        if (expected.isObject()) {
            for (var it = expected.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                keys++;
                if (!got.has(k)) {
                    problems.add(where + "." + k + ": missing");
                } else {
                    keys += compare(where + "." + k, expected.get(k), got.get(k), problems);
                }
            }
        } else if (expected.isArray() && expected.size() > 0 && got.size() > 0) {
            keys += compare(where + "[0]", expected.get(0), got.get(0), problems);
        }
        return keys;
    }

    /** The {@code Done} column of {@code -l} by id: a percentage, or {@code n/a}. */
    static Map<Integer, String> done(String list) {
        Map<Integer, String> out = new HashMap<>();
        Matcher m = ROW.matcher(list);
        while (m.find()) {
            out.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return out;
    }

    private static String row(String list, int id) {
        return list.lines().filter(l -> l.matches("^\\s*" + id + "\\*?\\s.*")).findFirst().orElse("");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }
}
