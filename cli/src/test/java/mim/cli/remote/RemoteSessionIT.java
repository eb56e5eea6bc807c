package mim.cli.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.FileStream;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.SessionEvent;
import mim.core.spi.Subscription;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.TorrentDetails;
import mim.interop.MimServer;
import mim.interop.Swarm;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RemoteSession} against the packaged {@code mim server start} over loopback: every method of the
 * control surface through the API, the API's errors as the surface's exceptions, Basic authentication,
 * and a server that goes away. The servers are stopped by the swarm.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RemoteSessionIT {
    @Test
    void drivesEveryMethodOfTheControlSurfaceThroughTheApi() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", "a.bin=70000,b.bin=5000,c.bin=1");
            Torrent torrent = swarm.torrent(data, 15, false);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            try (RemoteSession remote = RemoteSession.connect(server.host(), null).orElseThrow();
                 Subscription<SessionEvent> events = remote.subscribe(Subscription.DEFAULT_CAPACITY)) {
                assertEquals(List.of(), remote.list());
                assertTrue(remote.dht().isEmpty(), "the harness's servers run without a DHT");
                byte[] file = Files.readAllBytes(torrent.file());
                AddRequest request = new AddRequest(new AddRequest.TorrentFile(file), null, "sub", Set.of(0, 2), null,
                        false, false, true, List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6881)),
                        Set.of("tv"));
                AddResult added = join(remote.add(request));
                int id = added.details().summary().id();
                assertTrue(added.added());
                assertEquals(List.of("tv"), remote.list().get(0).labels());
                SessionEvent.TorrentAdded seen = assertInstanceOf(SessionEvent.TorrentAdded.class, next(events,
                        e -> !(e instanceof SessionEvent.Stats)));
                assertEquals(id, seen.torrent().id());
                assertEquals(List.of("tv"), seen.torrent().labels());
                assertEquals(server.output().toString(), remote.outputFolder());
                assertEquals(server.output().resolve("sub").toString(), added.details().summary().outputFolder());

                // The add's future completes once the reads show the torrent.
                assertEquals(id, remote.list().get(0).id());
                assertEquals(id, remote.idOf(torrent.infoHash().toUpperCase()).getAsInt());
                assertEquals("paused", remote.stats(id).state());
                assertEquals(1, remote.stats().torrents());
                List<TorrentDetails.File> files = remote.details(id).files();
                assertEquals(List.of("multi/a.bin", "multi/b.bin", "multi/c.bin"),
                        files.stream().map(TorrentDetails.File::name).toList());
                assertEquals(List.of(true, false, true), files.stream().map(TorrentDetails.File::included).toList());
                assertArrayEquals(file, join(remote.fetchMetadata(id)));
                assertArrayEquals(file, remote.metadata(id).orElseThrow());
                Haves haves = join(remote.haves(id));
                assertEquals(remote.details(id).summary().pieceCount(), haves.pieceCount());
                assertFalse(haves.has(0), "nothing downloaded");
                assertEquals(List.of(), join(remote.peers(id)), "a paused torrent has no connection");

                join(remote.selectFiles(id, Set.of(1)));
                assertEquals(List.of(false, true, false),
                        remote.details(id).files().stream().map(TorrentDetails.File::included).toList());
                join(remote.start(id));
                assertFalse(remote.stats(id).state().equals("paused"), "the start's future completes once it shows");
                join(remote.pause(id));
                assertEquals("paused", remote.stats(id).state());

                AddResult again = join(remote.add(AddRequest.of(new AddRequest.TorrentFile(file))));
                assertFalse(again.added());
                assertEquals(id, again.details().summary().id());

                AddResult listed = join(remote.add(new AddRequest(new AddRequest.TorrentFile(file), null, null, null,
                        "a\\.bin$", false, true, false, List.of(), Set.of())));
                assertEquals(List.of(true, false, false),
                        listed.details().files().stream().map(TorrentDetails.File::included).toList());

                join(remote.setLabels(id, Set.of("hd", "movies")));
                assertEquals(List.of("hd", "movies"), remote.list().get(0).labels());
                Limits own = new Limits(300_000L, null, 1.5, java.time.Duration.ofHours(2));
                join(remote.setLimits(id, own));
                assertEquals(own, remote.limits(id));
                Limits sessionWide = new Limits(null, 700_000L, null, null);
                remote.setSessionLimits(sessionWide);
                server.await("/torrents/limits", l -> l.path("upload_bps").asLong() == 700_000, "the session's limits set",
                        java.time.Duration.ofSeconds(30));
                join(remote.refresh());
                assertEquals(sessionWide, remote.sessionLimits());
                join(remote.setCategories(Map.of("tv", "shows", "movies", "")));
                assertEquals(Map.of("tv", "shows", "movies", ""), remote.categories(), "the reads show them at once");
                assertEquals("shows", server.json("/torrents/categories").path("tv").asText());
                join(remote.addPeers(id, List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6882))));
                join(remote.verify(id));

                join(remote.forget(id));
                assertEquals(List.of(), remote.list());
                assertThrows(NoSuchTorrentException.class, () -> remote.details(id));
            }
        }
    }

    @Test
    void aStreamReadsRangesOfAFileTheServerHas() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", "a.bin=70000,b.bin=5000");
            Torrent torrent = swarm.torrent(data, 15, false);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            // The data is in place already: the server checks it and seeds.
            Path copy = Files.createDirectories(server.output().resolve("multi"));
            for (String name : List.of("a.bin", "b.bin")) {
                Files.copy(data.resolve(name), copy.resolve(name));
            }
            try (RemoteSession remote = RemoteSession.connect(server.host(), null).orElseThrow()) {
                int id = join(remote.add(AddRequest.of(new AddRequest.TorrentFile(Files.readAllBytes(torrent.file())))))
                        .details().summary().id();
                server.await("/torrents/" + id + "/stats/v1", s -> s.path("state").asText().equals("seeding"),
                        "the torrent seeding the data in place", java.time.Duration.ofSeconds(60));
                byte[] a = Files.readAllBytes(data.resolve("a.bin"));
                try (FileStream stream = remote.stream(id, 0)) {
                    assertEquals(a.length, stream.length());
                    ByteBuffer read = join(stream.read(40000, 30000));
                    byte[] got = new byte[read.remaining()];
                    read.get(got);
                    assertArrayEquals(java.util.Arrays.copyOfRange(a, 40000, 70000), got, "the range asked, to the end");
                    assertThrows(IndexOutOfBoundsException.class, () -> stream.read(a.length, 1));
                }
                assertThrows(MimException.BadInput.class, () -> remote.stream(id, 2));
                join(remote.pause(id));
                try (FileStream stream = remote.stream(id, 1)) {
                    assertInstanceOf(MimException.class, failure(stream.read(0, 100)), "a paused torrent is not read");
                }
            }
        }
    }

    @Test
    void theApisErrorsBecomeTheControlSurfacesExceptions() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            try (RemoteSession remote = RemoteSession.connect(server.host(), null).orElseThrow()) {
                assertThrows(NoSuchTorrentException.class, () -> remote.stats(41));
                assertEquals("no torrent with id 41", failure(remote.pause(41)).getMessage());
                assertInstanceOf(NoSuchTorrentException.class, failure(remote.peers(41)));
                assertInstanceOf(NoSuchTorrentException.class, failure(remote.selectFiles(41, Set.of(0))));

                Throwable bad = failure(remote.add(AddRequest.of(new AddRequest.TorrentFile("not a torrent"
                        .getBytes(StandardCharsets.US_ASCII)))));
                assertInstanceOf(MimException.BadInput.class, bad);
                assertFalse(bad.getMessage().isBlank());
                Throwable outside = failure(remote.add(new AddRequest(new AddRequest.Link("magnet:?xt=urn:btih:"
                        + "ab".repeat(20)), "/", null, null, null, false, false, true, List.of(), Set.of())));
                assertInstanceOf(MimException.BadInput.class, outside);
                assertTrue(outside.getMessage().contains("outside the output folder"), outside.getMessage());
                Throwable category = failure(remote.setCategories(Map.of("a,b", "")));
                assertInstanceOf(MimException.BadInput.class, category);
                assertTrue(category.getMessage().contains("no comma"), category.getMessage());
            }
        }
    }

    @Test
    void aServerThatGoesAwayIsNotAnsweringInOneLine() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            try (RemoteSession remote = RemoteSession.connect(server.host(), null).orElseThrow()) {
                server.stop();
                String expected = "mim server at " + server.host() + " is not answering";
                Throwable refresh = failure(remote.refresh());
                assertInstanceOf(MimException.Network.class, refresh);
                assertEquals(expected, refresh.getMessage());
                assertEquals(expected, failure(remote.pause(1)).getMessage());
                assertEquals(List.of(), remote.list(), "the reads keep the last snapshot");
            }
            assertEquals(Optional.empty(), RemoteSession.connect(server.host(), null), "nobody listens there now");
        }
    }

    @Test
    void somethingOtherThanMimIsNoServer() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = "{\"server\": \"not mim\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        try {
            assertEquals(Optional.empty(), RemoteSession.connect("127.0.0.1:" + other.getAddress().getPort(), null));
        } finally {
            other.stop(0);
        }
    }

    @Test
    void basicAuthIsAskedForRefusedWhenWrongAndUsedWhenGiven() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            MimServer secured = MimServer.create(swarm, swarm.newDir("secured")).start("--http-api-auth", "ann:s3cret");
            assertEquals(401, secured.get("/").status());
            MimException none = assertThrows(MimException.BadInput.class,
                    () -> RemoteSession.connect(secured.host(), null));
            assertTrue(none.getMessage().contains("needs a user name and password: give --http-api-auth"),
                    none.getMessage());
            MimException wrong = assertThrows(MimException.BadInput.class,
                    () -> RemoteSession.connect(secured.host(), "ann:wrong"));
            assertTrue(wrong.getMessage().contains("refused the user name and password"), wrong.getMessage());
            try (RemoteSession remote = RemoteSession.connect(secured.host(), "ann:s3cret").orElseThrow()) {
                assertEquals(0, remote.stats().torrents());
                join(remote.add(new AddRequest(new AddRequest.Link("magnet:?xt=urn:btih:" + "cd".repeat(20)), null,
                        null, null, null, false, false, true, List.of(), Set.of())));
                assertEquals(1, remote.list().size());
            }
        }
    }

    /** The next event that {@code wanted} matches, within a minute. */
    private static SessionEvent next(Subscription<SessionEvent> events, java.util.function.Predicate<SessionEvent> wanted)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            events.available().get(1, TimeUnit.MINUTES);
            for (SessionEvent e; (e = events.poll()) != null; ) {
                if (wanted.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no such event within a minute");
    }

    private static <T> T join(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, () -> f.orTimeout(60, TimeUnit.SECONDS).join());
        return e.getCause();
    }
}
