package mim.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import mim.core.session.Torrent;
import mim.core.session.TorrentStatus;

/**
 * What {@code mim download} shows while it runs, on stderr: on a terminal, one line per torrent
 * redrawn in place (percent, rates, peers, ETA); otherwise a plain status line per torrent every
 * few seconds, for logs. Not thread safe: one thread draws.
 */
final class ProgressView {
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
        for (Torrent t : torrents) {
            if (terminal) {
                out.append("\r\033[2K");
            }
            out.append(line(t.status())).append('\n');
        }
        drawn = torrents.size();
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

    private static String duration(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }
}
