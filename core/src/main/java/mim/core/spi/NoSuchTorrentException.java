package mim.core.spi;

import mim.core.MimException;

/** A {@link SessionControl} call named a torrent the session does not have. */
public final class NoSuchTorrentException extends MimException {
    private static final long serialVersionUID = 1L;

    public NoSuchTorrentException(int id) {
        super("no torrent with id " + id);
    }
}
