package mim.plugin.tui;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;

/**
 * Draws a frame: from a {@link Snapshot} and a {@link UiState}, the screen's rows, exactly {@code height}
 * of them, each exactly {@code width} columns. Knows nothing of terminals, so it is tested as text.
 *
 * <p>Layout: a title row, the view (the list under its column headings, or a torrent's details, or the
 * help), a line for the prompt, question, notice or problem, and the status bar. The list's columns that
 * do not fit go first, the least useful first (ratio, peers, upload rate, ETA, size); of the room left, the
 * names get what the longest needs and the bar the rest, up to {@value #MAX_BAR} columns, and with less room
 * the names shrink, cut with an ellipsis. Stateless.
 */
final class Render {
    /**
     * The list's columns besides the name and the bar (drawn before the percent), in their order, and their
     * widths (a separating space included).
     */
    enum Column {
        SIZE("Size", 9), PERCENT("", 5), STATE("State", 9), DOWN("Down", 11), UP("Up", 11), PEERS("Peers", 6),
        ETA("ETA", 7), RATIO("Ratio", 6);

        final String heading;
        final int width;

        Column(String heading, int width) {
            this.heading = heading;
            this.width = width;
        }
    }

    /** Which columns go first when the screen is narrow. */
    private static final List<Column> DROPPED_FIRST = List.of(Column.RATIO, Column.PEERS, Column.UP, Column.ETA,
            Column.SIZE);
    private static final int MARKER = 2;
    private static final int MIN_NAME = 16;
    private static final int MIN_BAR = 8;
    private static final int MAX_BAR = 40;
    private static final int MAX_FILE_BAR = 20;
    private static final int MAX_SOURCE_ROWS = 3;

    static final List<String> KEYS = List.of(
            "Up/Down, j/k   move",
            "PgUp/PgDn      move a page",
            "Enter          details: limits, labels, sources, files, peers",
            "Esc            back to the list; close a prompt",
            "Space          details: choose a file or not",
            "a              add a magnet link, URL or .torrent path",
            "p              pause or resume",
            "d              remove (files kept), after a y",
            "D              delete with its files, after a y",
            "v              check the data on disk again, after a y",
            "l              the torrent's rate limits: down up (5M 500k; - none)",
            "L              the session's rate limits, the same way",
            "s / r          next sort order / reverse it",
            "/              filter by name (Enter keeps it, Esc clears it)",
            "?              this help",
            "q              quit the view (a server goes on; a download ends)");

    private Render() {}

    static List<Row> screen(Snapshot snapshot, UiState ui, int width, int height) {
        List<Row> rows = new ArrayList<>(height);
        rows.add(title(snapshot, ui, width));
        int body = Math.max(0, height - 3);
        List<Row> content = ui.help ? help(width)
                : ui.view == UiState.View.DETAILS && snapshot.detail() != null
                        ? details(snapshot.detail(), ui, width, body)
                : list(snapshot, ui, width, body);
        for (int i = 0; i < body; i++) {
            rows.add(i < content.size() ? content.get(i) : new Row.Builder(width).build(Style.PLAIN));
        }
        rows.add(bottomLine(snapshot, ui, width));
        rows.add(status(snapshot.session(), snapshot.sessionLimits(), width));
        return List.copyOf(rows.subList(0, Math.min(rows.size(), height)));
    }

    // ---- the list

    /** The widths the list's columns get at {@code width}: the name's, the bar's, and the others kept. */
    record Layout(int name, int bar, Set<Column> columns) {}

    /** The layout at {@code width} for names up to {@code longestName} long: what they do not need goes to the bar. */
    static Layout layout(int width, int longestName) {
        Set<Column> columns = EnumSet.allOf(Column.class);
        for (Column c : DROPPED_FIRST) {
            if (room(width, columns) >= MIN_NAME + MIN_BAR) {
                break;
            }
            columns.remove(c);
        }
        int room = Math.max(0, room(width, columns));
        int bar = Math.max(Math.min(MIN_BAR, room / 2), Math.min(MAX_BAR, room - Math.max(MIN_NAME, longestName)));
        return new Layout(room - bar, bar, columns);
    }

    private static int room(int width, Set<Column> columns) {
        return width - MARKER - 1 - columns.stream().mapToInt(c -> c.width).sum();
    }

    private static List<Row> list(Snapshot snapshot, UiState ui, int width, int height) {
        List<Torrent> visible = ui.visible(snapshot.torrents());
        Layout layout = layout(width, visible.stream().mapToInt(t -> t.name().length()).max().orElse(0));
        List<Row> rows = new ArrayList<>();
        Row.Builder heading = new Row.Builder(width).add(" ".repeat(MARKER)).add(pad("Name", layout.name()));
        for (Column c : layout.columns()) {
            if (c == Column.PERCENT) {
                heading.add(" ").add(pad("Progress", layout.bar()));
            }
            heading.add(c == Column.STATE || c == Column.PERCENT ? " " + pad(c.heading, c.width - 1)
                    : right(c.heading, c.width));
        }
        rows.add(heading.build(Style.HEADER));
        if (visible.isEmpty()) {
            rows.add(new Row.Builder(width).add("  " + (snapshot.torrents().isEmpty() ? "No torrents: a adds one."
                    : "No torrent's name contains \"" + ui.filter + "\".")).build(Style.DIM));
            return rows;
        }
        int page = Math.max(1, height - 1);
        int selected = ui.selectedIndex(visible);
        int top = selected / page * page;
        for (int i = top; i < Math.min(visible.size(), top + page); i++) {
            rows.add(torrentRow(visible.get(i), i == selected, layout, width));
        }
        return rows;
    }

    private static Row torrentRow(Torrent t, boolean selected, Layout layout, int width) {
        TorrentStats s = t.stats();
        Row.Builder row = new Row.Builder(width).add(selected ? "> " : "  ")
                .add(pad(Units.fit(t.name(), layout.name()), layout.name()));
        for (Column c : layout.columns()) {
            if (c == Column.PERCENT) {
                bar(row.add(" "), t.fraction(), layout.bar());
            }
            String value = switch (c) {
                case SIZE -> right(s.totalBytes() == 0 ? "?" : Units.size(s.totalBytes()), c.width);
                case PERCENT -> right(Units.percent(t.fraction()), c.width);
                case STATE -> " " + pad(state(s.state()), c.width - 1);
                case DOWN -> right(Units.rate(s.downloadRate()), c.width);
                case UP -> right(Units.rate(s.uploadRate()), c.width);
                case PEERS -> right(Integer.toString(s.peers()), c.width);
                case ETA -> right(t.eta().isPresent() ? Units.duration(t.eta().getAsLong()) : "", c.width);
                case RATIO -> right(t.ratio() < 0 ? "" : String.format(Locale.ROOT, "%.2f", t.ratio()), c.width);
            };
            row.add(value, c == Column.STATE ? stateStyle(s.state()) : Style.PLAIN);
        }
        return row.build(selected ? Style.SELECTED : Style.PLAIN);
    }

    /** A bar of {@code #} for what is done and {@code .} for the rest. */
    private static void bar(Row.Builder row, double fraction, int width) {
        int done = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        row.add("#".repeat(done), Style.DONE).add(".".repeat(width - done));
    }

    /** The names of states, short enough for their column. */
    static String state(String state) {
        return state.equals("fetching_metadata") ? "metadata" : state.equals("downloading") ? "download" : state;
    }

    private static Style stateStyle(String state) {
        return switch (state) {
            case "error" -> Style.ERROR;
            case "paused", "stopped" -> Style.DIM;
            case "seeding" -> Style.DONE;
            default -> Style.PLAIN;
        };
    }

    // ---- the details

    private static List<Row> details(Snapshot.Detail detail, UiState ui, int width, int height) {
        TorrentDetails d = detail.details();
        Torrent t = detail.torrent();
        TorrentStats s = t.stats();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row.Builder(width).add(Units.fit(t.name(), width)).build(Style.HEADER));
        Row.Builder facts = new Row.Builder(width).add(state(s.state()), stateStyle(s.state()))
                .add("  " + Units.size(s.progressBytes()) + " of " + Units.size(s.totalBytes()) + " ("
                        + Units.percent(t.fraction()) + ")");
        facts.add("  down " + orZero(Units.rate(s.downloadRate())) + "  up " + orZero(Units.rate(s.uploadRate()))
                + "  peers " + s.peers());
        if (t.ratio() >= 0) {
            facts.add(String.format(Locale.ROOT, "  ratio %.2f", t.ratio()));
        }
        rows.add(facts.build(Style.PLAIN));
        rows.add(new Row.Builder(width).add(Units.fit("limits: down " + Units.limit(t.limits().downloadBytesPerSecond())
                + ", up " + Units.limit(t.limits().uploadBytesPerSecond()) + "   labels: "
                + (d.summary().labels().isEmpty() ? "none" : String.join(", ", d.summary().labels())), width))
                .build(Style.PLAIN));
        rows.add(new Row.Builder(width).add(Units.fit("in " + d.summary().outputFolder() + "   info-hash "
                + d.summary().infoHash(), width)).build(Style.DIM));
        if (s.error() != null) {
            rows.add(new Row.Builder(width).add(Units.fit("error: " + s.error(), width)).build(Style.ERROR));
        }
        // Each source's last word (a tracker's answer, the DHT's, PEX's) on a row of its own, the first few.
        List<String> sources = s.sources();
        for (int i = 0; i < Math.min(sources.size(), MAX_SOURCE_ROWS); i++) {
            String more = i == MAX_SOURCE_ROWS - 1 && sources.size() > MAX_SOURCE_ROWS
                    ? "  (and " + (sources.size() - MAX_SOURCE_ROWS) + " more)" : "";
            rows.add(new Row.Builder(width).add(Units.fit((i == 0 ? "sources: " : "         ") + sources.get(i) + more,
                    width)).build(Style.DIM));
        }
        List<Integer> files = fileIndexes(d);
        List<PeerStats> peers = detail.peers();
        int left = height - rows.size() - 1;
        int peerRows = peers.isEmpty() ? 0 : Math.min(peers.size() + 1, Math.max(2, left / 3));
        int fileRows = Math.max(0, left - peerRows - 1);
        int fileBar = Math.max(7, Math.min(MAX_FILE_BAR, (width - 40) / 3));
        rows.add(new Row.Builder(width)
                .add("  Get  " + pad("Progress", fileBar + 5) + " " + right("Size", 8) + "  File")
                .build(Style.HEADER));
        if (files.isEmpty()) {
            rows.add(new Row.Builder(width).add("  (the files are known once the metadata is)").build(Style.DIM));
        }
        int cursor = Math.min(ui.fileCursor, Math.max(0, files.size() - 1));
        int top = fileRows == 0 ? 0 : cursor / fileRows * fileRows;
        for (int i = top; i < Math.min(files.size(), top + fileRows); i++) {
            int index = files.get(i);
            TorrentDetails.File f = d.files().get(index);
            long have = index < s.fileProgress().size() ? s.fileProgress().get(index) : 0;
            double fraction = f.length() == 0 ? 1 : (double) have / f.length();
            Row.Builder row = new Row.Builder(width).add(i == cursor ? "> " : "  ")
                    .add(f.included() ? "[x]  " : "[ ]  ");
            bar(row, fraction, fileBar);
            row.add(right(Units.percent(fraction), 5)).add(" ").add(right(Units.size(f.length()), 8)).add("  ");
            row.add(Units.fit(f.name(), width - row.column()), f.included() ? Style.PLAIN : Style.DIM);
            rows.add(row.build(i == cursor ? Style.SELECTED : Style.PLAIN));
        }
        if (peerRows > 0) {
            int address = Math.max(12, Math.min(40, width / 4));
            rows.add(new Row.Builder(width).add("  " + pad("Peer", address) + " " + right("Down", 11)
                    + right("Up", 11) + "  " + pad("State", 11) + "Client").build(Style.HEADER));
            for (PeerStats p : peers.subList(0, Math.min(peers.size(), peerRows - 1))) {
                rows.add(new Row.Builder(width).add("  " + pad(Units.fit(p.address(), address), address) + " "
                        + right(Units.rate(p.downloadRate()), 11) + right(Units.rate(p.uploadRate()), 11) + "  "
                        + pad(p.state() + (p.seed() ? "*" : ""), 11) + p.client()).build(Style.PLAIN));
            }
        }
        return rows;
    }

    /** The indexes of a torrent's files the details list: every one but the padding. */
    static List<Integer> fileIndexes(TorrentDetails details) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < details.files().size(); i++) {
            if (!details.files().get(i).padding()) {
                shown.add(i);
            }
        }
        return shown;
    }

    // ---- the rest

    private static List<Row> help(int width) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row.Builder(width).add("Keys (any key closes this)").build(Style.HEADER));
        for (String k : KEYS) {
            rows.add(new Row.Builder(width).add("  " + k).build(Style.PLAIN));
        }
        return rows;
    }

    private static Row title(Snapshot snapshot, UiState ui, int width) {
        Row.Builder row = new Row.Builder(width).add(" mim  ");
        row.add(snapshot.torrents().size() + " torrent" + (snapshot.torrents().size() == 1 ? "" : "s"));
        row.add("  sort: " + ui.sort.label + (ui.descending ? " (reversed)" : ""));
        if (!ui.filter.isEmpty()) {
            row.add("  filter: " + ui.filter);
        }
        if (snapshot.problem() != null) {
            row.add("  DISCONNECTED", Style.ERROR);
        }
        return row.build(Style.HEADER);
    }

    private static Row bottomLine(Snapshot snapshot, UiState ui, int width) {
        Row.Builder row = new Row.Builder(width);
        if (ui.prompt != null) {
            String typed = ui.typed.toString();
            int room = width - ui.prompt.label.length() - 1;
            // The end of what is typed shows, as a shell's line does.
            String shown = typed.length() <= room ? typed
                    : "…" + typed.substring(typed.length() - Math.max(0, room - 1));
            return row.add(ui.prompt.label + shown + "_").build(Style.PLAIN);
        }
        if (ui.question != null) {
            return row.add(Units.fit(ui.question.text(), width)).build(Style.ERROR);
        }
        if (snapshot.problem() != null) {
            return row.add(Units.fit(snapshot.problem() + "; trying again every second", width)).build(Style.ERROR);
        }
        return ui.notice == null ? row.build(Style.PLAIN) : row.add(Units.fit(ui.notice, width)).build(Style.PLAIN);
    }

    private static Row status(SessionStats s, Limits limits, int width) {
        String text = " down " + orZero(Units.rate(s.downloadRate())) + capped(limits.downloadBytesPerSecond())
                + "  up " + orZero(Units.rate(s.uploadRate())) + capped(limits.uploadBytesPerSecond())
                + "  peers " + s.peers() + "  received " + Units.size(s.downloadedBytes()) + "  sent "
                + Units.size(s.uploadedBytes());
        String keys = "? help  q quit ";
        Row.Builder row = new Row.Builder(width).add(text);
        if (row.column() + keys.length() + 2 <= width) {
            row.padTo(width - keys.length()).add(keys);
        }
        return row.build(Style.STATUS);
    }

    /** A session's rate limit after its rate: {@code  (max 5.00 MiB/s)}, nothing without one. */
    private static String capped(Long limit) {
        return limit == null ? "" : " (max " + Units.limit(limit) + ")";
    }

    private static String orZero(String rate) {
        return rate.isEmpty() ? "0 B/s" : rate;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s.substring(0, width) : s + " ".repeat(width - s.length());
    }

    private static String right(String s, int width) {
        return s.length() >= width ? s.substring(0, width) : " ".repeat(width - s.length()) + s;
    }
}
