package mim.plugin.tracker.udp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import mim.core.MimException;

/**
 * A {@code udp://host:port[/path][?query]} tracker URL taken apart: where to send, and the BEP 41
 * URL data (the path and query as they appear in the URL) to append to announces. Immutable.
 */
record TrackerUrl(String url, String host, int port, byte[] urlData) {
    /** Room for the URL data, well inside one datagram on any path. */
    static final int MAX_URL_DATA = 1024;

    /**
     * Reads a tracker URL.
     *
     * @throws MimException.Network if it is not a usable {@code udp://} URL (no host, no port); the
     *     tracker cannot be reached through it, which is how {@link mim.core.spi.TrackerClient}
     *     reports it
     */
    static TrackerUrl parse(URI uri) throws MimException.Network {
        String text = uri.toString();
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("udp")) {
            throw new MimException.Network("not a udp tracker URL: " + text);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new MimException.Network("udp tracker URL has no host: " + text);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort();
        if (port < 1 || port > 65535) {
            throw new MimException.Network("udp tracker URL has no port: " + text);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String data = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        byte[] urlData = data.getBytes(StandardCharsets.UTF_8);
        if (urlData.length > MAX_URL_DATA) {
            throw new MimException.Network("udp tracker URL path longer than " + MAX_URL_DATA + " bytes: " + text);
        }
        return new TrackerUrl(text, host, port, urlData);
    }

    @Override
    public byte[] urlData() {
        return urlData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackerUrl t && url.equals(t.url);
    }

    @Override
    public int hashCode() {
        return url.hashCode();
    }

    @Override
    public String toString() {
        return url;
    }
}
