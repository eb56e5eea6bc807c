package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A libtorrent DHT node (python3-libtorrent) on 127.0.0.1, driven by {@code libtorrent_dht.py}
 * through its standard input and output. Its bootstrap list is empty: it knows only the nodes a
 * test names. It logs its DHT traffic to {@code libtorrent.log}, quoted when an expectation fails.
 * Closing asks it to quit, then ends the process (by its pid, through {@link Process}) if it does
 * not, and waits for it.
 */
final class LibtorrentDht implements AutoCloseable {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final InetSocketAddress address;
    private final Path log;

    private LibtorrentDht(Process process, int port, Path log) {
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.address = new InetSocketAddress("127.0.0.1", port);
        Thread reader = new Thread(() -> read(process.getInputStream()), "libtorrent-dht-output");
        reader.setDaemon(true);
        reader.start();
    }

    static LibtorrentDht start(Path dir) throws IOException {
        assertTrue(Files.isExecutable(PYTHON), "python3 is not installed at " + PYTHON);
        Path script = dir.resolve("libtorrent_dht.py");
        try (InputStream in = LibtorrentDht.class.getResourceAsStream("libtorrent_dht.py")) {
            Files.copy(in, script);
        }
        int port = freePort();
        Path log = dir.resolve("libtorrent.log");
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), String.valueOf(port))
                .redirectError(log.toFile())
                .start();
        LibtorrentDht node = new LibtorrentDht(p, port, log);
        node.expect(line -> line.equals("ready " + port));
        return node;
    }

    /** A port free for both TCP and UDP on 127.0.0.1 a moment ago; libtorrent takes both. */
    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket tcp = new ServerSocket(0, 1, Network.LOOPBACK)) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(Network.LOOPBACK, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (IOException inUseForUdp) {
                    // try another
                }
            }
        }
    }

    private void read(InputStream out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    InetSocketAddress address() {
        return address;
    }

    void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    /** Waits up to 20 seconds for an output line that {@code wanted} accepts, skipping the others. */
    String expect(Predicate<String> wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("libtorrent did not say what was expected"
                            + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                            + "; the end of its log:\n" + logTail());
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The last lines libtorrent logged (its DHT traffic and alerts), to explain a failure. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Asks for the routing table's size until it holds at least {@code count} nodes. */
    void awaitNodes(int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            send("stats");
            int nodes = Integer.parseInt(expect(line -> line.startsWith("nodes ")).substring(6));
            if (nodes >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("libtorrent's table holds " + nodes + " nodes, not " + count);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            send("quit");
        } catch (IOException gone) {
            // already exited
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
