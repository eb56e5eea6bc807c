package mim.plugin.httpapi;

import io.netty.buffer.Unpooled;
import mim.core.spi.FileStream;

/**
 * Writes bytes {@code range} of a {@link FileStream} as an answer's body, one read at a time: the next
 * read starts once the last part went out, so memory holds one part and the client's pace sets the
 * disk's. Closes the stream when the body is over for any reason (ended, failed, the client gone),
 * which releases its pieces' priority at once.
 */
final class FileBody implements Answer.Producer {
    /** At most this much is read and written at a time; well under the sink's bound. */
    static final int PART = 256 * 1024;

    private final FileStream stream;
    private final ByteRange range;
    private BodySink sink;

    FileBody(FileStream stream, ByteRange range) {
        this.stream = stream;
        this.range = range;
    }

    @Override
    public void start(BodySink sink) {
        this.sink = sink;
        sink.closed().whenComplete((v, e) -> stream.close());
        from(range.first());
    }

    private void from(long at) {
        if (at > range.last()) {
            sink.end();
            return;
        }
        if (sink.closed().isDone()) {
            return;
        }
        stream.read(at, (int) Math.min(PART, range.last() + 1 - at)).whenComplete((bytes, failure) -> {
            if (failure != null) {
                // The torrent stopped (paused, removed, failed) or the disk did not read: the body is cut.
                sink.fail(failure);
                return;
            }
            int n = bytes.remaining();
            sink.write(Unpooled.wrappedBuffer(bytes)).whenComplete((v, e) -> {
                if (e == null) {
                    from(at + n);
                }
            });
        });
    }
}
