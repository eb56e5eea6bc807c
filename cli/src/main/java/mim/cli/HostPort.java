package mim.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import mim.core.MimException;

/**
 * {@code HOST:PORT} as the command line takes it: a name or IPv4 address, or an IPv6 address in
 * brackets ({@code [::1]:4240}), and a port 0 to 65535. Stateless.
 */
final class HostPort {
    private HostPort() {}

    /**
     * @param what the option, for the message ({@code --listen-addr})
     * @throws MimException.BadInput if the text is not HOST:PORT or the host cannot be resolved
     */
    static InetSocketAddress parse(String text, String what) throws MimException.BadInput {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new MimException.BadInput(what + " '" + text + "': expected HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new MimException.BadInput(what + " '" + text + "': put an IPv6 address in brackets, [::1]:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new MimException.BadInput(what + " '" + text + "': the port must be a number from 0 to 65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new MimException.BadInput(what + " '" + text + "': unknown host " + host);
        }
    }
}
