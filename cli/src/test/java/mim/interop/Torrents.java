package mim.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes v1 torrents with mktorrent and reads them with libtorrent. Stateless; the programs it runs
 * belong to the given swarm.
 */
final class Torrents {
    /** mktorrent's default, 256 KiB pieces. */
    static final int DEFAULT_PIECE_LOG2 = 18;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Torrents() {
    }

    /**
     * Makes {@code out} from {@code content} (a file or a folder). Each announce URL is its own
     * tier; none makes a trackerless torrent. No creation date, so the same input gives the same
     * file.
     */
    static void make(Swarm swarm, Path content, Path out, int pieceLengthLog2, boolean privateFlag,
                        List<String> announceUrls) {
        List<String> command = new ArrayList<>(List.of("mktorrent", "-d", "-l", Integer.toString(pieceLengthLog2),
                "-o", out.toString()));
        if (privateFlag) {
            command.add("-p");
        }
        for (String url : announceUrls) {
            command.add("-a");
            command.add(url);
        }
        command.add(content.toAbsolutePath().toString());
        swarm.run("mktorrent-" + out.getFileName(), command);
    }

    /** Reads a .torrent's identity with libtorrent. */
    static Torrent read(Swarm swarm, Path torrent) {
        String json = swarm.run("info-" + torrent.getFileName(),
                List.of(Libtorrent.PYTHON, swarm.peerScript().toString(), "info", torrent.toAbsolutePath().toString()));
        try {
            JsonNode n = JSON.readTree(json);
            List<String> trackers = new ArrayList<>();
            n.get("trackers").forEach(t -> trackers.add(t.asText()));
            return new Torrent(torrent.toAbsolutePath(), n.get("infoHash").asText(), n.get("name").asText(),
                    n.get("totalSize").asLong(), n.get("pieceLength").asInt(), trackers);
        } catch (IOException e) {
            throw new UncheckedIOException("libtorrent's description of " + torrent + ": " + json, e);
        }
    }
}
