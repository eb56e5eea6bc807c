package mim.core.session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import mim.core.spi.Limits;

/**
 * What a session knows of one torrent under its control, enough to add it again as it was: to keep
 * a server's torrents across restarts ({@link ManagedTorrents#records}, {@link ManagedTorrents#restore}).
 * Immutable (the array is not shared).
 *
 * @param id the session's id for it
 * @param infoHash its v1 info-hash, lower-case hex
 * @param torrentFile its .torrent file, or null while a magnet link's metadata is unknown
 * @param magnetLink the link it was added by, or null for a .torrent file
 * @param folder its output folder
 * @param selection the files chosen, or null for all
 * @param selectionRegex a rule still to apply once a magnet link's metadata is known, or null
 * @param overwrite as {@link mim.core.spi.AddRequest#overwrite}
 * @param paused whether it was paused
 * @param addedAt when it was first added
 * @param completedAt when its chosen files were first complete, or null
 * @param downloadedBytes payload received over all its runs
 * @param uploadedBytes payload sent over all its runs
 * @param limits its own limits ({@link Limits#NONE} for none; null reads as none)
 * @param labels its labels, sorted
 */
public record TorrentRecord(int id, String infoHash, byte[] torrentFile, String magnetLink, Path folder,
                            Set<Integer> selection, String selectionRegex, boolean overwrite, boolean paused,
                            Instant addedAt, Instant completedAt, long downloadedBytes, long uploadedBytes,
                            Limits limits, List<String> labels) {

    public TorrentRecord {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(addedAt, "addedAt");
        if (torrentFile == null && magnetLink == null) {
            throw new IllegalArgumentException("a torrent record needs its .torrent file or its magnet link");
        }
        torrentFile = torrentFile == null ? null : torrentFile.clone();
        selection = selection == null ? null : Set.copyOf(selection);
        limits = limits == null ? Limits.NONE : limits;
        labels = List.copyOf(labels);
    }

    @Override
    public byte[] torrentFile() {
        return torrentFile == null ? null : torrentFile.clone();
    }
}
