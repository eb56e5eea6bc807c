package mim.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Debian's opentracker on a loopback address of its own, HTTP and UDP on one port.
 *
 * <p>Debian builds it with a whitelist: it answers announces only for info-hashes listed in a file
 * it rereads on SIGHUP, so {@link #allow} must come before any client announces (the swarm does it
 * for every torrent it makes). It records the source address of each announce, which is why each
 * client announces from the loopback address it listens on.
 *
 * <p>To see what it would tell a client, {@link #peers} announces as a probe peer from an address
 * no client uses, with port 1 (refused at once should anyone dial it), and withdraws the probe
 * straight after. Thread safety: safe.
 */
public final class Opentracker {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration ALLOW_TIMEOUT = Duration.ofSeconds(10);
    private static final String PROBE_ID = "-MIMPROBE-0000000000";
    private static final InetAddress PROBE_ADDRESS = probeAddress();
    /** The probe's address as announced: port 1, refused at once should anyone dial it. */
    private static final InetSocketAddress PROBE = new InetSocketAddress(PROBE_ADDRESS, 1);

    private final InetSocketAddress address;
    private final Path whitelist;
    private final ManagedProcess process;
    private final Set<String> allowed = new LinkedHashSet<>();

    private Opentracker(InetSocketAddress address, Path whitelist, ManagedProcess process) {
        this.address = address;
        this.whitelist = whitelist;
        this.process = process;
    }

    static Opentracker start(Swarm swarm) {
        InetAddress ip = swarm.newAddress();
        int port = Swarm.freePort(ip);
        Path home = swarm.newDir("opentracker");
        Path whitelist = home.resolve("whitelist.txt");
        try {
            Files.createFile(whitelist);
            // As root it chroots into its home and becomes 'nobody', who must still read the list.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String host = ip.getHostAddress();
        String p = Integer.toString(port);
        // The whitelist path is relative: inside the chroot as root, inside its home otherwise.
        ManagedProcess process = swarm.start("opentracker",
                List.of("opentracker", "-i", host, "-p", p, "-P", p, "-d", home.toString(), "-w", "whitelist.txt"),
                home, List.of());
        Opentracker tracker = new Opentracker(new InetSocketAddress(ip, port), whitelist, process);
        // An answer, not just an open port: the port is bound before opentracker sets up its
        // signals, and a SIGHUP before that would end it.
        Await.until(tracker + " answering", START_TIMEOUT, tracker::answers, process);
        return tracker;
    }

    private boolean answers() {
        try {
            announce("0".repeat(40), PROBE, "stopped");
            return true;
        } catch (UncheckedIOException notYet) {
            return false;
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    public String httpUrl() {
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/announce";
    }

    public String udpUrl() {
        return "udp://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/announce";
    }

    /** Whether {@code announceUrl} is one of this tracker's. */
    public boolean serves(String announceUrl) {
        return announceUrl.equals(httpUrl()) || announceUrl.equals(udpUrl());
    }

    /** Whitelists an info-hash (40 hex digits) and returns once the tracker answers for it. */
    public void allow(String infoHash) {
        String hash = infoHash.toLowerCase(java.util.Locale.ROOT);
        synchronized (this) {
            if (!allowed.add(hash)) {
                return;
            }
            try {
                Files.write(whitelist, allowed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        signalReload();
        Await.until("opentracker accepting " + hash, ALLOW_TIMEOUT, () -> announce(hash, PROBE, "started") != null,
                process);
        announce(hash, PROBE, "stopped");
    }

    /** The peers the tracker lists for an info-hash now (its answer to a leecher's announce). */
    public Set<InetSocketAddress> peers(String infoHash) {
        Set<InetSocketAddress> peers = announce(infoHash, PROBE, "started");
        announce(infoHash, PROBE, "stopped");
        if (peers == null) {
            throw new AssertionError("opentracker refuses " + infoHash + ": not whitelisted");
        }
        peers.remove(PROBE);
        return peers;
    }

    /**
     * Lists a peer of the test's own (a program written for the test, not a client of the swarm's)
     * for the info-hash: announces {@code started} from its address, with its port.
     */
    public void list(String infoHash, InetSocketAddress peer) {
        if (announce(infoHash, peer, "started") == null) {
            throw new AssertionError("opentracker refuses " + infoHash + ": not whitelisted");
        }
    }

    /** Announces as {@code peer}, from its address; the compact peers of the answer, or null if refused. */
    private Set<InetSocketAddress> announce(String infoHash, InetSocketAddress peer, String event) {
        StringBuilder hash = new StringBuilder();
        for (int i = 0; i < infoHash.length(); i += 2) {
            hash.append('%').append(infoHash, i, i + 2);
        }
        // The probe is a leecher; a listed peer says it is a seed. Each gets an id of its own.
        boolean probe = peer.getAddress().equals(PROBE_ADDRESS);
        String peerId = probe ? PROBE_ID : String.format("-MIMTEST-%011d", Integer.toUnsignedLong(peer.hashCode()));
        String request = "GET /announce?info_hash=" + hash + "&peer_id=" + peerId + "&port=" + peer.getPort()
                + "&uploaded=0&downloaded=0&left=" + (probe ? 1 : 0) + "&compact=1&numwant=200&event=" + event
                + " HTTP/1.0\r\nHost: " + address.getAddress().getHostAddress() + "\r\n\r\n";
        byte[] response;
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(peer.getAddress(), 0));
            socket.connect(address, 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = socket.getInputStream()) {
                response = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("announce to " + this, e);
        }
        // ISO-8859-1 maps bytes to chars one to one, so offsets in the text are offsets in bytes.
        String text = new String(response, StandardCharsets.ISO_8859_1);
        if (text.contains("failure reason")) {
            return null;
        }
        return compactPeers(text);
    }

    /**
     * The {@code peers} string of opentracker's answer, six bytes a peer. Its answers are a flat
     * dictionary of integers and this one string, so finding the key is enough.
     */
    private Set<InetSocketAddress> compactPeers(String text) {
        Set<InetSocketAddress> peers = new HashSet<>();
        int key = text.indexOf("5:peers");
        if (key < 0) {
            throw new AssertionError("unexpected answer from " + this + ": " + text);
        }
        int colon = text.indexOf(':', key + 7);
        int length = Integer.parseInt(text.substring(key + 7, colon));
        for (int at = colon + 1; at + 6 <= colon + 1 + length; at += 6) {
            byte[] ip = new byte[4];
            for (int i = 0; i < 4; i++) {
                ip[i] = (byte) text.charAt(at + i);
            }
            int port = (text.charAt(at + 4) << 8) | text.charAt(at + 5);
            try {
                peers.add(new InetSocketAddress(InetAddress.getByAddress(ip), port));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return peers;
    }

    /** opentracker rereads its whitelist on SIGHUP, which Java cannot send itself. */
    private void signalReload() {
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw Await.failure("kill -HUP " + process.pid() + " failed", process);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted signalling " + this, e);
        }
    }

    private static InetAddress probeAddress() {
        try {
            // Clients get 127.16-215.x.y, so this address is the probe's alone.
            return InetAddress.getByAddress(new byte[] {127, (byte) 255, (byte) 255, (byte) 254});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "opentracker " + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
