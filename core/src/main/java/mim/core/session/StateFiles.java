package mim.core.session;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.metainfo.InfoHash;

/**
 * The files the engine keeps beside a download, in its output folder's {@code .mim} folder: the
 * resume state ({@link ResumeFile}) and a magnet link's fetched metadata
 * ({@link MetadataFetch#savedTorrentPath}). Stateless; blocking I/O.
 */
final class StateFiles {
    private StateFiles() {}

    /** Deletes a torrent's state files, then the {@code .mim} folder if nothing else is left in it. */
    static void delete(Path folder, InfoHash infoHash) throws MimException.Storage {
        Path resume = ResumeFile.pathFor(folder, infoHash.hex());
        try {
            Files.deleteIfExists(resume);
            Files.deleteIfExists(MetadataFetch.savedTorrentPath(folder, infoHash));
            Files.deleteIfExists(resume.getParent());
        } catch (DirectoryNotEmptyException e) {
            // Other torrents' state is still there.
        } catch (IOException e) {
            throw new MimException.Storage("cannot delete the state of " + infoHash.hex() + " in " + resume.getParent()
                    + ": " + Reason.of(e), e);
        }
    }
}
