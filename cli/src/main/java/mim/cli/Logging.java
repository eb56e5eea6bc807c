package mim.cli;

import java.util.Locale;
import mim.cli.log.LogProvider;

/**
 * Sets the log level of mim's own SLF4J backend ({@link LogProvider}), which reads it when each logger
 * is made, so {@link #configure} runs before anything logs.
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
        LogProvider.configure(org.slf4j.event.Level.valueOf(current.name().toUpperCase(Locale.ROOT)));
    }

    static boolean debugEnabled() {
        return current.compareTo(Level.debug) <= 0;
    }

    static Level parse(String value) {
        return Level.valueOf(value.toLowerCase(Locale.ROOT));
    }
}
