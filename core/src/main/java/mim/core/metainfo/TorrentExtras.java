package mim.core.metainfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mim.core.bencode.BDict;
import mim.core.bencode.BInt;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;

/**
 * The parts of a torrent file outside {@code info} that say where to find peers and data: trackers
 * (BEP 12), web seeds (BEP 19) and DHT nodes (BEP 5). Malformed entries are skipped, never fatal,
 * as other clients skip them. Stateless.
 */
final class TorrentExtras {
    private TorrentExtras() {}

    /**
     * Tracker tiers from {@code announce-list}, or the single {@code announce} when that list gives
     * none. URLs are trimmed; only http, https and udp URLs without spaces or control characters are
     * kept; a URL seen before, in any tier, is dropped; empty tiers are dropped.
     */
    static List<List<String>> trackers(BDict torrent) {
        List<List<String>> tiers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        BList list = torrent.list("announce-list");
        if (list != null) {
            for (BValue t : list.items()) {
                if (!(t instanceof BList tier)) {
                    continue;
                }
                List<String> urls = new ArrayList<>();
                for (BValue u : tier.items()) {
                    if (u instanceof BString s) {
                        String url = s.text().strip();
                        if (validTrackerUrl(url) && seen.add(url)) {
                            urls.add(url);
                        }
                    }
                }
                if (!urls.isEmpty()) {
                    tiers.add(List.copyOf(urls));
                }
            }
        }
        if (tiers.isEmpty()) {
            BString announce = torrent.string("announce");
            if (announce != null && validTrackerUrl(announce.text().strip())) {
                tiers.add(List.of(announce.text().strip()));
            }
        }
        return List.copyOf(tiers);
    }

    static boolean validTrackerUrl(String url) {
        if (url.isEmpty()) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return false;
            }
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("udp://"))) {
            return false;
        }
        return lower.indexOf("://") + 3 < lower.length();
    }

    /**
     * Web seeds from {@code url-list}, a string or a list of strings. Empty entries and repeats are
     * dropped; characters a URL path may not hold (spaces, for one) are percent-encoded; with more
     * than one file a URL names a folder, so it gets a trailing '/'.
     */
    static List<String> webSeeds(BDict torrent, int fileCount) {
        BValue v = torrent.get("url-list");
        List<String> raw = new ArrayList<>();
        if (v instanceof BString s) {
            raw.add(s.text());
        } else if (v instanceof BList l) {
            for (BValue u : l.items()) {
                if (u instanceof BString s) {
                    raw.add(s.text());
                }
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String url : raw) {
            if (url.isEmpty() || !seen.add(url)) {
                continue;
            }
            String encoded = encodePath(url);
            if (fileCount > 1 && !encoded.endsWith("/")) {
                encoded += "/";
            }
            out.add(encoded);
        }
        return List.copyOf(out);
    }

    /** Percent-encodes the path (and query) of {@code scheme://host/path} if it holds characters that need it. */
    static String encodePath(String url) {
        int scheme = url.indexOf("://");
        if (scheme <= 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        if (slash < 0) {
            return url;
        }
        String path = url.substring(slash);
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean needed = false;
        for (byte b : bytes) {
            needed |= !(unreserved(b) || "%+;?:@=&,$".indexOf(b) >= 0);
        }
        if (!needed) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.substring(0, slash));
        for (byte b : bytes) {
            if (unreserved(b)) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return out.toString();
    }

    private static boolean unreserved(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || "/-_!.~*()".indexOf(b) >= 0;
    }

    /** DHT bootstrap nodes from {@code nodes}: [host, port] pairs; malformed pairs are skipped. */
    static List<Metainfo.DhtNode> nodes(BDict torrent) {
        BList list = torrent.list("nodes");
        List<Metainfo.DhtNode> out = new ArrayList<>();
        if (list != null) {
            for (BValue n : list.items()) {
                if (n instanceof BList pair && pair.size() >= 2 && pair.get(0) instanceof BString host
                        && pair.get(1) instanceof BInt port && port.value() > 0 && port.value() < 65536
                        && host.length() > 0) {
                    out.add(new Metainfo.DhtNode(host.text(), (int) port.value()));
                }
            }
        }
        return List.copyOf(out);
    }
}
