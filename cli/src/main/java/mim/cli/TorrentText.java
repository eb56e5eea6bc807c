package mim.cli;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.Metainfo;

/**
 * {@code mim show}'s text for a torrent: aligned fields, then the file tree. Fields the torrent does
 * not have are left out. Stateless.
 */
final class TorrentText {
    private TorrentText() {}

    static void print(Metainfo m, boolean showPadFiles, PrintWriter out) {
        FileTree tree = new FileTree(m.files(), showPadFiles);
        long pads = m.files().stream().filter(FileEntry::pad).count();
        long padBytes = m.files().stream().filter(FileEntry::pad).mapToLong(FileEntry::length).sum();
        long listed = m.files().size() - pads;
        // Size is what lands on disk; pad bytes count in the pieces but are never written.
        String size = Sizes.humanExact(m.totalLength() - padBytes)
                + (padBytes == 0 ? "" : ", and " + Sizes.human(padBytes) + " of padding");
        String pieces = m.pieceCount() + (m.pieceCount() == 1 ? " piece of " : " pieces of ")
                + Sizes.human(m.pieceLength());
        new AlignedFields()
                .add("Name", m.name())
                .add("Info-hash v1", hex(m.infoHashV1()))
                .add("Info-hash v2", hex(m.infoHashV2()))
                .add("Size", size)
                .add("Pieces", pieces)
                .add("Private", m.isPrivate() ? "yes (trackers only: no DHT, no peer exchange)" : "no")
                .add("Created", creationDate(m.creationDate()))
                .add("Created by", m.createdBy())
                .addAll("Comment", m.comment() == null ? List.of() : m.comment().lines().toList())
                .add("Source", m.source())
                .addAll("Trackers", tiers(m.trackerTiers()))
                .addAll("Web seeds", m.webSeeds())
                .addAll("DHT nodes", m.nodes().stream().map(n -> hostPort(n.host(), n.port())).toList())
                .add("Magnet", MagnetLink.of(m))
                .add("Files", listed + (pads == 0 ? "" : pads == 1 ? " (and 1 pad file" : " (and " + pads + " pad files")
                        + (pads == 0 ? "" : showPadFiles ? ", marked p)" : ", not listed)"))
                .print(out);
        tree.render().forEach(line -> out.println("  " + line));
    }

    /** ISO 8601 in UTC; a value no calendar can hold is shown as the number it is. */
    static String creationDate(OptionalLong seconds) {
        if (seconds.isEmpty()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(seconds.getAsLong()).toString();
        } catch (DateTimeException e) {
            return Long.toString(seconds.getAsLong());
        }
    }

    static String hostPort(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static String hex(InfoHash h) {
        return h == null ? null : h.hex();
    }

    /** One line a tracker; the first of each tier numbered, when there is more than one tier. */
    private static List<String> tiers(List<List<String>> tiers) {
        List<String> lines = new ArrayList<>();
        if (tiers.size() == 1) {
            return tiers.get(0);
        }
        int width = Integer.toString(tiers.size()).length();
        for (int t = 0; t < tiers.size(); t++) {
            String number = String.format("%" + width + "d  ", t + 1);
            String blank = " ".repeat(number.length());
            for (int i = 0; i < tiers.get(t).size(); i++) {
                lines.add((i == 0 ? number : blank) + tiers.get(t).get(i));
            }
        }
        return lines;
    }
}
