package mim.core.session;

import java.util.List;

/**
 * How far a {@link MetadataFetch} got, for progress lines: its state, the peers connected (those
 * without metadata that the fetch keeps for its wire extensions too), the metadata pieces received
 * of those being fetched (0 of 0 until a peer announced a size), and the latest words of the peer
 * sources and wire extensions. Immutable.
 */
public record FetchStatus(MetadataFetch.State state, int peers, int piecesHave, int piecesTotal, List<String> sources) {
    public FetchStatus {
        sources = List.copyOf(sources);
    }

    /** One line: "fetching metadata: 3 peers, 1/2 pieces". */
    public String describe() {
        return switch (state) {
            case FETCHING -> "fetching metadata: " + peers + (peers == 1 ? " peer" : " peers")
                    + (piecesTotal == 0 ? "" : ", " + piecesHave + "/" + piecesTotal + " pieces");
            case SAVING, DONE -> "metadata complete";
            case STOPPED -> "metadata fetch stopped";
            case FAILED -> "metadata fetch failed";
        };
    }
}
