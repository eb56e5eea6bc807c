package mim.core.session;

/**
 * A torrent's byte counters, as trackers and user interfaces report them.
 *
 * <p>{@code downloaded} counts every payload byte received, {@code wasted} the part of it that was
 * dropped (duplicates, unrequested blocks), {@code corrupt} the bytes of pieces that failed their
 * hash, {@code uploaded} the payload bytes sent, and {@code left} the bytes of wanted pieces not yet
 * verified. The picker keeps all but {@code uploaded} right; the engine adds what it uploads.
 *
 * <p>Not thread safe: owned by the torrent's event loop; other threads read a {@link #snapshot()}
 * posted to them: the immutable {@link mim.core.spi.TransferStats} trackers take.
 */
public final class TransferStats {
    private long uploaded;
    private long downloaded;
    private long wasted;
    private long corrupt;
    private long left;

    public long uploaded() {
        return uploaded;
    }

    public long downloaded() {
        return downloaded;
    }

    public long wasted() {
        return wasted;
    }

    public long corrupt() {
        return corrupt;
    }

    public long left() {
        return left;
    }

    public void addUploaded(long bytes) {
        uploaded += nonNegative(bytes);
    }

    void addDownloaded(long bytes) {
        downloaded += nonNegative(bytes);
    }

    void addWasted(long bytes) {
        wasted += nonNegative(bytes);
    }

    void addCorrupt(long bytes) {
        corrupt += nonNegative(bytes);
    }

    void setLeft(long bytes) {
        left = nonNegative(bytes);
    }

    /** The totals trackers report, as an immutable value safe to hand to another thread. */
    public mim.core.spi.TransferStats snapshot() {
        return new mim.core.spi.TransferStats(uploaded, downloaded, left);
    }

    private static long nonNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count " + bytes);
        }
        return bytes;
    }
}
