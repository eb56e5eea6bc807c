package mim.cli.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.TimeZone;
import mim.core.spi.LogRecord;
import mim.core.spi.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** mim's log lines: their shape, the levels that reach them, PF4J kept quiet, and the feed for the user interfaces. */
class LogProviderTest {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private PrintStream stderr;
    private TimeZone zone;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        zone = TimeZone.getDefault();
        System.setErr(new PrintStream(written, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(stderr);
        TimeZone.setDefault(zone);
        LogProvider.configure(Level.WARN);
    }

    private static Logger logger(Level threshold, String name) {
        LogProvider.configure(threshold);
        LogProvider provider = new LogProvider();
        provider.initialize();
        return provider.getLoggerFactory().getLogger(name);
    }

    private String lines() {
        return written.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLineIsTimeThreadLevelShortNameAndMessage() {
        logger(Level.WARN, "mim.core.session.PeerNetwork").warn("listening on {}:{}", "127.0.0.1", 6881);
        String line = lines();
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[" + Thread.currentThread().getName()
                + "\\] WARN PeerNetwork - listening on 127\\.0\\.0\\.1:6881\\R"), line);
    }

    @Test
    void recordsBelowTheLevelAreNotWritten() {
        Logger log = logger(Level.INFO, "mim.Thing");
        log.debug("not this");
        log.info("this");
        log.error("and this", new IllegalStateException("broken"));
        String out = lines();
        assertTrue(!out.contains("not this") && out.contains("INFO Thing - this"), out);
        assertTrue(out.contains("ERROR Thing - and this") && out.contains("java.lang.IllegalStateException: broken")
                && out.contains("\tat "), "the failure's stack trace follows its line: " + out);
    }

    @Test
    void pf4jSpeaksOnlyWhenAskedToDebug() {
        logger(Level.INFO, "org.pf4j.AbstractPluginManager").error("refused");
        assertEquals("", lines());
        logger(Level.DEBUG, "org.pf4j.AbstractPluginManager").debug("loading");
        assertTrue(lines().contains("DEBUG AbstractPluginManager - loading"), lines());
    }

    @Test
    void theTimeOfDayIsLocal() {
        // Four minutes apart: the zone's offset is looked up once a minute.
        long at = 1_796_654_343_530L; // 2026-12-07T14:39:03.530Z
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        StringBuilder utc = new StringBuilder();
        StderrLogger.timeOfDay(utc, at);
        assertEquals("14:39:03.530", utc.toString());
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        StringBuilder india = new StringBuilder();
        StderrLogger.timeOfDay(india, at + 4 * 60_000 + 5);
        assertEquals("20:13:03.535", india.toString());
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        StringBuilder newfoundland = new StringBuilder();
        StderrLogger.timeOfDay(newfoundland, at + 8 * 60_000 + 470);
        assertEquals("11:17:04.000", newfoundland.toString());
    }

    @Test
    void writtenRecordsGoToTheFeed() {
        try (Subscription<LogRecord> feed = LogBroadcast.feed().subscribe(8)) {
            Logger log = logger(Level.WARN, "mim.Feed");
            log.info("unwritten");
            log.warn("seen by {}", "the web page");
            LogRecord record = feed.poll();
            assertEquals("WARN", record.level());
            assertEquals("mim.Feed", record.logger());
            assertEquals("seen by the web page", record.message());
            assertNull(feed.poll());
        }
    }
}
