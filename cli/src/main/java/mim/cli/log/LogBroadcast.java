package mim.cli.log;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mim.core.spi.LogFeed;
import mim.core.spi.LogRecord;
import mim.core.spi.Subscription;
import org.slf4j.event.Level;

/**
 * The process's log as it happens, for user interfaces ({@link LogFeed}): {@link LogProvider}'s
 * loggers publish each record they write; each subscriber has a bounded queue, so logging never waits
 * and a reader that falls behind loses records. With no subscriber, publishing costs a check.
 *
 * <p>Thread safety: safe for use from any thread.
 */
public final class LogBroadcast implements LogFeed {
    private static final LogBroadcast INSTANCE = new LogBroadcast();

    private final List<Subscription<LogRecord>> subscribers = new CopyOnWriteArrayList<>();

    private LogBroadcast() {}

    /** The process's feed; it carries records once {@link LogProvider} is SLF4J's backend. */
    public static LogFeed feed() {
        return INSTANCE;
    }

    @Override
    public Subscription<LogRecord> subscribe(int capacity) {
        Subscription<LogRecord> s = LogFeed.subscription(capacity, subscribers::remove);
        subscribers.add(s);
        return s;
    }

    /** Hands a written record, its message already formatted, to every subscriber. */
    static void publish(Level level, String logger, String message, Throwable failure) {
        List<Subscription<LogRecord>> to = INSTANCE.subscribers;
        if (to.isEmpty()) {
            return;
        }
        if (failure != null) {
            message = message + " (" + failure + ")";
        }
        LogRecord record = new LogRecord(Instant.now(), level.name(), logger, message == null ? "" : message);
        to.forEach(s -> s.deliver(record));
    }
}
