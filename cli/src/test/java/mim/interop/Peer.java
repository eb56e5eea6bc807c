package mim.interop;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A started BitTorrent program: where it listens and its process. The swarm stops it on close;
 * {@link #stop()} stops it earlier (to take a seeder away mid-download, say). Safe for use from
 * any thread.
 */
public class Peer {
    private final String client;
    private final InetSocketAddress address;
    private final ManagedProcess process;

    Peer(String client, InetSocketAddress address, ManagedProcess process) {
        this.client = client;
        this.address = address;
        this.process = process;
    }

    /** The program's short name, as {@link Client#name()}. */
    public String client() {
        return client;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** {@code ip:port}, as a peer list or a {@code --peer} option wants it. */
    public String hostPort() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    public ManagedProcess process() {
        return process;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the program now (SIGTERM, then SIGKILL after a grace period). */
    public void stop() {
        ManagedProcess.stopAll(List.of(process), ManagedProcess.GRACE);
    }

    /** The tail of its logs, for assertion messages. */
    public String logs() {
        return process.describe(40);
    }

    @Override
    public String toString() {
        return client + " at " + hostPort();
    }
}
