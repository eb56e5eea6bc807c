package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryGlobalOption() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        for (String option : new String[] {"-v", "--tracker-refresh-interval", "--http-api-listen-addr",
                "--single-thread-runtime", "--disable-dht", "--disable-dht-persistence",
                "--peer-connect-timeout", "--peer-read-write-timeout", "--worker-threads", "--version"}) {
            assertTrue(r.out().contains(option), option + " missing from --help:\n" + r.out());
        }
    }

    @Test
    void helpListsEveryCommand() {
        Result r = run("--help");
        for (String command : new String[] {"help", "download", "show", "create", "verify", "plugins"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(command + " ")),
                    command + " missing from --help:\n" + r.out());
        }
    }

    @Test
    void theHelpCommandKnowsEveryCommand() {
        Result r = run("help", "download");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("--output-folder"), r.out());
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertEquals(List.of(DownloadCommand.class),
                Main.commandsFor(new String[] {"-v", "debug", "download", "-l", "show"}));
        assertTrue(Main.commandsFor(new String[] {"-v", "debug", "downlaod"}).contains(ShowCommand.class));
    }

    @Test
    void versionNamesTheProgram() {
        Result r = run("-V");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("mim "), r.out());
    }

    @Test
    void badLogLevelIsAUsageErrorOnOneLine() {
        Result r = run("-v", "loud", "--help");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("mim: error: "), r.err());
        assertTrue(r.err().contains("'loud' is not a log level"), r.err());
    }

    @Test
    void badDurationIsAUsageError() {
        Result r = run("--peer-connect-timeout", "soon", "--help");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("'soon' is not a duration"), r.err());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Result r = run("frobnicate");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("mim: error: "), r.err());
    }
}
