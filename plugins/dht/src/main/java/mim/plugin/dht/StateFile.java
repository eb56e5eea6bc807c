package mim.plugin.dht;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import mim.core.MimException;
import mim.core.Reason;

/**
 * The node's state between runs, {@code dht.json}: our id and the good nodes of the table.
 *
 * <pre>{"id": "<40 hex>", "nodes": [{"id": "<40 hex>", "ip": "192.0.2.7", "port": 6881}]}</pre>
 *
 * <p>Written atomically: a temporary file in the same folder, forced to disk, then renamed over the
 * old one, so a crash leaves the old state or the new, never half of one. Stateless; blocking file
 * I/O, so never called on an event loop.
 */
final class StateFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A table holds at most 1,280 nodes; a file claiming far more is not ours. */
    private static final int MAX_NODES = 2000;

    /** @param id our node id; {@code nodes} the nodes to start from */
    record State(NodeId id, List<NodeInfo> nodes) {
        State {
            nodes = List.copyOf(nodes);
        }
    }

    private StateFile() {}

    /**
     * Reads the state, or returns null when there is no file.
     *
     * @throws MimException.Storage if the file cannot be read or is not a state file
     */
    static State load(Path file) throws MimException.Storage {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            NodeId id = NodeId.ofHex(root.path("id").asText());
            List<NodeInfo> nodes = new ArrayList<>();
            for (JsonNode n : root.path("nodes")) {
                if (nodes.size() == MAX_NODES) {
                    break;
                }
                int port = n.path("port").asInt(0);
                // A literal only: a state file must never make us look a name up.
                byte[] ip = NetUtil.createByteArrayFromIpAddressString(n.path("ip").asText());
                if (ip == null || port < 1 || port > 65535) {
                    throw new IllegalArgumentException("bad node " + n);
                }
                nodes.add(new NodeInfo(NodeId.ofHex(n.path("id").asText()),
                        new InetSocketAddress(InetAddress.getByAddress(ip), port)));
            }
            return new State(id, nodes);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            throw new MimException.Storage("cannot read the DHT state " + file + ": " + Reason.of(e), e);
        }
    }

    /** @throws MimException.Storage if the file cannot be written */
    static void save(Path file, State state) throws MimException.Storage {
        ObjectNode root = JSON.createObjectNode().put("id", state.id().hex());
        ArrayNode nodes = root.putArray("nodes");
        for (NodeInfo n : state.nodes()) {
            nodes.addObject().put("id", n.id().hex()).put("ip", n.address().getAddress().getHostAddress())
                    .put("port", n.address().getPort());
        }
        Path temp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "dht", ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MimException.Storage("cannot write the DHT state " + file + ": " + Reason.of(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the rename happened, or the failure above says what went wrong
                }
            }
        }
    }
}
