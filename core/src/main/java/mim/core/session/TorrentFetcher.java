package mim.core.session;

import mim.core.MimException;
import mim.core.spi.AddRequest;

/**
 * Fetches the torrent an http(s) URL names, for {@link mim.core.spi.SessionControl#add}: the
 * application gives the session one (the engine itself speaks no HTTP). Blocking; called on the
 * session's control threads, never on an event loop. Must be safe for concurrent use.
 */
@FunctionalInterface
public interface TorrentFetcher {

    /** A session that fetches nothing: every URL is refused. */
    TorrentFetcher NONE = url -> {
        throw new MimException.BadInput(url + ": this session does not fetch URLs");
    };

    /**
     * @return the .torrent file's bytes, or the magnet link the URL redirected to
     * @throws MimException naming the URL and what went wrong
     */
    AddRequest.Source fetch(String url) throws MimException;
}
