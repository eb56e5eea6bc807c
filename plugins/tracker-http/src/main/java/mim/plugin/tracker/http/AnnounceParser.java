package mim.plugin.tracker.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mim.core.MimException;
import mim.core.bencode.BDict;
import mim.core.bencode.BInt;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.bencode.BencodeException;
import mim.core.bencode.BencodeReader;
import mim.core.spi.AnnounceResponse;

/**
 * Reads the body of an HTTP tracker's answer (BEP 3, 7, 23) into an {@link AnnounceResponse}. The
 * body must be exactly one bencoded dictionary. Intervals are clamped to
 * [{@value #MIN_INTERVAL_SECONDS} s, {@value #MAX_INTERVAL_SECONDS} s] so that a tracker saying 0
 * cannot make us announce in a loop, nor a huge value make us never announce again.
 *
 * <p>Stateless. Every failure is a {@link MimException.Network} whose message names the tracker.
 */
final class AnnounceParser {
    static final long MIN_INTERVAL_SECONDS = 60;
    static final long MAX_INTERVAL_SECONDS = 24 * 3600;
    private static final int MAX_MESSAGE = 200;

    private AnnounceParser() {}

    /**
     * @param tracker how to name the tracker in messages
     * @throws MimException.Network for a {@code failure reason} (its text is in the message), a body
     *     that is not bencoding or not a dictionary, a missing {@code interval}, or malformed peers
     */
    static AnnounceResponse parse(byte[] body, String tracker) throws MimException.Network {
        BDict answer = dictionary(body, tracker);
        BString failure = answer.string("failure reason");
        if (failure != null) {
            throw new MimException.Network("tracker " + tracker + " refused the announce: " + oneLine(failure.text()));
        }
        if (!(answer.get("interval") instanceof BInt interval)) {
            throw new MimException.Network("tracker " + tracker + " answered without an interval");
        }
        Duration minInterval = answer.get("min interval") instanceof BInt min
                ? Duration.ofSeconds(Math.max(0, Math.min(min.value(), MAX_INTERVAL_SECONDS))) : null;
        List<InetSocketAddress> peers = new ArrayList<>();
        try {
            BValue v4 = answer.get("peers");
            if (v4 instanceof BString packed) {
                PeerLists.compact("peers", packed, 4, peers);
            } else if (v4 instanceof BList list) {
                PeerLists.dictionaries(list, peers);
            } else if (v4 != null) {
                throw new IllegalArgumentException("'peers' is neither a string nor a list");
            }
            BValue v6 = answer.get("peers6");
            if (v6 instanceof BString packed) {
                PeerLists.compact("peers6", packed, 16, peers);
            } else if (v6 != null) {
                throw new IllegalArgumentException("'peers6' is not a string");
            }
        } catch (IllegalArgumentException e) {
            throw new MimException.Network("tracker " + tracker + " sent malformed peers: " + e.getMessage());
        }
        return new AnnounceResponse(
                Duration.ofSeconds(Math.max(MIN_INTERVAL_SECONDS, Math.min(interval.value(), MAX_INTERVAL_SECONDS))),
                minInterval, text(answer, "tracker id"), warning(answer), peers,
                count(answer, "complete"), count(answer, "incomplete"));
    }

    /** The {@code failure reason} of a body, if it is a bencoded dictionary with one; else null. */
    static String failureReason(byte[] body) {
        try {
            return BencodeReader.decode(body) instanceof BDict d && d.get("failure reason") instanceof BString s
                    ? oneLine(s.text()) : null;
        } catch (BencodeException e) {
            return null;
        }
    }

    private static BDict dictionary(byte[] body, String tracker) throws MimException.Network {
        BValue root;
        try {
            root = BencodeReader.decode(body);
        } catch (BencodeException e) {
            throw new MimException.Network("tracker " + tracker + " sent an unreadable answer: " + e.getMessage(), e);
        }
        if (!(root instanceof BDict d)) {
            throw new MimException.Network("tracker " + tracker + " sent an answer that is not a dictionary");
        }
        return d;
    }

    private static String text(BDict answer, String key) {
        BString s = answer.string(key);
        return s == null ? null : s.text();
    }

    private static String warning(BDict answer) {
        String text = text(answer, "warning message");
        return text == null ? null : oneLine(text);
    }

    /**
     * A tracker's text, which we show, as one short line: no control characters (C1 ones included,
     * which a terminal may read as escapes), at most {@value #MAX_MESSAGE} characters. The UDP
     * client shows a tracker's text the same way.
     */
    private static String oneLine(String text) {
        String line = text.replaceAll("\\p{Cc}+", " ").strip();
        if (line.isEmpty()) {
            return "no reason given";
        }
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line;
    }

    private static int count(BDict answer, String key) {
        long n = answer.integer(key, -1);
        return n < 0 ? -1 : (int) Math.min(n, Integer.MAX_VALUE);
    }
}
