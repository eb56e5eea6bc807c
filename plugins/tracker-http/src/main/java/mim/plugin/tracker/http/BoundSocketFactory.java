package mim.plugin.tracker.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Optional;
import javax.net.SocketFactory;
import mim.core.spi.AnnounceRequest;

/**
 * Makes TCP sockets bound to one local address (any port) before they connect, so that a tracker
 * sees an announce come from the address we accept peers on. OkHttp asks for unconnected sockets
 * ({@link #createSocket()}) and connects them itself; the other methods serve anyone else alike.
 *
 * <p>Immutable and safe for concurrent use. OkHttp pools connections per socket factory, so one
 * instance per local address keeps connections from different addresses apart.
 */
final class BoundSocketFactory extends SocketFactory {
    private final InetAddress local;

    BoundSocketFactory(InetAddress local) {
        this.local = local;
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new BoundSocket();
        try {
            s.bind(new InetSocketAddress(local, 0));
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot bind to " + local.getHostAddress() + ": " + e.getMessage(), e);
        }
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    /** The local address asked for is ignored: this factory's is the point of it. */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    /** Says in words, before trying, that an address of the other family cannot be reached from ours. */
    private final class BoundSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress remote) {
                Optional<String> why = AnnounceRequest.unreachable(local, remote.getAddress());
                if (why.isPresent()) {
                    throw new SocketException(why.get());
                }
            }
            super.connect(endpoint, timeout);
        }
    }

    private Socket connected(InetSocketAddress remote) throws IOException {
        Socket s = createSocket();
        try {
            s.connect(remote);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }
}
