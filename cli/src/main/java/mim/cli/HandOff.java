package mim.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mim.cli.remote.RemoteSession;
import mim.core.MimException;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * {@code mim download} handing its torrents to a running mim server: each is added through the server's
 * API with the download's options as the API's ({@code -o} as {@code output_folder}, {@code -s} as
 * {@code sub_folder}, {@code -r} as {@code only_files_regex}, {@code --overwrite}, {@code --peer} as
 * {@code initial_peers}, {@code -l} as {@code list_only}), and one line says where each went. The server
 * downloads them; with {@code -e} the command stays, drawing the same progress view as a session of its
 * own from the server's answers, until every one is complete. Interrupting it leaves the server at work.
 *
 * <p>A .torrent file is read here and sent as bytes; links are sent as they are, for the server to
 * fetch. The options that set up a session of the command's own (its listen address, encryption, rate
 * and seed limits, completion command, read cache) are refused: the server runs with its own.
 *
 * <p>Runs on the command's thread, once.
 */
final class HandOff {
    /** The options of {@link SessionOptions}: they shape a session this command does not run here. */
    private static final List<String> LOCAL_ONLY = List.of("--listen-addr", "--encryption", "--download-limit",
            "--upload-limit", "--seed-ratio", "--seed-time", "--on-complete", "--read-cache");

    private final DownloadCommand command;
    private final RemoteSession server;
    private final PrintWriter out;
    private final PrintWriter err;

    HandOff(DownloadCommand command, RemoteSession server, PrintWriter out, PrintWriter err) {
        this.command = command;
        this.server = server;
        this.out = out;
        this.err = err;
    }

    int run() throws MimException {
        for (String option : LOCAL_ONLY) {
            if (command.spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new MimException.BadInput(option + " sets up a session of mim download's own, but the torrents "
                        + "go to the " + server + ", which runs with its own settings (--no-server runs one here)");
            }
        }
        List<InetSocketAddress> peers = command.peerAddresses();
        String folder = command.output == null ? null : command.output.toAbsolutePath().normalize().toString();
        List<AddRequest> requests = new ArrayList<>();
        for (String source : command.sources) {
            requests.add(new AddRequest(TorrentSource.toAdd(source), folder, command.subFolder, null,
                    command.filenameRegex, command.overwrite, command.list, false, peers, Set.of()));
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            AddResult result = add(command.sources.get(i), requests.get(i));
            if (command.list) {
                DownloadCommand.printFiles(result.details().files(), out);
            } else {
                TorrentSummary s = result.details().summary();
                ids.add(s.id());
                out.println(s.id() + "  " + name(s) + "  " + s.outputFolder()
                        + (result.added() ? "" : "  (the server has it already)"));
            }
            out.flush();
        }
        if (command.exitOnFinish && !command.list) {
            watch(ids);
        }
        return Main.EXIT_OK;
    }

    private AddResult add(String source, AddRequest request) throws MimException {
        try {
            return DownloadCommand.result(server.add(request));
        } catch (MimException.BadInput e) {
            throw new MimException.BadInput(source + ": the " + server + " refused it: " + e.getMessage(), e);
        }
    }

    /**
     * Draws the torrents' progress from the server until every one is complete.
     *
     * @throws MimException when one stops with an error, leaves the server, or the server stops answering
     */
    private void watch(List<Integer> ids) throws MimException {
        ProgressView view = new ProgressView(err, System.console() != null, command.perFile);
        while (true) {
            DownloadCommand.result(server.refresh());
            List<ProgressView.Shown> shown = new ArrayList<>();
            boolean complete = true;
            for (int id : ids) {
                TorrentDetails d;
                TorrentStats s;
                try {
                    d = server.details(id);
                    s = server.stats(id);
                } catch (NoSuchTorrentException e) {
                    throw new MimException("torrent " + id + " was removed from the " + server
                            + " before it completed");
                }
                if (s.state().equals("error")) {
                    view.draw(shown);
                    throw new MimException(name(d.summary()) + ": " + s.error());
                }
                complete &= s.finished();
                shown.add(new ProgressView.Shown(name(d.summary()), s, d.files(), null));
            }
            view.draw(shown);
            if (complete) {
                return;
            }
            try {
                Thread.sleep(view.intervalMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String name(TorrentSummary s) {
        return s.name() != null ? s.name() : s.infoHash();
    }
}
