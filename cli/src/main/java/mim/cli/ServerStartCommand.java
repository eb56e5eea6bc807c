package mim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import mim.cli.log.LogBroadcast;
import mim.cli.server.PersistedSession;
import mim.core.MimException;
import mim.core.session.Session;
import mim.core.spi.InterfaceContext;
import mim.core.spi.Limits;
import mim.core.spi.UserInterface;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mim server start OUTPUT_FOLDER}: one session that runs until SIGINT or SIGTERM, driven through
 * the HTTP API (the {@code http-api} plugin), its torrents kept in {@code $XDG_STATE_HOME/mim/server}
 * and restored at the next start (unless {@code --disable-persistence}).
 *
 * <p>States: starting (state folder locked and read, session built, torrents restored, API attached;
 * a failure undoes what was done and is the command's one error line) -> serving -> stopping (on a
 * signal, in the shutdown hook: API detached, session closed with its resume state saved and its
 * trackers told, the torrents saved, the folder unlocked, the plugins closed).
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the server: download into OUTPUT_FOLDER what is added through the HTTP API "
                + "(--http-api-listen-addr, default 127.0.0.1:3030), until interrupted.")
final class ServerStartCommand implements Callable<Integer> {
    private static final String API = "http-api";

    @Parameters(paramLabel = "OUTPUT_FOLDER", description = "Where torrents go (created if missing); a torrent "
            + "added with output_folder or sub_folder goes below it, never outside it.")
    Path output;

    @Mixin
    SessionOptions sessionOptions;

    @Option(names = "--disable-persistence", description = "Neither restore the torrents of an earlier run nor keep "
            + "these for the next one.")
    boolean disablePersistence;

    /** Required of every request when given. */
    @Mixin
    ApiAuth auth;

    @Option(names = "--http-api-insecure", description = "Allow the API on an address other than loopback without "
            + "--http-api-auth: anyone who reaches it controls this mim.")
    boolean insecure;

    @ParentCommand
    ServerCommand server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Main main = server.main;
        Path folder = Folders.writable(output, "output folder");
        Running running = new Running(main);
        try {
            running.persisted = disablePersistence ? null : PersistedSession.open(main.dirs().serverState());
            UserInterface api = main.plugins().userInterfaces().stream().filter(u -> u.name().equals(API)).findFirst()
                    .orElseThrow(() -> new MimException("the " + API + " plugin is not active (see 'mim plugins')"));
            running.session = sessionOptions.sessionBuilder(main).outputFolder(folder)
                    .torrentFetcher(TorrentSource.fetcher()).build();
            PrintWriter err = spec.commandLine().getErr();
            // Options given now win; for those not given, the limits the API set before a restart stay.
            running.session.control().setSessionLimits(sessionOptions.limitsOver(
                    running.persisted == null ? Limits.NONE : running.persisted.sessionLimits()));
            if (running.persisted != null) {
                running.persisted.restoreInto(running.session.control());
                running.persisted.warnings().forEach(w -> err.println("mim: warning: " + w));
                err.flush();
            }
            api.attach(running.session.control(), new InterfaceContext(apiSettings(main), main.plugins().httpMounts(),
                    LogBroadcast.feed()));
            running.api = api;
        } catch (Exception e) {
            running.stop();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "mim-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("mim server: downloading into " + folder + "; HTTP API on http://" + main.global.httpApiListenAddr
                + "/");
        out.flush();
        running.stopped.await();
        return Main.EXIT_OK;
    }

    private Map<String, String> apiSettings(Main main) {
        Map<String, String> settings = new HashMap<>();
        settings.put("listen", main.global.httpApiListenAddr);
        if (auth.orNull() != null) {
            settings.put("auth", auth.orNull());
        }
        settings.put("insecure", Boolean.toString(insecure));
        String version = Main.version();
        if (version != null) {
            settings.put("version", version);
        }
        return settings;
    }

    /** What a start set up, undone in reverse by {@link #stop}, once. */
    private static final class Running {
        final Main main;
        final CountDownLatch stopped = new CountDownLatch(1);
        PersistedSession persisted;
        Session session;
        UserInterface api;
        private boolean done;

        Running(Main main) {
            this.main = main;
        }

        synchronized void stop() {
            if (done) {
                return;
            }
            done = true;
            try {
                if (api != null) {
                    api.detach();
                }
                if (session != null) {
                    session.close();
                }
                if (persisted != null) {
                    persisted.close();
                }
                main.closePlugins();
            } finally {
                stopped.countDown();
            }
        }
    }
}
