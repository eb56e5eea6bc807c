package mim.plugin.httpapi;

import java.util.Map;
import java.util.Objects;
import mim.core.spi.HttpMount;

/**
 * What a route answers: a body known whole ({@link Whole}), or a body written over time
 * ({@link Streamed}) such as a file read while it downloads or a stream of events. Immutable.
 */
sealed interface Answer {

    /** An answer whose body is all there. */
    record Whole(HttpMount.Response response) implements Answer {
        public Whole {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * An answer whose head is written at once and whose body its {@code producer} writes afterwards
     * into a {@link BodySink}, over as long as it takes.
     *
     * @param status the HTTP status
     * @param contentType the body's media type
     * @param headers further headers
     * @param length the body's length in bytes, sent as {@code Content-Length}; {@link #UNKNOWN_LENGTH}
     *     sends the body chunked
     * @param producer writes the body
     */
    record Streamed(int status, String contentType, Map<String, String> headers, long length, Producer producer)
            implements Answer {
        static final long UNKNOWN_LENGTH = -1;

        public Streamed {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(producer, "producer");
            headers = Map.copyOf(headers);
            if (length < UNKNOWN_LENGTH) {
                throw new IllegalArgumentException("length " + length);
            }
        }
    }

    /**
     * Writes a streamed body. {@link #start} is called once, on the connection's thread, right after the
     * head was written; it must return promptly and go on from its own threads or from the futures the
     * sink returns. Whatever it throws closes the connection (the client sees a cut body).
     */
    @FunctionalInterface
    interface Producer {
        void start(BodySink sink) throws Exception;
    }
}
