package mim.core.magnet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import mim.core.MimException;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.Metainfo;

/**
 * A magnet link (BEP 9): the identity of a torrent and hints for finding it, without its metadata.
 *
 * <p>What it holds: a v1 info-hash ({@code xt=urn:btih:}), a v2 info-hash ({@code xt=urn:btmh:1220…},
 * a SHA-256 multihash), or both for a hybrid swarm; a display name ({@code dn}); trackers ({@code tr},
 * order kept); web seeds ({@code ws}); peers ({@code x.pe}); and the files to download ({@code so},
 * BEP 53), kept as sorted, merged index ranges. Other parameters ({@code xl}, {@code as}, {@code kt},
 * non-BitTorrent {@code xt}s...) are ignored when parsing, as libtorrent does, so they do not survive a
 * parse and format.
 *
 * <p>{@link #parse} reads what real clients write; {@link #toString} writes one canonical form (hashes
 * in lower-case hex, parameters in the order above), and {@code parse(m.toString()).equals(m)} for every
 * link. Immutable and safe to share between threads.
 */
public final class MagnetLink {
    private final InfoHash v1;
    private final InfoHash v2;
    private final String name;
    private final List<String> trackers;
    private final List<String> webSeeds;
    private final List<Peer> peers;
    private final List<IndexRange> selectedFiles;

    private MagnetLink(Builder b) {
        if (b.v1 == null && b.v2 == null) {
            throw new IllegalArgumentException("a magnet link needs an info-hash");
        }
        this.v1 = b.v1;
        this.v2 = b.v2;
        this.name = b.name;
        this.trackers = List.copyOf(b.trackers);
        this.webSeeds = List.copyOf(b.webSeeds);
        this.peers = List.copyOf(b.peers);
        this.selectedFiles = IndexRange.normalise(b.selectedFiles);
    }

    /**
     * Reads a magnet URI.
     *
     * @throws MimException.BadInput naming the problem and the link: not a magnet URI, no BitTorrent
     *     info-hash, a malformed hash or parameter
     */
    public static MagnetLink parse(String uri) throws MimException.BadInput {
        return MagnetParser.parse(uri);
    }

    /** Whether {@code s} looks meant as a magnet link (its scheme), whether or not it is a valid one. */
    public static boolean looksLikeMagnet(String s) {
        return s.regionMatches(true, 0, "magnet:", 0, 7);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The magnet link of a torrent: its info-hashes (both for a hybrid), its name, every tracker of
     * every tier in order, and its web seeds.
     */
    public static MagnetLink of(Metainfo torrent) {
        Builder b = builder().name(torrent.name());
        if (torrent.infoHashV1() != null) {
            b.infoHashV1(torrent.infoHashV1());
        }
        if (torrent.infoHashV2() != null) {
            b.infoHashV2(torrent.infoHashV2());
        }
        torrent.trackers().forEach(b::tracker);
        torrent.webSeeds().forEach(b::webSeed);
        return b.build();
    }

    /** The v1 (SHA-1) info-hash, if the link has one. */
    public Optional<InfoHash> infoHashV1() {
        return Optional.ofNullable(v1);
    }

    /** The v2 (SHA-256) info-hash, if the link has one. */
    public Optional<InfoHash> infoHashV2() {
        return Optional.ofNullable(v2);
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public List<String> trackers() {
        return trackers;
    }

    public List<String> webSeeds() {
        return webSeeds;
    }

    public List<Peer> peers() {
        return peers;
    }

    /** BEP 53's {@code so}: the file indices to download, sorted and merged; empty means all files. */
    public List<IndexRange> selectedFiles() {
        return selectedFiles;
    }

    @Override
    public String toString() {
        StringJoiner q = new StringJoiner("&", "magnet:?", "");
        if (v1 != null) {
            q.add("xt=urn:btih:" + v1.hex());
        }
        if (v2 != null) {
            q.add("xt=urn:btmh:1220" + v2.hex());
        }
        if (name != null) {
            q.add("dn=" + UriEscapes.encode(name));
        }
        trackers.forEach(t -> q.add("tr=" + UriEscapes.encode(t)));
        webSeeds.forEach(w -> q.add("ws=" + UriEscapes.encode(w)));
        peers.forEach(p -> q.add("x.pe=" + UriEscapes.encode(p.toString())));
        if (!selectedFiles.isEmpty()) {
            StringJoiner so = new StringJoiner(",");
            selectedFiles.forEach(r -> so.add(r.toString()));
            q.add("so=" + so);
        }
        return q.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MagnetLink m && Objects.equals(v1, m.v1) && Objects.equals(v2, m.v2)
                && Objects.equals(name, m.name) && trackers.equals(m.trackers) && webSeeds.equals(m.webSeeds)
                && peers.equals(m.peers) && selectedFiles.equals(m.selectedFiles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(v1, v2);
    }

    /**
     * A peer address from {@code x.pe}: a host name or IP literal (IPv6 without brackets) and a port.
     * {@link #toString} gives {@code host:port}, with brackets around an IPv6 literal.
     */
    public record Peer(String host, int port) {
        public Peer {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad peer address " + host + ":" + port);
            }
        }

        @Override
        public String toString() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /** An inclusive range of file indices, {@code first <= last}, both non-negative. */
    public record IndexRange(int first, int last) {
        public IndexRange {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad index range " + first + "-" + last);
            }
        }

        public boolean contains(int index) {
            return index >= first && index <= last;
        }

        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }

        /** Sorted, with overlapping and adjacent ranges merged: one form for one set of indices. */
        static List<IndexRange> normalise(List<IndexRange> ranges) {
            List<IndexRange> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparingInt(IndexRange::first));
            List<IndexRange> merged = new ArrayList<>(sorted.size());
            for (IndexRange r : sorted) {
                int lastIndex = merged.size() - 1;
                if (lastIndex >= 0 && (long) r.first() <= (long) merged.get(lastIndex).last() + 1) {
                    IndexRange prev = merged.get(lastIndex);
                    merged.set(lastIndex, new IndexRange(prev.first(), Math.max(prev.last(), r.last())));
                } else {
                    merged.add(r);
                }
            }
            return List.copyOf(merged);
        }
    }

    /** Assembles a link; not thread-safe. {@link #build} needs at least one info-hash. */
    public static final class Builder {
        private InfoHash v1;
        private InfoHash v2;
        private String name;
        private final List<String> trackers = new ArrayList<>();
        private final List<String> webSeeds = new ArrayList<>();
        private final List<Peer> peers = new ArrayList<>();
        private final List<IndexRange> selectedFiles = new ArrayList<>();

        private Builder() {}

        /** @throws IllegalArgumentException if {@code hash} is not a v1 hash */
        public Builder infoHashV1(InfoHash hash) {
            if (hash.version() != InfoHash.Version.V1) {
                throw new IllegalArgumentException("not a v1 info-hash: " + hash);
            }
            this.v1 = hash;
            return this;
        }

        /** @throws IllegalArgumentException if {@code hash} is not a v2 hash */
        public Builder infoHashV2(InfoHash hash) {
            if (hash.version() != InfoHash.Version.V2) {
                throw new IllegalArgumentException("not a v2 info-hash: " + hash);
            }
            this.v2 = hash;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder tracker(String url) {
            trackers.add(Objects.requireNonNull(url));
            return this;
        }

        public Builder webSeed(String url) {
            webSeeds.add(Objects.requireNonNull(url));
            return this;
        }

        public Builder peer(Peer peer) {
            peers.add(Objects.requireNonNull(peer));
            return this;
        }

        public Builder selectFiles(IndexRange range) {
            selectedFiles.add(Objects.requireNonNull(range));
            return this;
        }

        /** @throws IllegalArgumentException if no info-hash was given */
        public MagnetLink build() {
            return new MagnetLink(this);
        }
    }
}
