package mim.plugin.tracker.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.TorrentEvent;

/**
 * Builds the URL of a BEP 3 announce: the tracker's URL, keeping any query it already has, with our
 * parameters appended. Binary values (info-hash, peer id) are percent-encoded byte by byte, since
 * trackers compare the decoded bytes and many decode nothing but {@code %XX} and unreserved
 * characters. Stateless.
 */
final class AnnounceQuery {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AnnounceQuery() {}

    /** The full announce URL for {@code request}; the tracker URL's fragment, if any, is dropped. */
    static String url(URI tracker, AnnounceRequest request) {
        StringBuilder url = new StringBuilder(256);
        url.append(tracker.getScheme()).append("://").append(tracker.getRawAuthority());
        if (tracker.getRawPath() != null) {
            url.append(tracker.getRawPath());
        }
        String existing = tracker.getRawQuery();
        url.append('?');
        if (existing != null && !existing.isEmpty()) {
            url.append(existing).append('&');
        }
        url.append("info_hash=");
        percentEncode(request.infoHash(), url);
        url.append("&peer_id=");
        percentEncode(request.peerId(), url);
        url.append("&port=").append(request.port())
                .append("&uploaded=").append(request.stats().uploaded())
                .append("&downloaded=").append(request.stats().downloaded())
                .append("&left=").append(request.stats().left())
                .append("&compact=1")
                .append("&numwant=").append(request.numWant())
                .append("&key=").append(String.format("%08x", request.key()));
        if (request.event() != null) {
            url.append("&event=").append(eventName(request.event()));
        }
        if (request.trackerId() != null) {
            url.append("&trackerid=");
            percentEncode(request.trackerId().getBytes(StandardCharsets.UTF_8), url);
        }
        return url.toString();
    }

    static String eventName(TorrentEvent event) {
        return switch (event) {
            case STARTED -> "started";
            case COMPLETED -> "completed";
            case STOPPED -> "stopped";
        };
    }

    /** Appends {@code bytes} with every byte outside RFC 3986's unreserved set as {@code %XX}. */
    static void percentEncode(byte[] bytes, StringBuilder out) {
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}
