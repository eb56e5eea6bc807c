package mim.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import mim.cli.remote.RemoteSession;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.Metainfo;
import mim.core.session.FetchStatus;
import mim.core.session.FileSelection;
import mim.core.session.MagnetParams;
import mim.core.session.MetadataFetch;
import mim.core.session.Session;
import mim.core.session.Torrent;
import mim.core.session.TorrentParams;
import mim.core.session.TorrentStatus;
import mim.core.spi.AddRequest;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mim download}: fetches torrents into a folder, then seeds them until interrupted (or, with
 * {@code -e}, exits once every one is complete). Ctrl-C or SIGTERM stops cleanly: data flushed,
 * resume state saved beside the download in {@code OUTPUT/.mim/}, so the next run picks up where
 * this one stopped. Progress goes to stderr.
 *
 * <p>A magnet link's metadata is fetched from peers first and saved as
 * {@code OUTPUT/.mim/<info-hash>.torrent}, which later runs (and {@code -l}) use instead of asking
 * again. Its {@code so=} selects files; with {@code -r} too, only files both select are downloaded.
 *
 * <p>With {@code --ui tui} the session is shown in the tui plugin's full-screen view instead, and quitting
 * the view ends the command as Ctrl-C does.
 *
 * <p>When a mim server answers at {@code --http-api-listen-addr}, the torrents are handed to it instead
 * ({@link HandOff}); {@code --no-server} runs the session here regardless.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download torrents, then seed them.")
final class DownloadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TORRENT", arity = "1..*", description = "A .torrent file, an http(s) URL of one, or a "
            + "magnet link.")
    List<String> sources;

    @Option(names = {"-o", "--output-folder"}, paramLabel = "FOLDER", description = "Where to download (created if "
            + "missing; default: the current folder, or the server's output folder when a server downloads).")
    Path output;

    @Option(names = {"-s", "--sub-folder"}, paramLabel = "NAME", description = "A sub-folder of the output folder to "
            + "download into.")
    String subFolder;

    @Option(names = {"-r", "--filename-re"}, paramLabel = "REGEX", description = "Download only the files whose path "
            + "(as 'mim download -l' shows it) contains a match of this regular expression.")
    String filenameRegex;

    @Option(names = {"-l", "--list"}, description = "List each torrent's files (index, size, path) and download nothing "
            + "(a magnet link's metadata is fetched, and kept in OUTPUT/.mim/).")
    boolean list;

    @Option(names = "--overwrite", description = "Use files that are already there and not from an earlier download "
            + "by mim: check them and keep the good pieces. Without it, such files are an error.")
    boolean overwrite;

    @Option(names = {"-e", "--exit-on-finish"}, description = "Exit once every torrent is downloaded, instead of seeding.")
    boolean exitOnFinish;

    @Option(names = "--per-file", description = "Show each selected file's progress under its torrent's line.")
    boolean perFile;

    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A peer to connect to (repeatable).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--no-server", description = "Run a session of its own even when a mim server answers at "
            + "--http-api-listen-addr (by default the torrents are handed to that server).")
    boolean noServer;

    @Option(names = "--ui", paramLabel = "NAME", description = "Show the download in a user interface instead of "
            + "progress lines: 'tui', the full-screen terminal view, where q ends the download as Ctrl-C does. The "
            + "session runs here, as with --no-server.")
    String ui;

    @Mixin
    SessionOptions sessionOptions;

    @Mixin
    ApiAuth auth;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws MimException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Pattern pattern = FileSelection.pattern("-r", filenameRegex);
        if (ui != null) {
            return inTerminalView();
        }
        if (!noServer) {
            Optional<RemoteSession> server = RemoteSession.connect(main.global.httpApiListenAddr, auth.orNull());
            if (server.isPresent()) {
                try (RemoteSession remote = server.get()) {
                    return new HandOff(this, remote, out, err).run();
                }
            }
        }
        List<TorrentSource.Loaded> loaded = load();
        if (list && loaded.stream().allMatch(l -> l instanceof TorrentSource.TorrentFile)) {
            for (TorrentSource.Loaded l : loaded) {
                printFiles(files(((TorrentSource.TorrentFile) l).metainfo(), pattern, List.of()), out);
            }
            out.flush();
            return Main.EXIT_OK;
        }
        List<InetSocketAddress> peerAddresses = peerAddresses();
        Path folder = outputFolder();
        inSession(sessionOptions.sessionBuilder(main), session -> {
            Downloads downloads = new Downloads();
            for (TorrentSource.Loaded l : loaded) {
                if (l instanceof TorrentSource.TorrentFile file) {
                    Metainfo m = file.metainfo();
                    downloads.running.add(session.add(new TorrentParams(m, folder, selection(m, pattern, List.of()),
                            overwrite, peerAddresses)));
                } else {
                    MagnetLink link = ((TorrentSource.Magnet) l).link();
                    MagnetParams params = new MagnetParams(link, folder,
                            m -> selection(m, pattern, link.selectedFiles()), overwrite, peerAddresses, list);
                    downloads.fetching.add(new Fetching(nameOf(link), session.addMagnet(params)));
                }
            }
            if (list) {
                listAll(loaded, downloads, pattern, out, err);
            } else {
                watch(downloads, err);
            }
        });
        return Main.EXIT_OK;
    }

    /**
     * {@code --ui tui}: the torrents added to a session of this command's own through its control surface,
     * which the terminal view shows until the person quits it; then the session closes as on Ctrl-C.
     */
    private Integer inTerminalView() throws MimException {
        if (!ui.equals(TuiCommand.TUI)) {
            throw new MimException.BadInput("--ui " + ui + ": the interface a download can show is 'tui'");
        }
        if (list || exitOnFinish) {
            throw new MimException.BadInput("--ui tui shows the download until q is pressed: without -l or -e");
        }
        if (System.console() == null) {
            throw new MimException("--ui tui needs a terminal: standard input and output are not one");
        }
        List<InetSocketAddress> peerAddresses = peerAddresses();
        List<AddRequest> requests = new ArrayList<>();
        for (String source : sources) {
            requests.add(new AddRequest(TorrentSource.toAdd(source), null, null, null, filenameRegex, overwrite, false,
                    false, peerAddresses, Set.of()));
        }
        Path folder = outputFolder().toAbsolutePath().normalize();
        inSession(sessionOptions.sessionBuilder(main).outputFolder(folder).torrentFetcher(TorrentSource.fetcher()),
                session -> {
                    for (AddRequest request : requests) {
                        result(session.control().add(request));
                    }
                    TuiCommand.show(main, session.control());
                });
        return Main.EXIT_OK;
    }

    /** What runs while a session of this command's own is open. */
    @FunctionalInterface
    private interface SessionWork {
        void run(Session session) throws MimException;
    }

    /**
     * Builds the session, runs {@code work} on it, then closes it (resume state saved, trackers told) and
     * waits for the {@code --on-complete} commands; a signal meanwhile closes it through a shutdown hook.
     */
    private void inSession(Session.Builder builder, SessionWork work) throws MimException {
        // The plugin host closes the tracker clients after this command, so after the session's close.
        Session session = builder.build();
        Thread hook = new Thread(session::close, "mim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            work.run(session);
        } finally {
            session.close();
            sessionOptions.awaitCompletionCommands();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running or ran; close is idempotent.
            }
        }
    }

    /** A magnet link whose metadata is still being fetched, under the name to show for it. */
    private record Fetching(String name, MetadataFetch fetch) {
        ProgressView.Shown shown() {
            FetchStatus s = fetch.status();
            TorrentStats stats = new TorrentStats("fetching_metadata", false, null, 0, 0, 0, 0, 0, 0, s.peers(),
                    List.of(), Map.of(), s.sources());
            return new ProgressView.Shown(name, stats, List.of(), s.describe());
        }
    }

    /** What runs: torrents started, and magnet links still fetching their metadata. */
    private static final class Downloads {
        final List<Torrent> running = new ArrayList<>();
        final List<Fetching> fetching = new ArrayList<>();

        /** Moves the fetches whose torrent started to {@link #running}; throws a fetch's failure. */
        void adopt() throws MimException {
            for (var it = fetching.iterator(); it.hasNext(); ) {
                CompletableFuture<Torrent> started = it.next().fetch().torrent();
                if (started.isDone()) {
                    running.add(result(started));
                    it.remove();
                }
            }
        }

        /** What may still change: fetches, and torrents not yet complete. */
        List<CompletableFuture<?>> pending() {
            List<CompletableFuture<?>> out = new ArrayList<>();
            fetching.forEach(f -> out.add(f.fetch().torrent()));
            running.stream().map(Torrent::completion).filter(c -> !c.isDone()).forEach(out::add);
            return out;
        }
    }

    /** {@code -l} with magnet links: waits for each one's metadata, then lists every source in order. */
    private void listAll(List<TorrentSource.Loaded> loaded, Downloads downloads, Pattern pattern, PrintWriter out,
                         PrintWriter err) throws MimException {
        ProgressView view = new ProgressView(err, System.console() != null, perFile);
        int next = 0;
        for (TorrentSource.Loaded l : loaded) {
            if (l instanceof TorrentSource.TorrentFile file) {
                printFiles(files(file.metainfo(), pattern, List.of()), out);
                continue;
            }
            MetadataFetch fetch = downloads.fetching.get(next++).fetch();
            while (!fetch.metadata().isDone()) {
                view.draw(downloads.fetching.stream().filter(f -> !f.fetch().metadata().isDone()).map(Fetching::shown)
                        .toList());
                awaitAny(List.of(fetch.metadata()), view.intervalMillis());
            }
            List<MagnetLink.IndexRange> ranges = ((TorrentSource.Magnet) l).link().selectedFiles();
            printFiles(files(result(fetch.metadata()), pattern, ranges), out);
        }
        out.flush();
    }

    /**
     * Draws progress until every torrent is complete (with {@code -e}) or has failed.
     *
     * @throws MimException the first failure of a torrent or a metadata fetch
     */
    private void watch(Downloads downloads, PrintWriter err) throws MimException {
        ProgressView view = new ProgressView(err, System.console() != null, perFile);
        while (true) {
            downloads.adopt();
            // Pending first, failures second: a torrent failing in between is still pending, never "finished".
            List<CompletableFuture<?>> pending = downloads.pending();
            List<ProgressView.Shown> shown = new ArrayList<>();
            downloads.fetching.forEach(f -> shown.add(f.shown()));
            downloads.running.forEach(t -> shown.add(shown(t)));
            view.draw(shown);
            for (Torrent t : downloads.running) {
                if (t.completion().isCompletedExceptionally()) {
                    result(t.completion());
                }
            }
            if (pending.isEmpty() && exitOnFinish) {
                return;
            }
            // Stopped from outside (the shutdown hook closed the session): nothing left to watch.
            if (downloads.fetching.isEmpty() && downloads.running.stream().allMatch(t -> t.state() == Torrent.State.STOPPED)) {
                return;
            }
            // Seeding until interrupted once nothing is pending: the shutdown hook stops the session.
            awaitAny(pending, view.intervalMillis());
        }
    }

    /** A torrent of this session as the progress view shows it, in the control surface's terms. */
    private static ProgressView.Shown shown(Torrent t) {
        TorrentStatus s = t.status();
        TorrentStats stats = new TorrentStats(s.state().name().toLowerCase(Locale.ROOT),
                s.haveBytes() >= s.totalBytes(), s.error(), s.totalBytes(), s.haveBytes(), s.downloadedBytes(), s.uploadedBytes(), s.downloadRate(),
                s.uploadRate(), s.peers(), s.fileVerifiedBytes(), s.banned(), s.sources());
        return new ProgressView.Shown(s.name(), stats, files(t.metainfo(), t::isSelected), s.noUsablePeers());
    }

    /** Waits until one of {@code futures} completes, or {@code millis} pass. */
    private static void awaitAny(List<? extends CompletableFuture<?>> futures, long millis) {
        try {
            if (futures.isEmpty()) {
                Thread.sleep(millis);
            } else {
                CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new)).get(millis, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException | ExecutionException e) {
            // Time to draw again; a failure is read from its future by the caller.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of a future once complete (waiting for it), or its failure as a {@link MimException}. */
    static <T> T result(CompletableFuture<T> done) throws MimException {
        try {
            return done.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof MimException m ? m : new MimException(Reason.of(cause), cause);
        }
    }

    private List<TorrentSource.Loaded> load() throws MimException {
        List<TorrentSource.Loaded> out = new ArrayList<>();
        for (String source : sources) {
            TorrentSource.Loaded loaded = TorrentSource.load(source, TorrentSource.Limits.defaults());
            if (loaded instanceof TorrentSource.TorrentFile file && file.metainfo().isV2Only() && !list) {
                throw new MimException.BadInput(source + ": a v2-only torrent, which mim cannot download yet");
            }
            // The session refuses these too; saying so here keeps a bad link from opening a listener first.
            if (loaded instanceof TorrentSource.Magnet magnet && magnet.link().infoHashV1().isEmpty()) {
                throw new MimException.BadInput(source + ": a v2-only magnet link (btmh without btih), which mim "
                        + "cannot fetch yet");
            }
            out.add(loaded);
        }
        return out;
    }

    /** A magnet link's name for progress lines: its {@code dn}, or its info-hash. */
    private static String nameOf(MagnetLink link) {
        return link.name().orElseGet(() -> link.infoHashV1().or(link::infoHashV2).map(h -> h.hex()).orElse("magnet"));
    }


    /** The files the pattern and a magnet link's {@code so} ranges both select, or null for all. */
    private static Set<Integer> selection(Metainfo m, Pattern pattern, List<MagnetLink.IndexRange> ranges) {
        return FileSelection.choose(m, null, pattern, ranges);
    }

    /** A torrent's files as the control surface lists them, those the pattern and ranges select included. */
    private static List<TorrentDetails.File> files(Metainfo m, Pattern pattern, List<MagnetLink.IndexRange> ranges) {
        Set<Integer> chosen = selection(m, pattern, ranges);
        return files(m, i -> chosen == null || chosen.contains(i));
    }

    private static List<TorrentDetails.File> files(Metainfo m, IntPredicate selected) {
        List<TorrentDetails.File> out = new ArrayList<>();
        List<FileEntry> entries = m.files();
        for (int i = 0; i < entries.size(); i++) {
            FileEntry f = entries.get(i);
            boolean included = !f.pad() && selected.test(i);
            out.add(new TorrentDetails.File(f.displayPath(), f.path(), f.length(), included, f.pad()));
        }
        return out;
    }

    /** What {@code -l} prints: a line per file included (index, size, path), whoever listed them. */
    static void printFiles(List<TorrentDetails.File> files, PrintWriter out) {
        int width = String.valueOf(files.size() - 1).length();
        for (int i = 0; i < files.size(); i++) {
            TorrentDetails.File f = files.get(i);
            if (f.included()) {
                out.printf("%" + width + "d  %12d  %s%n", i, f.length(), f.name());
            }
        }
    }

    /** The {@code --peer} addresses. */
    List<InetSocketAddress> peerAddresses() throws MimException.BadInput {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String p : peers) {
            out.add(HostPort.parse(p, "--peer"));
        }
        return out;
    }

    private Path outputFolder() throws MimException.BadInput {
        Path top = output == null ? Path.of(".") : output;
        return Folders.writable(subFolder == null ? top : top.resolve(subFolder), "output folder");
    }
}
