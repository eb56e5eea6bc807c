package mim.core.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.wire.BlockRef;

/**
 * What a {@link Torrent} does for the streams that read its files ({@link Torrent#read}): reads wait
 * for their piece, then read the disk; the windows ahead of the streams ({@link StreamReads}) go to the
 * picker, to be fetched first; a file a stream reads goes to disk, selected or not. The torrent tells
 * it of verified and failed pieces, of the end of its check and of its stop.
 *
 * <p>Not thread safe: owned by the torrent's loop; disk reads run on the session's storage pool.
 */
final class TorrentStreams {
    private final Torrent torrent;
    private final FileLayout layout;
    private final PiecePicker<Peer> picker;
    private final FileProgress fileProgress;
    private final Bitfield servable;
    private final StreamReads reads;
    /** Reads that came while the torrent was checking, run once it is over. */
    private final List<Runnable> afterCheck = new ArrayList<>();
    /** Pieces in flight when a stream's file went to disk: their write may have dropped its bytes. */
    private final Set<Integer> fetchAgain = new HashSet<>();

    TorrentStreams(Torrent torrent, PiecePicker<Peer> picker, FileProgress fileProgress, Bitfield servable) {
        this.torrent = torrent;
        this.layout = torrent.metainfo().layout();
        this.picker = picker;
        this.fileProgress = fileProgress;
        this.servable = servable;
        this.reads = new StreamReads(layout);
    }

    /** A read of {@code stream}'s file (see {@link Torrent#read}), completing {@code answer}. */
    void read(ManagedStream stream, long offset, int max, CompletableFuture<ByteBuffer> answer) {
        if (torrent.state() == Torrent.State.CHECKING) {
            afterCheck.add(() -> read(stream, offset, max, answer));
            return;
        }
        if (!torrent.isActive()) {
            answer.completeExceptionally(torrent.stoppedError());
            return;
        }
        if (stream.isClosed()) {
            answer.completeExceptionally(new MimException("the stream is closed"));
            return;
        }
        int file = stream.file();
        FileEntry f = layout.files().get(file);
        long at = f.offset() + offset;
        int piece = (int) (at / layout.pieceLength());
        long pieceEnd = layout.pieceOffset(piece) + layout.pieceSize(piece);
        int length = (int) Math.min(max, Math.min(f.end(), pieceEnd) - at);
        PieceStore store = torrent.store();
        if (!store.isOnDisk(file)) {
            toDisk(store, file);
        }
        if (reads.moved(stream, file, piece)) {
            urgentChanged();
        }
        reads.await(piece, picker.hasPiece(piece)).whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
                return;
            }
            torrent.session().storagePool().execute(() -> {
                try {
                    ByteBuffer bytes = ByteBuffer.allocate(length);
                    store.read(piece, (int) (at - layout.pieceOffset(piece)), bytes);
                    answer.complete(bytes.flip());
                } catch (MimException ex) {
                    answer.completeExceptionally(ex);
                } catch (RuntimeException ex) {
                    answer.completeExceptionally(new MimException.Storage(Reason.of(ex), ex));
                }
            });
        });
    }

    /** The stream is closed: its pieces are no longer fetched first. */
    void closed(ManagedStream stream) {
        if (reads.closed(stream)) {
            urgentChanged();
        }
    }

    /** The check is over: the reads that came meanwhile go on (or fail, if it failed). */
    void checkOver() {
        List<Runnable> waiting = new ArrayList<>(afterCheck);
        afterCheck.clear();
        waiting.forEach(Runnable::run);
    }

    /**
     * The piece verified. False if its write began before a stream's file went to disk and may have
     * dropped those bytes: it is missing again. Otherwise the reads waiting for it go on.
     */
    boolean verified(int piece) {
        if (fetchAgain.remove(piece)) {
            picker.lose(piece);
            return false;
        }
        reads.verified(piece);
        return true;
    }

    /**
     * The piece failed its hash: whether that is no peer's doing. Written block by block while a
     * stream's file went to disk, its early blocks of that file were kept in memory and the hash read
     * the disk.
     */
    boolean failedByUs(int piece) {
        return fetchAgain.remove(piece);
    }

    /** The torrent stopped: waiting reads fail with {@code why}, and so do those that came while it checked. */
    void stopped(MimException why) {
        reads.stopped(why);
        checkOver();
    }

    /**
     * A stream reads a file whose bytes were not kept: they go to disk from now on, and its pieces we
     * have without those bytes on disk (shared with a selected file, or trusted from an earlier run) are
     * missing again, so the stream waits for them to come once more.
     */
    private void toDisk(PieceStore store, int file) {
        store.keepOnDisk(file);
        for (int p = layout.firstPiece(file); p <= layout.lastPiece(file); p++) {
            if (picker.isInFlight(p)) {
                fetchAgain.add(p);
            } else if (picker.hasPiece(p) && !servable.get(p)) {
                picker.lose(p);
                fileProgress.pieceLost(p);
            }
        }
    }

    /**
     * The streams' windows changed: the picker and every peer's interest and requests follow. A stream
     * that reads a piece nobody fetches (it started, or jumped) would wait for seconds of requests
     * queued at each peer: a peer that has the piece gives up its requests for pieces no stream needs
     * (they are cancelled) and starts on it. Once it is in flight, the other peers keep their queues.
     */
    private void urgentChanged() {
        picker.setUrgent(reads.urgent());
        int[] heads = reads.heads();
        for (Peer p : torrent.peers()) {
            p.updateInterest();
            if (startsAStream(p, heads)) {
                for (BlockRef b : picker.releaseNotUrgent(p)) {
                    p.cancel(b);
                }
            }
            p.fillRequests();
        }
    }

    private boolean startsAStream(Peer peer, int[] heads) {
        for (int h : heads) {
            if (!picker.hasPiece(h) && !picker.isInFlight(h) && picker.mayRequest(peer, h)) {
                return true;
            }
        }
        return false;
    }
}
