package mim.cli.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * mim's SLF4J backend: {@link StderrLogger}s, which write to standard error and hand what they log
 * to {@link LogBroadcast}, for the user interfaces that show the log. Named to SLF4J by the {@code
 * slf4j.provider} system property (see {@code Logging}), so SLF4J does not scan for providers.
 *
 * <p>Every logger writes from the level {@link #configure} set; PF4J's only when that is debug or
 * finer: it logs every refused plugin with a stack trace and chatters at info, and the plugin host
 * reports what matters in its own words.
 */
public final class LogProvider implements SLF4JServiceProvider {
    /** The level records are written from; read when a logger is made. */
    private static volatile Level threshold = Level.WARN;

    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    /** Sets the level loggers made from now on write from; before the first one, so that it applies to all. */
    public static void configure(Level level) {
        threshold = level;
    }

    @Override
    public void initialize() {
        ConcurrentMap<String, Logger> made = new ConcurrentHashMap<>();
        loggers = name -> made.computeIfAbsent(name, n -> new StderrLogger(n, thresholdFor(n)));
        markers = new BasicMarkerFactory();
        mdc = new NOPMDCAdapter();
    }

    private static int thresholdFor(String name) {
        boolean quiet = name.startsWith("org.pf4j.") && threshold.toInt() > Level.DEBUG.toInt();
        return quiet ? Level.ERROR.toInt() + 1 : threshold.toInt();
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
}
