package mim.plugin.tracker.udp;

import static mim.plugin.tracker.udp.Fixtures.await;
import static mim.plugin.tracker.udp.Fixtures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TransferStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against Debian's opentracker on loopback: it serves only the info-hashes of its whitelist, hands
 * each announcing peer to the next, and counts them in scrapes. Started on a free port for each
 * test and stopped (by its pid) after it, whatever happened.
 */
class OpentrackerInteropTest {
    private static final Path OPENTRACKER = Path.of("/usr/bin/opentracker");
    private static final byte[] LISTED = Fixtures.bytes(20, 0x40);
    private static final byte[] UNLISTED = Fixtures.bytes(20, 0x70);

    @TempDir
    Path dir;
    private Process opentracker;
    private URI url;
    private UdpTrackerClient client;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isExecutable(OPENTRACKER), "opentracker is not installed at " + OPENTRACKER);
        // Started as root it changes its root to this folder and becomes 'nobody', who must read both.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = dir.resolve("whitelist.txt");
        Files.writeString(whitelist, HexFormat.of().formatHex(LISTED) + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));

        int port = freePort();
        opentracker = new ProcessBuilder(OPENTRACKER.toString(), "-i", "127.0.0.1", "-p", String.valueOf(port),
                "-P", String.valueOf(port), "-d", dir.toString(), "-u", "nobody", "-w", "whitelist.txt")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("opentracker.log").toFile())
                .start();
        awaitListening(port);
        url = URI.create("udp://127.0.0.1:" + port + "/announce");
        client = Fixtures.client(new AtomicLong(), Fixtures.PATIENT);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (opentracker != null) {
            opentracker.destroy();
            if (!opentracker.waitFor(5, TimeUnit.SECONDS)) {
                opentracker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** A port free for both TCP and UDP on 127.0.0.1 a moment ago; opentracker takes both. */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        while (true) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (IOException inUseForUdp) {
                    // try another
                }
            }
        }
    }

    /** Waits until opentracker accepts TCP connections (it opens UDP before), or fails with its log. */
    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!opentracker.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("opentracker did not start on port " + port + ": "
                            + Files.readString(dir.resolve("opentracker.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    private static AnnounceRequest started(byte[] infoHash, char peer, int port, long left) {
        byte[] peerId = ("-MM0001-" + String.valueOf(peer).repeat(12)).getBytes(StandardCharsets.US_ASCII);
        return new AnnounceRequest(infoHash, peerId, port, new TransferStats(0, 0, left), TorrentEvent.STARTED, 50,
                peer, null);
    }

    @Test
    void aSecondPeerLearnsOfTheFirstAndAScrapeCountsBoth() throws Exception {
        AnnounceResponse first = await(client.announce(url, started(LISTED, 'a', 6881, 1000)));
        assertTrue(first.interval().toSeconds() > 0, "interval " + first.interval());

        AnnounceResponse second = await(client.announce(url, started(LISTED, 'b', 6882, 0)));
        assertTrue(second.peers().contains(new InetSocketAddress("127.0.0.1", 6881)), "peers " + second.peers());
        assertEquals(1, second.seeders());
        assertEquals(1, second.leechers());

        assertEquals(List.of(new ScrapeStats(1, 0, 1), new ScrapeStats(0, 0, 0)),
                await(client.scrape(url, List.of(LISTED, UNLISTED))));
        assertEquals(0, client.malformedDatagrams());
    }

    @Test
    void anUnlistedTorrentGetsABareHeaderWhichIsNoAnswer() {
        // opentracker answers a torrent off its whitelist with the 8-byte header alone, no error text.
        try (UdpTrackerClient quick = Fixtures.client(new AtomicLong(), Fixtures.QUICK)) {
            String message = failure(quick.announce(url, started(UNLISTED, 'c', 6883, 1000))).getMessage();
            assertEquals("udp tracker " + url + " did not answer after 3 tries", message);
            assertEquals(3, quick.malformedDatagrams());
        }
    }
}
