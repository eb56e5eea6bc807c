package mim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mim server}: the long-running session and its HTTP API; {@code start} runs it. */
@Command(name = "server", mixinStandardHelpOptions = true, subcommands = ServerStartCommand.class,
        description = "Run mim as a server that other programs and user interfaces drive over HTTP.")
final class ServerCommand implements Runnable {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: start");
    }
}
