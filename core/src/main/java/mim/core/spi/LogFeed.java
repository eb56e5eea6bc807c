package mim.core.spi;

import java.util.function.Consumer;

/**
 * The application's log as it happens, for a user interface that shows it (the HTTP API's
 * {@code /stream_logs}): each subscriber gets the records logged from then on, at the level the
 * application logs at. Logging never waits for a subscriber: one that falls behind loses records and
 * receives a {@code WARN} record from logger {@link #LOSS_LOGGER} saying how many.
 *
 * <p>Thread safety: {@link #subscribe} may be called from any thread.
 */
@FunctionalInterface
public interface LogFeed {
    /** The logger of the records that tell a subscriber of a loss. */
    String LOSS_LOGGER = "mim.logs";

    /** A feed that publishes nothing, where the application does not share its log. */
    LogFeed NONE = capacity -> subscription(capacity, s -> {});

    /** The records logged from now on; close the subscription to stop. */
    Subscription<LogRecord> subscribe(int capacity);

    /** A subscription to a log feed, whose notice of a loss is a record of its own. */
    static Subscription<LogRecord> subscription(int capacity, Consumer<Subscription<LogRecord>> onClose) {
        return new Subscription<>(capacity, (first, count) -> new LogRecord(first.time(), "WARN", LOSS_LOGGER,
                count + " log records were dropped: this reader fell behind"), onClose);
    }
}
