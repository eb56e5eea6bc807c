package mim.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import mim.core.session.Torrent;
import mim.core.session.TorrentStatus;

/**
 * What {@code mim download} shows while it runs, on stderr: on a terminal, one line per torrent
 * redrawn in place (percent, rates, peers, ETA), each followed by an indented line per peer source
 * that has something to say (cut to the width, so that redrawing in place stays exact); otherwise a
 * plain status line per torrent every few seconds, for logs, ending with what the sources say.
 * Not thread safe: one thread draws.
 */
final class ProgressView {
    /** Where a source's line is cut on a terminal: wider lines would wrap and spoil the redraw. */
    private static final int WIDTH = 100;

    private final PrintWriter err;
    private final boolean terminal;
    private int drawn;

    ProgressView(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** How often to draw: every second on a terminal, every five seconds in a log. */
    long intervalMillis() {
        return terminal ? 1000 : 5000;
    }

    void draw(List<Torrent> torrents) {
        StringBuilder out = new StringBuilder();
        if (terminal && drawn > 0) {
            out.append("\033[").append(drawn).append('A');
        }
        int lines = 0;
        for (Torrent t : torrents) {
            TorrentStatus s = t.status();
            if (!terminal) {
                out.append(line(s)).append(sources(s)).append('\n');
                continue;
            }
            out.append("\r\033[2K").append(line(s)).append('\n');
            lines++;
            for (String source : s.sources()) {
                String text = "  " + source;
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
        return String.format(Locale.ROOT, "%s  %5.1f%%  down %s/s  up %s/s  peers %d  %s%s",
                s.name(), 100 * s.fraction(), Sizes.human(s.downloadRate()), Sizes.human(s.uploadRate()),
                s.peers(), s.state().name().toLowerCase(Locale.ROOT), eta);
    }

    /** The sources' lines, for a log's status line: "  | tracker: 3 peers | ..."; empty if none. */
    static String sources(TorrentStatus s) {
        StringBuilder out = new StringBuilder();
        for (String source : s.sources()) {
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
