package mim.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * libtorrent-rasterbar through Debian's python3-libtorrent, driven by the harness's own peer
 * script ({@code lt_peer.py} in the test resources): TCP only, several connections per IP
 * allowed, quick reconnects, every encryption mode. It is the reference peer: fast and exact.
 */
public final class Libtorrent extends ClientBase {
    /** Debian's interpreter, the one python3-libtorrent is installed for. */
    static final String PYTHON = "/usr/bin/python3";

    private final List<String> peers = new ArrayList<>();
    private int uploadLimit;
    private DhtRouter dht;

    Libtorrent(Swarm swarm) {
        super(swarm, "libtorrent");
    }

    /** Dials {@code peer} once started, besides the peers its trackers give. */
    public Libtorrent connectTo(Peer peer) {
        peers.add(peer.hostPort());
        return this;
    }

    /** Turns the DHT on, bootstrapped from {@code router} alone: it announces there and looks peers up. */
    public Libtorrent dhtNode(DhtRouter router) {
        dht = router;
        return this;
    }

    /** Uploads at most {@code bytesPerSecond} in all, so that a leecher can be caught half way. */
    public Libtorrent uploadLimit(int bytesPerSecond) {
        uploadLimit = bytesPerSecond;
        return this;
    }

    @Override
    Launch launch(Role role, String source, Path dir, Path state) {
        List<String> command = new ArrayList<>(List.of(PYTHON, swarm.peerScript().toString(),
                role.name().toLowerCase(Locale.ROOT), source,
                "--ip", ip(), "--port", Integer.toString(port()), "--save", dir.toString()));
        if (encryptionMode() != null) {
            command.add("--enc");
            command.add(encryptionMode().name().toLowerCase(Locale.ROOT));
        }
        if (uploadLimit > 0) {
            command.add("--upload-limit");
            command.add(Integer.toString(uploadLimit));
        }
        for (String peer : peers) {
            command.add("--peer");
            command.add(peer);
        }
        if (dht != null) {
            command.add("--dht-node");
            command.add(dht.hostPort());
        }
        ManagedProcess process = swarm.start("libtorrent", command, state, List.of());
        return new Launch(process, () -> process.logContains("\nSEEDING"), () -> process.logContains("\nDONE "));
    }
}
