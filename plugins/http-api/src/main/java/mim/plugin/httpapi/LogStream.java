package mim.plugin.httpapi;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import mim.core.spi.LogFeed;
import mim.core.spi.LogRecord;
import mim.core.spi.Subscription;

/**
 * {@code GET /stream_logs}: the log as it happens, one JSON object a line
 * ({@code {"time", "level", "logger", "message"}}), through a {@link FeedStream}; a reader that falls
 * behind gets a {@code WARN} line saying how many records it lost. Stateless.
 */
final class LogStream {
    static final String MEDIA_TYPE = "application/x-ndjson";

    private LogStream() {}

    static Answer.Streamed answer(LogFeed logs) {
        return new Answer.Streamed(200, MEDIA_TYPE, Map.of("X-Accel-Buffering", "no"), Answer.Streamed.UNKNOWN_LENGTH,
                new FeedStream<>(() -> logs.subscribe(Subscription.DEFAULT_CAPACITY), LogStream::format, "", null));
    }

    static void format(LogRecord r, StringBuilder out) {
        Bodies.Log line = new Bodies.Log(r.time().toString(), r.level(), r.logger(), r.message());
        out.append(new String(Json.bytes(line), StandardCharsets.UTF_8)).append('\n');
    }
}
