package mim.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What every {@link Client} does alike: one start per client, the checks on its arguments, and
 * the waits for "seeding" and "listening". A subclass says how to launch its program and how to
 * tell that it seeds and that it completed a download. Not thread-safe.
 */
abstract class ClientBase implements Client {
    /** Checking a test's data and binding a port take well under this. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The longest a seeder may take to check its data, however busy it stays. */
    private static final Duration CHECK_CAP = Duration.ofMinutes(5);

    /** What a started program is doing. */
    enum Role { SEED, LEECH }

    /**
     * A launched program and its milestones.
     *
     * @param seeding  its data is checked and complete (only asked of seeders)
     * @param complete it finished downloading (only asked of leechers)
     */
    record Launch(ManagedProcess process, BooleanSupplier seeding, BooleanSupplier complete) {
    }

    final Swarm swarm;
    private final String name;
    private final InetSocketAddress address;
    private Encryption encryption;
    private boolean started;

    ClientBase(Swarm swarm, String name) {
        this.swarm = swarm;
        this.name = name;
        InetAddress ip = swarm.newAddress();
        this.address = new InetSocketAddress(ip, Swarm.freePort(ip));
    }

    /**
     * Starts the program in {@code role} on {@link #address()}: {@code source} is a .torrent path
     * or a magnet link, {@code dir} the folder that holds (or will hold) the content, and
     * {@code state} an empty folder of its own for configuration and state.
     */
    abstract Launch launch(Role role, String source, Path dir, Path state);

    /** Whether the program can be told {@code mode}; those that cannot throw from {@link #encryption}. */
    boolean supports(Encryption mode) {
        return true;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final InetSocketAddress address() {
        return address;
    }

    /** {@code a.b.c.d}, the address the program binds. */
    final String ip() {
        return address.getAddress().getHostAddress();
    }

    final int port() {
        return address.getPort();
    }

    /** The mode set by {@link #encryption(Encryption)}, or null for the program's default. */
    final Encryption encryptionMode() {
        return encryption;
    }

    @Override
    public final Client encryption(Encryption mode) {
        if (!supports(mode)) {
            throw new UnsupportedOperationException(name + " cannot be set to encryption " + mode);
        }
        this.encryption = mode;
        return this;
    }

    @Override
    public final Peer seed(Torrent torrent, Path content) {
        Path data = content.toAbsolutePath();
        if (!Files.exists(data) || !data.getFileName().toString().equals(torrent.name())) {
            throw new IllegalArgumentException(data + " is not the content of torrent " + torrent.name());
        }
        Launch launch = begin(Role.SEED, torrent.file().toString(), data.getParent());
        ManagedProcess process = launch.process();
        // Checking a large file takes as long as the machine's load makes it: wait while the client's
        // log shows it working.
        Await.untilProgressing(name + " checking " + data + " and listening on " + ip() + ":" + port(), START_TIMEOUT,
                CHECK_CAP, () -> launch.seeding().getAsBoolean() && Await.accepts(address), process::logSize, process);
        swarm.awaitListed(torrent, address, process, START_TIMEOUT);
        return new Peer(name, address, process);
    }

    @Override
    public final Download leech(Torrent torrent, Path outDir) {
        return leechFrom(torrent.file().toString(), outDir);
    }

    @Override
    public final Download leechMagnet(String magnet, Path outDir) {
        if (!magnet.startsWith("magnet:")) {
            throw new IllegalArgumentException("not a magnet link: " + magnet);
        }
        return leechFrom(magnet, outDir);
    }

    private Download leechFrom(String source, Path outDir) {
        long start = System.nanoTime();
        Launch launch = begin(Role.LEECH, source, outDir.toAbsolutePath());
        // A tiny download may be over, and aria2 gone, before the port is ever probed.
        Await.until(name + " listening on " + ip() + ":" + port(), START_TIMEOUT,
                () -> Await.accepts(address) || launch.complete().getAsBoolean(), launch.process());
        return new Download(name, address, launch.process(), outDir.toAbsolutePath(), launch.complete(), start);
    }

    private Launch begin(Role role, String source, Path dir) {
        if (started) {
            throw new IllegalStateException(this + " was started already; make another client");
        }
        started = true;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launch(role, source, dir, swarm.newDir(name + "-" + role.name().toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public String toString() {
        return name + " at " + ip() + ":" + port();
    }
}
