package mim.cli.log;

import java.io.PrintStream;
import java.util.TimeZone;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One of mim's loggers: each record at or above its threshold becomes a line on standard error,
 * {@code HH:mm:ss.SSS [thread] LEVEL Name - message} (the name is the logger's last component), a
 * failure's stack trace after it, and goes to {@link LogBroadcast} for the user interfaces.
 *
 * <p>Why not SLF4J's simple logger, which wrote the same lines before: it sets up a {@code
 * SimpleDateFormat} when the first logger is made, and with it the calendar and the locale's data,
 * some 45 ms of every command's start-up. The time of day here is arithmetic on the clock and the
 * zone's offset, looked up again every minute (so a change to or from summer time shows within one).
 */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60_000;

    /** The offset from UTC of the minute that started at {@link #offsetMinute}; guarded by the class. */
    private static int offset;
    private static long offsetMinute = Long.MIN_VALUE;

    private final String shortName;
    private final int threshold;

    /** @param threshold the least level written, as {@link Level#toInt()}; above {@code ERROR}, nothing */
    StderrLogger(String name, int threshold) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.threshold = threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable failure) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        StringBuilder line = new StringBuilder(48 + (message == null ? 4 : message.length()));
        timeOfDay(line, System.currentTimeMillis());
        line.append(" [").append(Thread.currentThread().getName()).append("] ").append(level.name()).append(' ')
                .append(shortName).append(" - ").append(message);
        PrintStream err = System.err;
        synchronized (StderrLogger.class) {
            err.println(line);
            if (failure != null) {
                failure.printStackTrace(err);
            }
            err.flush();
        }
        LogBroadcast.publish(level, name, message, failure);
    }

    /** Appends the local time of day of {@code millis} as HH:mm:ss.SSS. */
    static void timeOfDay(StringBuilder to, long millis) {
        long minute = Math.floorDiv(millis, MINUTE);
        int zoneOffset;
        synchronized (StderrLogger.class) {
            if (minute != offsetMinute) {
                offset = TimeZone.getDefault().getOffset(millis);
                offsetMinute = minute;
            }
            zoneOffset = offset;
        }
        long ofDay = Math.floorMod(millis + zoneOffset, 24 * 60 * MINUTE);
        two(to, (int) (ofDay / 3_600_000)).append(':');
        two(to, (int) (ofDay / MINUTE % 60)).append(':');
        two(to, (int) (ofDay / 1000 % 60)).append('.');
        int ms = (int) (ofDay % 1000);
        to.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
    }

    private static StringBuilder two(StringBuilder to, int value) {
        return to.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
