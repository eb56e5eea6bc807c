package org.example.mim.peersfile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.PeerSource;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import org.pf4j.Extension;

/**
 * Peers listed in a text file, offered to every torrent when it starts: useful on a LAN, in tests,
 * or to point mim at a seed you know.
 *
 * <p>The file is named by the system property {@value #PROPERTY} (for example
 * {@code MIM_JAVA_OPTS=-Dmim.peersFile=$HOME/peers.txt mim download ...}). One peer a line, as
 * {@code host:port} or {@code [ipv6]:port}; blank lines and everything after a {@code #} are ignored.
 * The file is read again each time a torrent starts, so it can be edited between runs.
 *
 * <p>Not a tracker ({@link #isTracker()} stays false): mim never asks it about a private torrent.
 * Thread safety: holds no state; each lookup is used by one torrent.
 */
@Extension
public class FilePeerSource implements PeerSource {
    public static final String PROPERTY = "mim.peersFile";

    private final Supplier<Path> file;

    public FilePeerSource() {
        this(() -> {
            String name = System.getProperty(PROPERTY);
            return name == null || name.isBlank() ? null : Path.of(name);
        });
    }

    /** For tests: the file to read, or null when none is configured. */
    FilePeerSource(Supplier<Path> file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "peers-file";
    }

    @Override
    public PeerLookup start(TorrentIdentity torrent, PeerSink sink) {
        return new PeerLookup() {
            private volatile boolean closed;

            @Override
            public void event(TorrentEvent event, TransferStats stats) {
                // A small local file is read at once; a source that talks to the network would hand
                // this to its own thread instead, as the contract asks.
                if (event == TorrentEvent.STARTED && !closed) {
                    deliver(sink);
                }
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private void deliver(PeerSink sink) {
        Path path = file.get();
        if (path == null) {
            sink.status(name(), "no peers file: set -D" + PROPERTY + "=<file>");
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            sink.status(name(), path + ": missing");
            return;
        } catch (IOException e) {
            sink.status(name(), path + ": " + e.getMessage());
            return;
        }
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash < 0 ? line : line.substring(0, hash)).trim();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                peers.add(PeerLine.parse(entry));
            } catch (IllegalArgumentException e) {
                sink.status(name(), path + ", line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!peers.isEmpty()) {
            sink.peers(name(), peers);
        }
    }
}
