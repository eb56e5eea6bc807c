package org.example.mim.peersfile;

import java.net.InetSocketAddress;

/** Reads one {@code host:port} or {@code [ipv6]:port} entry into a resolved address. */
final class PeerLine {
    private PeerLine() {}

    /** @throws IllegalArgumentException saying what is wrong with the entry */
    static InetSocketAddress parse(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("expected host:port, found '" + entry + "'");
        }
        String host = entry.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("write an IPv6 address in brackets: [" + host + "]:port");
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + entry.substring(colon + 1) + "' is not a port (1 to 65535)");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve '" + host + "'");
        }
        return address;
    }
}
