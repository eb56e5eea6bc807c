package mim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import mim.core.MimException;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.Metainfo;
import mim.core.session.Session;
import mim.core.session.SessionConfig;
import mim.core.session.Torrent;
import mim.core.session.TorrentParams;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.PeerId;
import mim.core.wire.WireConfig;
import picocli.CommandLine.Command;
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
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download torrents, then seed them.")
final class DownloadCommand implements Callable<Integer> {
    /** Azureus-style client tag: MM = mim, version 0.0.0.1. */
    static final String PEER_ID_PREFIX = "-MM0001-";

    @Parameters(paramLabel = "TORRENT", arity = "1..*", description = "A .torrent file or an http(s) URL of one.")
    List<String> sources;

    @Option(names = {"-o", "--output-folder"}, paramLabel = "FOLDER", description = "Where to download (created if "
            + "missing; default: the current folder).")
    Path output = Path.of(".");

    @Option(names = {"-s", "--sub-folder"}, paramLabel = "NAME", description = "A sub-folder of the output folder to "
            + "download into.")
    String subFolder;

    @Option(names = {"-r", "--filename-re"}, paramLabel = "REGEX", description = "Download only the files whose path "
            + "(as 'mim download -l' shows it) contains a match of this regular expression.")
    String filenameRegex;

    @Option(names = {"-l", "--list"}, description = "List each torrent's files (index, size, path) and download nothing.")
    boolean list;

    @Option(names = "--overwrite", description = "Use files that are already there and not from an earlier download "
            + "by mim: check them and keep the good pieces. Without it, such files are an error.")
    boolean overwrite;

    @Option(names = {"-e", "--exit-on-finish"}, description = "Exit once every torrent is downloaded, instead of seeding.")
    boolean exitOnFinish;

    @Option(names = "--listen-addr", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:4240",
            description = "Where to accept peers (default: ${DEFAULT-VALUE}; a taken port moves to the next free one, "
                    + "0 takes any).")
    String listenAddr;

    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A peer to connect to (repeatable).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--encryption", paramLabel = "MODE", defaultValue = "prefer",
            converter = EncryptionConverter.class,
            description = "Peer-wire encryption (MSE/PE): prefer (an encrypted handshake when the peer speaks it, "
                    + "with RC4 on the data only if the peer takes nothing else), require (encrypted connections only), disable (plaintext only). "
                    + "Default: ${DEFAULT-VALUE}.")
    EncryptionPolicy encryption;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws MimException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Pattern pattern = compile(filenameRegex);
        List<Metainfo> torrents = load();
        if (list) {
            for (Metainfo m : torrents) {
                printFiles(m, pattern, out);
            }
            out.flush();
            return Main.EXIT_OK;
        }
        InetSocketAddress listen = HostPort.parse(listenAddr, "--listen-addr");
        List<InetSocketAddress> peerAddresses = new ArrayList<>();
        for (String p : peers) {
            peerAddresses.add(HostPort.parse(p, "--peer"));
        }
        Path folder = outputFolder();

        WireConfig wire = WireConfig.defaults(PeerId.generate(PEER_ID_PREFIX, new SecureRandom()))
                .withTimeouts(WireConfig.DEFAULT_KEEP_ALIVE, main.global.peerReadWriteTimeout,
                        main.global.peerConnectTimeout)
                .withEncryption(encryption);
        // The plugin host closes the tracker clients after this command, so after the session's close.
        Session session = Session.builder()
                .config(SessionConfig.defaults(wire).withListenAddress(listen))
                .networkThreads(main.global.networkThreads())
                .storage(main.plugins().storageBackend())
                .peerSources(main.plugins().peerSources())
                .trackers(main.plugins().trackerClients(), main.global.trackerRefreshInterval)
                .build();
        Thread hook = new Thread(session::close, "mim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<Torrent> running = new ArrayList<>();
            for (Metainfo m : torrents) {
                running.add(session.add(new TorrentParams(m, folder, selection(m, pattern), overwrite, peerAddresses)));
            }
            watch(running, err);
        } finally {
            session.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running or ran; close is idempotent.
            }
        }
        return Main.EXIT_OK;
    }

    /**
     * Draws progress until every torrent is complete (with {@code -e}) or has failed.
     *
     * @throws MimException the first failure of a torrent
     */
    private void watch(List<Torrent> running, PrintWriter err) throws MimException {
        ProgressView view = new ProgressView(err, System.console() != null);
        CompletableFuture<Void> all = CompletableFuture.allOf(
                running.stream().map(Torrent::completion).toArray(CompletableFuture[]::new));
        try {
            while (true) {
                try {
                    if (!all.isDone()) {
                        all.get(view.intervalMillis(), TimeUnit.MILLISECONDS);
                    } else {
                        // Seeding until interrupted: the shutdown hook stops the session.
                        Thread.sleep(view.intervalMillis());
                    }
                    if (exitOnFinish) {
                        view.draw(running);
                        return;
                    }
                } catch (TimeoutException e) {
                    // Still downloading: draw and wait again.
                } catch (ExecutionException e) {
                    view.draw(running);
                    throw e.getCause() instanceof MimException m ? m
                            : new MimException(e.getCause().toString(), e.getCause());
                }
                view.draw(running);
                if (running.stream().noneMatch(t -> t.state() == Torrent.State.SEEDING
                        || t.state() == Torrent.State.DOWNLOADING || t.state() == Torrent.State.CHECKING)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Metainfo> load() throws MimException {
        List<Metainfo> out = new ArrayList<>();
        for (String source : sources) {
            TorrentSource.Loaded loaded = TorrentSource.load(source, TorrentSource.Limits.defaults());
            if (!(loaded instanceof TorrentSource.TorrentFile file)) {
                throw new MimException.BadInput(source + ": magnet links cannot be downloaded yet; use the .torrent file");
            }
            Metainfo m = file.metainfo();
            if (m.isV2Only() && !list) {
                throw new MimException.BadInput(source + ": a v2-only torrent, which mim cannot download yet");
            }
            out.add(m);
        }
        return out;
    }

    private static Pattern compile(String regex) throws MimException.BadInput {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new MimException.BadInput("-r '" + regex + "': not a valid regular expression: "
                    + e.getDescription());
        }
    }

    /** The files the pattern selects (pad files never count), or null for all. */
    private static Set<Integer> selection(Metainfo m, Pattern pattern) {
        if (pattern == null) {
            return null;
        }
        Set<Integer> chosen = new HashSet<>();
        List<FileEntry> files = m.files();
        for (int i = 0; i < files.size(); i++) {
            if (!files.get(i).pad() && pattern.matcher(files.get(i).displayPath()).find()) {
                chosen.add(i);
            }
        }
        return chosen;
    }

    private static void printFiles(Metainfo m, Pattern pattern, PrintWriter out) {
        Set<Integer> chosen = selection(m, pattern);
        List<FileEntry> files = m.files();
        int width = String.valueOf(files.size() - 1).length();
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            if (f.pad() || (chosen != null && !chosen.contains(i))) {
                continue;
            }
            out.printf("%" + width + "d  %12d  %s%n", i, f.length(), f.displayPath());
        }
    }

    private Path outputFolder() throws MimException.BadInput {
        Path folder = subFolder == null ? output : output.resolve(subFolder);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new MimException.BadInput("cannot create output folder " + folder + ": " + reason(e));
        }
        if (!Files.isWritable(folder)) {
            throw new MimException.BadInput("output folder " + folder + " is not writable");
        }
        return folder.toAbsolutePath().normalize();
    }

    static final class EncryptionConverter implements picocli.CommandLine.ITypeConverter<EncryptionPolicy> {
        @Override
        public EncryptionPolicy convert(String value) {
            for (EncryptionPolicy p : EncryptionPolicy.values()) {
                if (p.name().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "'" + value + "' is not an encryption mode (prefer, require, disable)");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return String.valueOf(e.getMessage());
    }
}
