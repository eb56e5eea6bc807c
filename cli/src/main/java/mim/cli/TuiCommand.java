package mim.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import mim.cli.remote.RemoteSession;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.InterfaceContext;
import mim.core.spi.SessionControl;
import mim.core.spi.UserInterface;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mim tui}: the tui plugin's full-screen view of the mim server at {@code --http-api-listen-addr},
 * through a {@link RemoteSession}. Returns when the person quits the view; the server goes on.
 */
@Command(name = "tui", description = "A full-screen terminal view of a running mim server: its torrents, their "
        + "files and peers; keys to add, pause, resume, delete, re-check and limit (? lists them). Quitting leaves "
        + "the server running.")
final class TuiCommand implements Callable<Integer> {
    static final String TUI = "tui";

    @Mixin
    ApiAuth auth;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        String address = main.global.httpApiListenAddr;
        try (RemoteSession server = RemoteSession.connect(address, auth.orNull()).orElseThrow(() ->
                new MimException.Network("no mim server answers at " + address + " (start one with 'mim server start', "
                        + "or name it with --http-api-listen-addr)"))) {
            show(main, server);
        }
        return Main.EXIT_OK;
    }

    /**
     * Shows {@code session} full-screen in the tui plugin's view until the person quits it.
     *
     * @throws MimException if the plugin is not active, there is no terminal, or the view failed
     */
    static void show(Main main, SessionControl session) throws MimException {
        UserInterface tui = main.plugins().userInterfaces().stream().filter(u -> u.name().equals(TUI)).findFirst()
                .orElseThrow(() -> new MimException("the " + TUI + " plugin is not active (see 'mim plugins')"));
        tui.attach(session, new InterfaceContext(Map.of(), List.of()));
        try {
            tui.closed().get();
        } catch (ExecutionException e) {
            // The view failed: its message, one line.
            throw e.getCause() instanceof MimException m ? m : new MimException(Reason.of(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tui.detach();
        }
    }
}
