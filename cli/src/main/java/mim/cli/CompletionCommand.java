package mim.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import mim.core.Reason;
import mim.core.session.Torrent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's {@code --on-complete} command, run once for each torrent that finishes its download:
 * by {@code /bin/sh -c}, with the torrent's name, info-hash and path in {@code MIM_TORRENT_NAME},
 * {@code MIM_INFO_HASH} and {@code MIM_TORRENT_PATH}. Those values reach the command through its
 * environment only, never its text, so a name such as {@code $(rm -rf ~)} stays a name. Its output
 * goes where mim's does; a failure to start or a non-zero exit is logged, never fatal.
 *
 * <p>Thread safety: {@link #accept} is called on torrents' loops and returns at once (the command is
 * started and awaited elsewhere); {@link #awaitAll} may be called from any thread.
 */
final class CompletionCommand implements Consumer<Torrent> {
    private static final Logger log = LoggerFactory.getLogger(CompletionCommand.class);

    private final String command;
    private final List<CompletableFuture<Void>> running = new ArrayList<>();

    CompletionCommand(String command) {
        this.command = command;
    }

    @Override
    public void accept(Torrent torrent) {
        String name = torrent.metainfo().name();
        String infoHash = torrent.infoHash().hex();
        String path = torrent.contentPath().toString();
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> run(name, infoHash, path));
        synchronized (running) {
            running.add(run);
        }
    }

    /** Waits for every command started so far to end: an exit right after a download must not cut one short. */
    void awaitAll() {
        List<CompletableFuture<Void>> all;
        synchronized (running) {
            all = new ArrayList<>(running);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private void run(String name, String infoHash, String path) {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("MIM_TORRENT_NAME", name);
        builder.environment().put("MIM_INFO_HASH", infoHash);
        builder.environment().put("MIM_TORRENT_PATH", path);
        try {
            int exit = builder.start().waitFor();
            if (exit != 0) {
                log.warn("{}: the --on-complete command exited with {}", name, exit);
            }
        } catch (IOException e) {
            log.warn("{}: cannot run the --on-complete command: {}", name, Reason.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
