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
 * start, SEEDING", "...: download complete"), with the DHT off (unless {@link #dht} turns it on,
 * bootstrapped from a loopback node alone) and with configuration, plugins, caches and state in its
 * own folder, so the user's never count. {@link #encryption} sets
 * {@code --encryption}. A seeder is given {@code --overwrite}:
 * its data is there, but no resume state of mim's vouches for it. Peers come from
 * {@link #connectTo} ({@code --peer}) and from the trackers the torrent names.
 *
 * <p>Not thread-safe; started once, like every {@link Client}. {@link #command} runs some other
 * mim command instead.
 */
public final class Mim extends ClientBase {
    private static final String COMPLETE = ": download complete";
    private static final String SEEDING = "pieces verified at start, SEEDING";
    /** What bin/mim runs Java with when MIM_JAVA_OPTS is unset. */
    private static final String LAUNCHER_JAVA_OPTS = "-XX:+UseSerialGC -Xss1m -Xms32m";

    private final List<String> peers = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private boolean exitOnFinish;
    private DhtRouter dht;

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
     * Turns the DHT on, bootstrapped from {@code router} alone, its routing table neither loaded nor
     * saved. The {@code mim.dht.*} system properties do it (through {@code MIM_JAVA_OPTS}, after the
     * build's own, which turn the DHT off for every other test).
     */
    public Mim dht(DhtRouter router) {
        dht = router;
        return this;
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
        if (dht == null) {
            args.add("--disable-dht");
        }
        args.addAll(List.of("download", "-o", dir.toString(), "--listen-addr", ip() + ":" + port()));
        if (role == Role.SEED) {
            args.add("--overwrite");
        }
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
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(args);
        Map<String, String> env = new HashMap<>(Map.of(
                "XDG_CONFIG_HOME", state.resolve("config").toString(),
                "XDG_DATA_HOME", state.resolve("data").toString(),
                "XDG_CACHE_HOME", state.resolve("cache").toString(),
                "XDG_STATE_HOME", state.resolve("state").toString()));
        if (dht != null) {
            String inherited = System.getenv().getOrDefault("MIM_JAVA_OPTS", LAUNCHER_JAVA_OPTS);
            env.put("MIM_JAVA_OPTS", inherited + " -Dmim.dht.disabled=false -Dmim.dht.bootstrap=" + dht.hostPort()
                    + " -Dmim.dht.persistence=false");
        }
        return swarm.start("mim", command, state, List.of(), env);
    }
}
