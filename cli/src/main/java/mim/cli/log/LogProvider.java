package mim.cli.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.simple.SimpleLogger;
import org.slf4j.simple.SimpleLoggerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * mim's SLF4J backend: SLF4J's simple logger, configured and writing to standard error as before, each
 * of whose loggers also hands what it logs to {@link LogBroadcast}, for the user interfaces that show
 * the log. Named to SLF4J by the {@code slf4j.provider} system property (see {@code Logging}), so
 * SLF4J neither scans for providers nor warns that simple's is there too.
 */
public final class LogProvider implements SLF4JServiceProvider {
    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public void initialize() {
        loggers = new SimpleLoggerFactory() {
            @Override
            protected org.slf4j.Logger createLogger(String name) {
                return new FeedingLogger(name);
            }
        };
        markers = new BasicMarkerFactory();
        mdc = new NOPMDCAdapter();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    /** A simple logger that also feeds {@link LogBroadcast} with each record it writes. */
    private static final class FeedingLogger extends SimpleLogger {
        private static final long serialVersionUID = 1L;

        FeedingLogger(String name) {
            super(name);
        }

        @Override
        protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, org.slf4j.Marker marker, String pattern,
                Object[] arguments, Throwable failure) {
            super.handleNormalizedLoggingCall(level, marker, pattern, arguments, failure);
            LogBroadcast.publish(level, name, pattern, arguments, failure);
        }

        @Override
        public void log(org.slf4j.event.LoggingEvent event) {
            super.log(event);
            if (isLevelEnabled(event.getLevel().toInt())) {
                LogBroadcast.publish(event.getLevel(), name, event.getMessage(),
                        event.getArgumentArray(), event.getThrowable());
            }
        }
    }
}
