package mim.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import mim.core.MimException;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.InfoHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mim show SRC}: what a torrent file, a torrent's URL or a magnet link says, for a person
 * (aligned fields and a file tree) or, with {@code --json}, for a program (one JSON object whose
 * fields are listed in {@link ShowJson}). Reads nothing but the source; writes only to the command's
 * output. Failures are {@link MimException}s, reported by {@link Main}.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show what a .torrent file, a torrent's URL or a magnet link holds.")
final class ShowCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SRC", description = "A .torrent file, an http(s) URL of one, or a magnet link.")
    String source;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--pad-files", description = "List BEP 47 pad files (marked p) instead of only counting them.")
    boolean showPadFiles;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "60s", description = "Give up fetching a URL after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws MimException {
        TorrentSource.Loaded loaded = TorrentSource.load(source, TorrentSource.Limits.defaults().withTimeout(timeout));
        PrintWriter out = spec.commandLine().getOut();
        if (loaded instanceof TorrentSource.Magnet magnet) {
            if (json) {
                ShowJson.print(magnet.link(), out);
            } else {
                printMagnet(magnet.link(), out);
            }
        } else {
            TorrentSource.TorrentFile file = (TorrentSource.TorrentFile) loaded;
            if (json) {
                ShowJson.print(file.metainfo(), out);
            } else {
                TorrentText.print(file.metainfo(), showPadFiles, out);
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    static void printMagnet(MagnetLink m, PrintWriter out) {
        new AlignedFields()
                .add("Name", m.name().orElse(null))
                .add("Info-hash v1", m.infoHashV1().map(InfoHash::hex).orElse(null))
                .add("Info-hash v2", m.infoHashV2().map(InfoHash::hex).orElse(null))
                .addAll("Trackers", m.trackers())
                .addAll("Web seeds", m.webSeeds())
                .addAll("Peers", m.peers().stream().map(MagnetLink.Peer::toString).toList())
                .add("Selected files", m.selectedFiles().isEmpty() ? null : selection(m.selectedFiles()))
                .print(out);
        out.println("This is a magnet link: the file list and sizes come with the torrent's metadata, "
                + "which peers send once connected.");
    }

    private static String selection(List<MagnetLink.IndexRange> ranges) {
        return String.join(", ", ranges.stream().map(MagnetLink.IndexRange::toString).toList());
    }
}
