package mim.interop;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * mim itself, as a user runs it: the packaged distribution's {@code bin/mim} (found through the
 * system property {@code mim.home}, which failsafe sets) started as a managed process of the
 * swarm, on its own loopback address.
 *
 * <p>It runs with {@code -v info}, whose log lines are its milestones ("... pieces verified at
 * start, SEEDING", "...: download complete"), with configuration, plugins, caches and state in its
 * own folder, so the user's never count, and with the DHT off unless {@link #dht} names a router
 * (then that router is its only way into the DHT). {@link #encryption} sets
 * {@code --encryption}. A seeder is given no flag: its data is there, written by the test, and
 * mim checks it and seeds it as a user's complete download would be. Peers come from
 * {@link #connectTo} ({@code --peer}) and from the trackers the torrent names.
 *
 * <p>Not thread-safe; started once, like every {@link Client}. {@link #command} runs some other
 * mim command instead.
 */
public final class Mim extends ClientBase {
    private static final String COMPLETE = ": download complete";
    private static final String SEEDING = "pieces verified at start, SEEDING";
    private static final String JAVA_OPTIONS = "MIM_JAVA_OPTS";
    private static final String DHT_OFF = "-Dmim.dht.disabled=true";

    private final List<String> peers = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private boolean exitOnFinish;
    private DhtRouter dhtRouter;
    private Path state;

    Mim(Swarm swarm) {
        super(swarm, "mim");
    }

    /** The distribution's launcher. */
    public static Path launcher() {
        String home = System.getProperty("mim.home");
        if (home == null) {
            throw new IllegalStateException("system property mim.home is not set (failsafe sets it in cli/pom.xml)");
        }
        return Path.of(home, "bin", "mim");
    }

    /** Dials {@code peer} once started ({@code --peer}). */
    public Mim connectTo(Peer peer) {
        peers.add(peer.hostPort());
        return this;
    }

    /** Dials a peer that is not one of the swarm's programs (a test's own peer, say). */
    public Mim connectTo(InetSocketAddress peer) {
        peers.add(peer.getAddress().getHostAddress() + ":" + peer.getPort());
        return this;
    }

    /**
     * Turns the DHT on, {@code router} its only bootstrap node ({@code --dht-bootstrap}), its routing
     * table kept in this mim's own state folder ({@link #dhtStateFile}).
     */
    public Mim dht(DhtRouter router) {
        dhtRouter = router;
        return this;
    }

    /** Where the DHT saves its routing table ({@code $XDG_STATE_HOME/mim/dht.json}); once started. */
    public Path dhtStateFile() {
        if (state == null) {
            throw new IllegalStateException("mim has not started");
        }
        return state.resolve("state").resolve("mim").resolve("dht.json");
    }

    /** Further options of {@code mim download}, such as {@code -r REGEX} or {@code --overwrite}. */
    public Mim options(String... more) {
        options.addAll(Arrays.asList(more));
        return this;
    }

    /** {@code -e}: the leecher exits, with status 0, once its download is complete. */
    public Mim exitOnFinish() {
        exitOnFinish = true;
        return this;
    }

    /**
     * Starts {@code mim ARGS} (global options first, as {@code -v info download ...}) in a folder
     * of its own, with the same isolation as a download; for commands that are not a plain seed or
     * leech. Returns at once.
     */
    public ManagedProcess command(String... args) {
        Path state = swarm.newDir("mim-command");
        return start(Arrays.asList(args), state);
    }

    @Override
    Launch launch(Role role, String source, Path dir, Path state) {
        List<String> args = new ArrayList<>(List.of("-v", "info"));
        if (dhtRouter == null) {
            args.add("--disable-dht");
        } else {
            args.addAll(List.of("--dht-bootstrap", dhtRouter.hostPort()));
        }
        // Its own session always: a mim server a user runs on this machine must not take the test's torrents.
        args.addAll(List.of("download", "--no-server", "-o", dir.toString(), "--listen-addr", ip() + ":" + port()));
        if (exitOnFinish) {
            args.add("-e");
        }
        if (encryptionMode() != null) {
            args.add("--encryption");
            args.add(encryptionMode().name().toLowerCase(Locale.ROOT));
        }
        for (String peer : peers) {
            args.add("--peer");
            args.add(peer);
        }
        args.addAll(options);
        args.add(source);
        ManagedProcess process = start(args, state);
        return new Launch(process, () -> process.logContains(SEEDING), () -> process.logContains(COMPLETE));
    }

    private ManagedProcess start(List<String> args, Path state) {
        this.state = state;
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(args);
        Map<String, String> env = new HashMap<>(Map.of(
                "XDG_CONFIG_HOME", state.resolve("config").toString(),
                "XDG_DATA_HOME", state.resolve("data").toString(),
                "XDG_CACHE_HOME", state.resolve("cache").toString(),
                "XDG_STATE_HOME", state.resolve("state").toString()));
        if (dhtRouter != null) {
            allowDht(env);
        }
        return swarm.start("mim", command, state, List.of(), env);
    }

    /**
     * Lets the DHT run in a mim started with {@code env}: Failsafe switches it off for every mim
     * ({@code -Dmim.dht.disabled=true} in the launcher's Java options).
     */
    static void allowDht(Map<String, String> env) {
        String javaOptions = System.getenv(JAVA_OPTIONS);
        if (javaOptions != null) {
            env.put(JAVA_OPTIONS, javaOptions.replace(DHT_OFF, "").strip());
        }
    }
}
