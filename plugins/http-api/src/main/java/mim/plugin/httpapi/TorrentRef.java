package mim.plugin.httpapi;

import java.util.OptionalInt;
import mim.core.spi.SessionControl;

/**
 * The {@code {id}} of a route: a torrent's id in the session ({@code 3}) or its v1 info-hash (40 hex
 * digits, any case). Stateless.
 */
final class TorrentRef {
    private static final int MAX_ID_DIGITS = 9;

    private TorrentRef() {}

    /**
     * The session's id of the torrent {@code text} names.
     *
     * @throws ApiError 400 for text that is neither an id nor an info-hash; 404 for an info-hash the
     *     session does not have (an id it does not have is the session's to refuse)
     */
    static int resolve(String text, SessionControl session) throws ApiError {
        if (!text.isEmpty() && text.length() <= MAX_ID_DIGITS && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Integer.parseInt(text);
        }
        if (text.length() == 40 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            OptionalInt id = session.idOf(text);
            if (id.isEmpty()) {
                throw ApiError.notFound("torrent_not_found", "no torrent with info-hash " + text);
            }
            return id.getAsInt();
        }
        throw ApiError.badRequest("'" + text + "' is neither a torrent id nor a 40-digit hex info-hash");
    }
}
