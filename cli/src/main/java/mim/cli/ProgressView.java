package mim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;

/**
 * What {@code mim download} shows while it runs, on stderr: on a terminal, one line per torrent
 * redrawn in place (percent, rates, peers, ETA), each followed by an indented line per peer source
 * that has something to say (cut to the width, so that redrawing in place stays exact); otherwise a
 * plain status line per torrent every few seconds, for logs, ending with what the sources say.
 * A magnet link still fetching its metadata gets a line of its own, "fetching metadata: ...".
 * With {@code perFile}, each selected file's verified share follows its torrent's line.
 *
 * <p>It draws the control surface's values ({@link TorrentStats}, {@link TorrentDetails.File}), so a
 * session of {@code mim download}'s own and a server's torrents seen through its API look the same.
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

    /**
     * One torrent as the view shows it.
     *
     * @param name its name (a magnet link's {@code dn} or info-hash until its metadata is known)
     * @param stats how it is doing
     * @param files its files, in order (for {@code perFile}; empty until known)
     * @param note what to say instead of the peer count when there is more to say than a number ("no
     *     usable peers: ...", or how far a metadata fetch got); null to show the count
     */
    record Shown(String name, TorrentStats stats, List<TorrentDetails.File> files, String note) {}

    /** How often to draw: every second on a terminal, every five seconds in a log. */
    long intervalMillis() {
        return terminal ? 1000 : 5000;
    }

    /** One torrent's lines: its status, its files' (with {@code perFile}) and what its sources say. */
    private record Row(String line, List<String> files, List<String> sources) {}

    /** Draws the torrents, in the order given. */
    void draw(List<Shown> torrents) {
        List<Row> rows = new ArrayList<>();
        for (Shown t : torrents) {
            boolean fetching = t.stats().state().equals("fetching_metadata");
            List<String> files = perFile && !fetching ? fileLines(t.files(), t.stats().fileProgress()) : List.of();
            rows.add(new Row(fetching ? t.name() + "  " + fetchLine(t) : line(t), files, t.stats().sources()));
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

    static String line(Shown t) {
        TorrentStats s = t.stats();
        String eta = "";
        if (s.state().equals("downloading") && s.downloadRate() > 0) {
            eta = "  ETA " + duration((s.totalBytes() - s.progressBytes()) / s.downloadRate());
        }
        double fraction = s.totalBytes() == 0 ? 1.0 : (double) s.progressBytes() / s.totalBytes();
        String peers = t.note() != null ? t.note() : "peers " + s.peers() + banned(s);
        return String.format(Locale.ROOT, "%s  %5.1f%%  down %s/s  up %s/s  %s  %s%s",
                t.name(), 100 * fraction, Sizes.human(s.downloadRate()), Sizes.human(s.uploadRate()),
                peers, s.state(), eta);
    }

    /** "fetching metadata: 2 peers, 1/3 pieces" when the fetch says as much, else the peers it has. */
    private static String fetchLine(Shown t) {
        int peers = t.stats().peers();
        return t.note() != null ? t.note() : "fetching metadata: " + peers + (peers == 1 ? " peer" : " peers");
    }

    /** ", 2 banned (corrupt data)" after the peer count, when any address is banned; reasons in order. */
    private static String banned(TorrentStats s) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(s.banned()).forEach((reason, n) -> out.append(", ").append(n).append(" banned (").append(reason)
                .append(')'));
        return out.toString();
    }

    /**
     * One line per chosen file that is not padding: "    42.0%  12.3 MiB  path", by the file's verified
     * bytes ({@code verified}, in the files' order; none known counts as none); an empty file is complete.
     */
    static List<String> fileLines(List<TorrentDetails.File> files, List<Long> verified) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            TorrentDetails.File f = files.get(i);
            if (f.padding() || !f.included()) {
                continue;
            }
            long have = i < verified.size() ? verified.get(i) : 0;
            double share = f.length() == 0 ? 1.0 : (double) have / f.length();
            out.add(String.format(Locale.ROOT, "    %5.1f%%  %9s  %s", 100 * share, Sizes.human(f.length()), f.name()));
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
