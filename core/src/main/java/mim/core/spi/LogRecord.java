package mim.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the application's log, as a {@link LogFeed} hands it to user interfaces. Immutable.
 *
 * @param time when it was logged
 * @param level {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
 * @param logger the logger's name, such as {@code mim.core.session.Torrent}
 * @param message the message with its arguments filled in (and a failure's reason after it, if any)
 */
public record LogRecord(Instant time, String level, String logger, String message) {
    public LogRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(message, "message");
    }
}
