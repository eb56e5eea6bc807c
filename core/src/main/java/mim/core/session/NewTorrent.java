package mim.core.session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import mim.core.MimException;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.InvalidTorrentException;
import mim.core.metainfo.Metainfo;
import mim.core.spi.AddRequest;
import mim.core.spi.Limits;

/**
 * An {@link AddRequest} checked and read: the torrent (or its magnet link), its folder inside the
 * session's output folder, and its choice of files. Every refusal is a {@link MimException.BadInput}
 * saying what is wrong, made before anything is added. Immutable.
 *
 * @param metainfo the torrent, or null for a magnet link
 * @param torrentFile the .torrent file, or null for a magnet link
 * @param link the magnet link, or null for a .torrent file
 * @param selection the files chosen (null: all); for a magnet link, indexes still to check
 * @param regex for a magnet link, the rule still to apply once its metadata is known
 * @param labels the request's labels, checked and sorted
 */
record NewTorrent(AddRequest request, Metainfo metainfo, byte[] torrentFile, MagnetLink link, Path folder,
                  Set<Integer> selection, Pattern regex, List<String> labels) {

    /**
     * Reads {@code request}; an http(s) URL is fetched through {@code fetcher} (blocking).
     *
     * @param root the session's output folder, which every torrent's folder must lie inside
     */
    static NewTorrent read(AddRequest request, Path root, TorrentFetcher fetcher) throws MimException {
        Path folder = OutputFolders.resolve(root, request.outputFolder(), request.subFolder());
        Pattern regex = FileSelection.pattern("only_files_regex", request.onlyFilesRegex());
        List<String> labels = Labels.checked(request.labels());
        if (request.onlyFiles() != null && request.onlyFiles().isEmpty()) {
            throw new MimException.BadInput("only_files names no file");
        }
        AddRequest.Source source = request.source();
        if (source instanceof AddRequest.Link l && isUrl(l.text())) {
            source = fetcher.fetch(l.text().strip());
        }
        if (source instanceof AddRequest.Link l) {
            MagnetLink link = magnet(l.text().strip());
            return new NewTorrent(request, null, null, link, folder, request.onlyFiles(), regex, labels);
        }
        byte[] bytes = ((AddRequest.TorrentFile) source).bytes();
        Metainfo m = parse(bytes);
        if (request.onlyFiles() != null) {
            for (int i : request.onlyFiles()) {
                if (i < 0 || i >= m.files().size()) {
                    throw new MimException.BadInput("only_files: no file " + i + " (the torrent has " + m.files().size()
                            + " files, numbered from 0)");
                }
            }
        }
        Set<Integer> chosen = FileSelection.choose(m, request.onlyFiles(), regex, List.of());
        if (chosen != null && chosen.isEmpty()) {
            throw new MimException.BadInput("only_files and only_files_regex choose no file of the torrent");
        }
        return new NewTorrent(request, m, bytes, null, folder, chosen, null, labels);
    }

    String infoHashHex() {
        return infoHash().hex();
    }

    InfoHash infoHash() {
        return metainfo != null ? metainfo.infoHash() : link.infoHashV1().orElseThrow();
    }

    /** What the session keeps of it under {@code id}, added {@code now}. */
    TorrentRecord record(int id, Instant now, boolean paused) {
        return new TorrentRecord(id, infoHashHex(), torrentFile, link == null ? null : link.toString(), folder,
                selection, regex == null ? null : regex.pattern(), request.overwrite(), paused, now, null, 0, 0,
                Limits.NONE, labels);
    }

    private static boolean isUrl(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static MagnetLink magnet(String text) throws MimException.BadInput {
        if (!MagnetLink.looksLikeMagnet(text)) {
            throw new MimException.BadInput("not a magnet link, an http(s) URL or a .torrent file");
        }
        MagnetLink link = MagnetLink.parse(text);
        if (link.infoHashV1().isEmpty()) {
            throw new MimException.BadInput("a v2-only magnet link (btmh without btih), which mim cannot download yet");
        }
        return link;
    }

    private static Metainfo parse(byte[] bytes) throws MimException.BadInput {
        if (bytes.length == 0) {
            throw new MimException.BadInput("nothing to add: give a magnet link, an http(s) URL or a .torrent file");
        }
        if (bytes[0] != 'd') {
            throw new MimException.BadInput("not a magnet link, an http(s) URL or a .torrent file");
        }
        Metainfo m;
        try {
            m = Metainfo.parse(bytes);
        } catch (InvalidTorrentException e) {
            throw new MimException.BadInput("not a torrent file mim can read: " + e.getMessage(), e);
        }
        if (m.isV2Only()) {
            throw new MimException.BadInput(m.name() + ": a v2-only torrent, which mim cannot download yet");
        }
        return m;
    }
}
