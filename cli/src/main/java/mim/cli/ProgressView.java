package mim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.session.FetchStatus;
import mim.core.session.MetadataFetch;
import mim.core.session.Torrent;
import mim.core.session.TorrentStatus;

/**
 * What {@code mim download} shows while it runs, on stderr: on a terminal, one line per torrent
 * redrawn in place (percent, rates, peers, ETA), each followed by an indented line per peer source
 * that has something to say (cut to the width, so that redrawing in place stays exact); otherwise a
 * plain status line per torrent every few seconds, for logs, ending with what the sources say.
 * A magnet link still fetching its metadata gets a line of its own, "fetching metadata: ...".
 * With {@code perFile}, each selected file's verified share follows its torrent's line.
 * Not thread safe: one thread draws.
 */
final class ProgressView {
    /** Where a source's line is cut on a terminal: wider lines would wrap and spoil the redraw. */
    private static final int WIDTH = 100;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean perFile;
    private int drawn;

    ProgressView(PrintWriter err, boolean terminal, boolean perFile) {
        this.err = err;
        this.terminal = terminal;
        this.perFile = perFile;
    }

    /** How often to draw: every second on a terminal, every five seconds in a log. */
    long intervalMillis() {
        return terminal ? 1000 : 5000;
    }

    /** A magnet link whose metadata is still being fetched, under the name to show for it. */
    record Fetching(String name, MetadataFetch fetch) {}

    /** One torrent's lines: its status, its files' (with {@code perFile}) and what its sources say. */
    private record Row(String line, List<String> files, List<String> sources) {}

    void draw(List<Torrent> torrents) {
        draw(torrents, List.of());
    }

    /** The fetches first ("NAME  fetching metadata: 2 peers, 0/1 pieces"), then the torrents. */
    void draw(List<Torrent> torrents, List<Fetching> fetching) {
        List<Row> rows = new ArrayList<>();
        for (Fetching f : fetching) {
            FetchStatus s = f.fetch().status();
            rows.add(new Row(f.name() + "  " + s.describe(), List.of(), s.sources()));
        }
        for (Torrent t : torrents) {
            TorrentStatus s = t.status();
            List<String> files = perFile
                    ? fileLines(t.metainfo().layout(), t::isSelected, s.fileVerifiedBytes()) : List.of();
            rows.add(new Row(line(s), files, s.sources()));
        }
        StringBuilder out = new StringBuilder();
        if (terminal && drawn > 0) {
            out.append("\033[").append(drawn).append('A');
        }
        int lines = 0;
        for (Row row : rows) {
            if (!terminal) {
                out.append(row.line()).append(sources(row.sources())).append('\n');
                row.files().forEach(f -> out.append(f).append('\n'));
                continue;
            }
            List<String> below = new ArrayList<>(row.files());
            row.sources().forEach(source -> below.add("  " + source));
            out.append("\r\033[2K").append(row.line()).append('\n');
            lines++;
            for (String text : below) {
                out.append("\r\033[2K").append(text, 0, Math.min(text.length(), WIDTH)).append('\n');
                lines++;
            }
        }
        // A line no longer drawn (a source gone quiet) is left above: cleared below the new ones.
        for (int extra = lines; extra < drawn; extra++) {
            out.append("\r\033[2K\n");
        }
        drawn = Math.max(lines, drawn);
        err.print(out);
        err.flush();
    }

    static String line(TorrentStatus s) {
        String eta = "";
        if (s.state() == Torrent.State.DOWNLOADING && s.downloadRate() > 0) {
            eta = "  ETA " + duration((s.totalBytes() - s.haveBytes()) / s.downloadRate());
        }
        String peers = s.noUsablePeers() != null ? s.noUsablePeers() : "peers " + s.peers() + banned(s);
        return String.format(Locale.ROOT, "%s  %5.1f%%  down %s/s  up %s/s  %s  %s%s",
                s.name(), 100 * s.fraction(), Sizes.human(s.downloadRate()), Sizes.human(s.uploadRate()),
                peers, s.state().name().toLowerCase(Locale.ROOT), eta);
    }

    /** ", 2 banned (corrupt data)" after the peer count, when any address is banned. */
    private static String banned(TorrentStatus s) {
        StringBuilder out = new StringBuilder();
        s.banned().forEach((reason, n) -> out.append(", ").append(n).append(" banned (").append(reason).append(')'));
        return out.toString();
    }

    /**
     * One line per selected file that is not padding: "    42.0%  12.3 MiB  path", by the file's
     * verified bytes ({@code verified}, in the layout's order); an empty file is complete.
     */
    static List<String> fileLines(FileLayout layout, IntPredicate selected, List<Long> verified) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < layout.files().size(); i++) {
            FileEntry f = layout.files().get(i);
            if (f.pad() || !selected.test(i)) {
                continue;
            }
            double share = f.length() == 0 ? 1.0 : (double) verified.get(i) / f.length();
            out.add(String.format(Locale.ROOT, "    %5.1f%%  %9s  %s", 100 * share, Sizes.human(f.length()),
                    f.displayPath()));
        }
        return out;
    }

    /** The sources' lines, for a log's status line: "  | tracker: 3 peers | ..."; empty if none. */
    static String sources(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String source : lines) {
            out.append("  | ").append(source);
        }
        return out.toString();
    }

    private static String duration(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }
}
