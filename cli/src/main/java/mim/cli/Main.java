package mim.cli;

import java.io.PrintWriter;
import java.util.List;
import mim.cli.plugins.PluginHost;
import mim.core.MimException;
import mim.core.Reason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;

/**
 * The {@code mim} command: global options, the subcommands, and the one place where failures turn
 * into a message and an exit code (0 ok, 1 failure, 2 usage).
 */
@Command(
        name = "mim",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A BitTorrent client and torrent toolkit.")
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    /** The subcommands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(CommandLine.HelpCommand.class, DownloadCommand.class,
            ServerCommand.class, TuiCommand.class, ShowCommand.class, CreateCommand.class, VerifyCommand.class,
            PluginsCommand.class);

    @Mixin
    GlobalOptions global;

    private final Dirs dirs;
    private PluginHost plugins;

    private Main(Dirs dirs) {
        this.dirs = dirs;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; the exit code is returned, never passed to {@link System#exit}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Dirs.fromEnvironment());
    }

    /** Runs one command line with the given folders in place of the environment's. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Dirs dirs) {
        CommandLine cli = new CommandLine(new Main(dirs));
        commandsFor(args).forEach(cli::addSubcommand);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionStrategy(Main::execute);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::failure);
        return cli.execute(args);
    }

    /**
     * The subcommands to build for {@code args}: only the one they name, where they name one other
     * than help, since picocli reads every option of every command it is given, by reflection, a
     * good part of mim's start-up; otherwise all of them, for help and for suggestions after a typo.
     * An option's value spelled like a command can only pick the wrong one for a line that is in
     * error anyway.
     */
    static List<Class<?>> commandsFor(String[] args) {
        for (String arg : args) {
            for (Class<?> command : COMMANDS) {
                String name = command.getAnnotation(Command.class).name();
                if (arg.equals(name)) {
                    return command == CommandLine.HelpCommand.class ? COMMANDS : List.of(command);
                }
            }
        }
        return COMMANDS;
    }

    /** Logging is configured from the parsed options before any command (and any logger) runs. */
    private static int execute(ParseResult parsed) {
        Main main = parsed.commandSpec().commandLine().getCommand();
        Logging.configure(main.global.logLevel);
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            main.closePlugins();
        }
    }

    /** Closes the plugin host if one started; closing again does nothing. */
    synchronized void closePlugins() {
        if (plugins != null) {
            plugins.close();
        }
    }

    Dirs dirs() {
        return dirs;
    }

    /**
     * The plugin host, started on first use (commands that need no plugin never load one) and closed
     * when the command ends.
     *
     * @throws MimException.BadInput if config.json is malformed
     */
    synchronized PluginHost plugins() throws MimException {
        if (plugins == null) {
            Config config = Config.load(dirs.configFile());
            plugins = PluginHost.start(dirs, global.applyTo(config.plugins()), config.file(), version());
        }
        return plugins;
    }

    /** This program's version from its jar's manifest; null in a development build. */
    static String version() {
        return Main.class.getPackage().getImplementationVersion();
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("mim: error: " + e.getMessage());
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int failure(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("mim: error: " + describe(e));
        if (Logging.debugEnabled()) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_FAILURE;
    }

    /** One line: our own messages as they are, anything else worded by {@link Reason}. */
    static String describe(Throwable e) {
        return Reason.of(e);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = version();
            return new String[] {"mim " + (version == null ? "(development build)" : version)};
        }
    }
}
