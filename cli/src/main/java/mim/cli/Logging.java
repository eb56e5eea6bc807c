package mim.cli;

import java.util.Locale;
import mim.cli.log.LogProvider;

/**
 * Sets the log level of SLF4J's simple backend, which mim's own provider ({@link LogProvider}) wraps
 * to share the log with user interfaces. Both are read once, when the first logger is made, so
 * {@link #configure} runs before anything logs.
 */
final class Logging {
    enum Level { trace, debug, info, warn, error }

    private static Level current = Level.warn;

    private Logging() {}

    static void configure(Level level) {
        current = level == null ? Level.warn : level;
        System.setProperty("slf4j.provider", LogProvider.class.getName());
        // SLF4J says at INFO that it loads the provider named; only its warnings are worth a line.
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", current.name());
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        // PF4J logs every refused plugin with a stack trace, and chatters at info; the plugin host
        // reports what matters in its own words, so PF4J speaks only when asked to debug.
        System.setProperty("org.slf4j.simpleLogger.log.org.pf4j", debugEnabled() ? current.name() : "off");
    }

    static boolean debugEnabled() {
        return current.compareTo(Level.debug) <= 0;
    }

    static Level parse(String value) {
        return Level.valueOf(value.toLowerCase(Locale.ROOT));
    }
}
