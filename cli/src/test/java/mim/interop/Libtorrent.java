package mim.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * libtorrent-rasterbar through Debian's python3-libtorrent, driven by the harness's own peer
 * script ({@code lt_peer.py} in the test resources): TCP only, several connections per IP
 * allowed, quick reconnects, every encryption mode; its DHT only when {@link #dht} names a router. It is the reference peer: fast and exact.
 */
public final class Libtorrent extends ClientBase {
    /** Debian's interpreter, the one python3-libtorrent is installed for. */
    static final String PYTHON = "/usr/bin/python3";

    private final List<String> peers = new ArrayList<>();
    private final List<String> dhtNodes = new ArrayList<>();
    private int uploadLimit;
    private int downloadLimit;
    private boolean noPex;
    private boolean noUtMetadata;

    Libtorrent(Swarm swarm) {
        super(swarm, "libtorrent");
    }

    /** Dials {@code peer} once started, besides the peers its trackers give. */
    public Libtorrent connectTo(Peer peer) {
        peers.add(peer.hostPort());
        return this;
    }

    /** Turns its DHT on, bootstrapping from {@code router} only; it announces its torrent there. */
    public Libtorrent dht(DhtRouter router) {
        dhtNodes.add(router.hostPort());
        return this;
    }

    /** Uploads at most {@code bytesPerSecond} in all, so that a leecher can be caught half way. */
    public Libtorrent uploadLimit(int bytesPerSecond) {
        uploadLimit = bytesPerSecond;
        return this;
    }

    /** Downloads at most {@code bytesPerSecond} in all, so that a leecher stays one for a while. */
    public Libtorrent downloadLimit(int bytesPerSecond) {
        downloadLimit = bytesPerSecond;
        return this;
    }

    /** Neither sends nor heeds peer exchange for its torrent (libtorrent's {@code disable_pex}). */
    public Libtorrent noPex() {
        noPex = true;
        return this;
    }

    /**
     * Speaks no ut_metadata (BEP 9): its session runs peer exchange and no other plugin, so a magnet
     * link it leeches never gets its metadata, while it connects to peers and names them over ut_pex.
     */
    public Libtorrent noUtMetadata() {
        noUtMetadata = true;
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
        if (downloadLimit > 0) {
            command.add("--download-limit");
            command.add(Integer.toString(downloadLimit));
        }
        if (noPex) {
            command.add("--no-pex");
        }
        if (noUtMetadata) {
            command.add("--no-ut-metadata");
        }
        for (String peer : peers) {
            command.add("--peer");
            command.add(peer);
        }
        for (String node : dhtNodes) {
            command.add("--dht-node");
            command.add(node);
        }
        ManagedProcess process = swarm.start("libtorrent", command, state, List.of());
        return new Launch(process, () -> process.logContains("\nSEEDING"), () -> process.logContains("\nDONE "));
    }
}
