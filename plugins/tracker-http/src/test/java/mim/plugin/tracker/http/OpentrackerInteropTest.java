package mim.plugin.tracker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TransferStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Announces to a real opentracker (Debian's, which serves only whitelisted info-hashes) on loopback:
 * two peers start, and the second hears of the first.
 */
class OpentrackerInteropTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] INFO_HASH = HexFormat.of().parseHex("5a1e0c3b9d2f4e6a8b7c0d1e2f3a4b5c6d7e8f90");

    @TempDir
    Path temp;

    private static byte[] peerId(char which) {
        return ("-MM0001-00000000000" + which).getBytes(StandardCharsets.US_ASCII);
    }

    private static AnnounceRequest started(char which, int port) {
        return new AnnounceRequest(INFO_HASH, peerId(which), port, new TransferStats(0, 0, 1000),
                TorrentEvent.STARTED, 50, which, null);
    }

    /** A port free for both TCP and UDP on loopback, as the OS picks it. */
    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
                int port = tcp.getLocalPort();
                if (udpFree(port)) {
                    return port;
                }
            }
        }
    }

    private static boolean udpFree(int port) {
        try {
            new DatagramSocket(new InetSocketAddress(LOOPBACK, port)).close();
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    @Test
    void theSecondPeerHearsOfTheFirst() throws Exception {
        // opentracker chroots into its folder and drops to 'nobody', who must be able to read the list.
        Path root = Files.createDirectory(temp.resolve("opentracker"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path whitelist = root.resolve("whitelist.txt");
        Files.writeString(whitelist, HexFormat.of().formatHex(INFO_HASH) + "\n");
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        int port = freePort();
        Process opentracker = new ProcessBuilder("/usr/bin/opentracker", "-i", "127.0.0.1", "-p", String.valueOf(port),
                "-P", String.valueOf(port), "-d", root.toString(), "-w", "/whitelist.txt")
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("opentracker.log").toFile())
                .start();
        HttpTrackerClient client = new HttpTrackerClient();
        try {
            URI announce = URI.create("http://127.0.0.1:" + port + "/announce");
            awaitWhitelisted(client, announce, opentracker);

            AnnounceResponse first = client.announce(announce, started('A', 6881)).get(10, TimeUnit.SECONDS);
            AnnounceResponse second = client.announce(announce, started('B', 6882)).get(10, TimeUnit.SECONDS);

            assertTrue(first.interval().toSeconds() >= AnnounceParser.MIN_INTERVAL_SECONDS);
            assertTrue(second.peers().contains(new InetSocketAddress("127.0.0.1", 6881)), second.peers().toString());
            assertEquals(2, second.leechers());
            assertEquals(0, second.seeders());
        } finally {
            client.close();
            opentracker.destroy();
            if (!opentracker.waitFor(10, TimeUnit.SECONDS)) {
                opentracker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Waits until the tracker answers and has read its whitelist (it does so on a thread of its own
     * after it starts listening), asking with a {@code stopped} announce, which adds no peer.
     */
    private static void awaitWhitelisted(HttpTrackerClient client, URI announce, Process opentracker) throws Exception {
        AnnounceRequest probe = new AnnounceRequest(INFO_HASH, peerId('P'), 1, new TransferStats(0, 0, 0),
                TorrentEvent.STOPPED, 0, 0, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            if (!opentracker.isAlive()) {
                throw new AssertionError("opentracker exited with status " + opentracker.exitValue());
            }
            try {
                client.announce(announce, probe).get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("opentracker did not accept the info-hash: " + notYet.getCause().getMessage());
                }
                Thread.sleep(50);
            }
        }
    }
}
