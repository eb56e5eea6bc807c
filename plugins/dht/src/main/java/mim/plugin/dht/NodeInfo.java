package mim.plugin.dht;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A DHT node as others describe it to us: its id and its resolved UDP address. Immutable.
 *
 * @param id the node's id
 * @param address an IP and a port, never unresolved
 */
record NodeInfo(NodeId id, InetSocketAddress address) {

    NodeInfo {
        Objects.requireNonNull(id);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("a node's address must be resolved: " + address);
        }
    }
}
