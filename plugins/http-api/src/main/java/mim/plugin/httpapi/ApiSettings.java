package mim.plugin.httpapi;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import mim.core.MimException;
import mim.core.spi.InterfaceContext;

/**
 * How the API server runs: where it listens, who may use it, and the limits every connection lives
 * under. Immutable.
 *
 * <p>From the interface's settings ({@link #from}): {@code listen} ({@code HOST:PORT}, default
 * {@value #DEFAULT_LISTEN}), {@code auth} ({@code USER:PASSWORD} for HTTP Basic authentication) and
 * {@code insecure} ({@code true} to serve an address other than loopback without authentication,
 * which is otherwise refused: anyone who can reach the port could add torrents and delete files).
 *
 * @param listen the address to bind
 * @param credentials the {@code user:password} Basic authentication expects, or null for none
 * @param maxHeaderBytes the largest request line and headers accepted
 * @param maxBodyBytes the largest request body accepted
 * @param idleTimeout a connection that sends and receives nothing this long is closed
 * @param maxConnections connections open at once; more are answered 503 and closed
 */
record ApiSettings(InetSocketAddress listen, String credentials, int maxHeaderBytes, int maxBodyBytes,
                   Duration idleTimeout, int maxConnections) {

    static final String DEFAULT_LISTEN = "127.0.0.1:3030";
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_CONNECTIONS = 64;

    /**
     * @throws MimException.BadInput for a listen address that is not {@code HOST:PORT}, credentials
     *     without a colon, or an address other than loopback without credentials nor {@code insecure}
     */
    static ApiSettings from(InterfaceContext context) throws MimException.BadInput {
        String text = context.setting("listen").orElse(DEFAULT_LISTEN);
        InetSocketAddress listen = parseListen(text);
        String credentials = context.setting("auth").orElse(null);
        if (credentials != null && (credentials.indexOf(':') <= 0)) {
            throw new MimException.BadInput("--http-api-auth: expected USER:PASSWORD");
        }
        boolean insecure = Boolean.parseBoolean(context.setting("insecure").orElse("false"));
        if (!listen.getAddress().isLoopbackAddress() && credentials == null && !insecure) {
            throw new MimException.BadInput("--http-api-listen-addr " + text + " is not a loopback address: give "
                    + "--http-api-auth USER:PASSWORD, or --http-api-insecure to let anyone who reaches it control mim");
        }
        return new ApiSettings(listen, credentials, MAX_HEADER_BYTES, MAX_BODY_BYTES, IDLE_TIMEOUT, MAX_CONNECTIONS);
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT}; a name is looked up once, here. */
    static InetSocketAddress parseListen(String text) throws MimException.BadInput {
        int colon = text.lastIndexOf(':');
        String host = colon <= 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = "";
        }
        int port = -1;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new MimException.BadInput("--http-api-listen-addr '" + text + "': expected HOST:PORT ([IPv6]:PORT)");
        }
        try {
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
            InetAddress address = literal != null ? InetAddress.getByAddress(literal) : InetAddress.getByName(host);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new MimException.BadInput("--http-api-listen-addr '" + text + "': unknown host " + host);
        }
    }

    /** The credentials requests are checked against. */
    BasicAuth auth() {
        return new BasicAuth(credentials);
    }

    /** These settings with other limits; for tests. */
    ApiSettings withLimits(int headerBytes, int bodyBytes, Duration idle, int connections) {
        return new ApiSettings(listen, credentials, headerBytes, bodyBytes, idle, connections);
    }

    @Override
    public String toString() {
        // The credentials never reach a log line.
        return "ApiSettings[listen=" + listen + ", auth=" + (credentials != null) + "]";
    }
}
