package mim.plugin.tui;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.InterfaceContext;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionEvent;
import mim.core.spi.Subscription;
import mim.core.spi.TorrentDetails;
import mim.core.spi.UserInterface;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;
import org.pf4j.Extension;

/**
 * The terminal UI: the session drawn full-screen on the terminal the process runs in, driven by keys.
 *
 * <p>States: detached; attached (its thread owns the terminal: raw mode, the alternate screen, keys read,
 * a frame drawn after each key and each event); closed (the person quit, by {@code q} or
 * Ctrl-C, or the thread failed: the terminal is restored and {@link #closed} completes, exceptionally for
 * a failure); then {@link #detach}. A JVM ending otherwise (a signal) restores the terminal through a
 * shutdown hook. Quitting stops this view only, never the session.
 *
 * <p>It subscribes to the session's events and, on each (the stats tick about once a second, a change of
 * state at once, a {@link SessionEvent.Lost} after a gap), asks the session for fresh snapshots
 * ({@link SessionControl#refresh}) and draws them; after a silence it reads them anyway (see
 * {@link Refreshes}). While that fails (a remote server gone) the screen says so over the last
 * snapshot, and asks again each second until the server answers again.
 *
 * <p>Thread safety: {@link #attach} and {@link #detach} from one thread; everything else on the
 * interface's own thread, but for the notices and refresh outcomes handed over from the session's
 * threads through atomics.
 */
@Extension
public class TerminalInterface implements UserInterface {
    private static final long POLL_MILLIS = 50;

    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean restored = new AtomicBoolean();
    private final AtomicReference<String> notice = new AtomicReference<>();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final AtomicReference<List<PeerStats>> peers = new AtomicReference<>(List.of());
    private final AtomicBoolean resized = new AtomicBoolean();
    private volatile boolean quit;
    private SessionControl session;
    private Terminal terminal;
    private Attributes saved;
    private Thread thread;
    private Thread restoreOnExit;

    @Override
    public String name() {
        return "tui";
    }

    @Override
    public void attach(SessionControl session, InterfaceContext context) throws MimException {
        if (System.console() == null) {
            throw new MimException("the terminal UI needs a terminal: standard input and output are not one");
        }
        this.session = session;
        // JLine finds its terminal providers through the context class loader: this plugin's, not the host's.
        Thread current = Thread.currentThread();
        ClassLoader host = current.getContextClassLoader();
        current.setContextClassLoader(TerminalInterface.class.getClassLoader());
        try {
            TerminalBuilder builder = TerminalBuilder.builder().system(true).nativeSignals(true);
            if ("dumb".equals(System.getenv("TERM"))) {
                // JLine would read a dumb terminal a line at a time: a VT100 has keys, and no colour.
                builder.type("vt100");
            }
            terminal = builder.build();
        } catch (IOException e) {
            throw new MimException("no terminal to draw on: " + Reason.of(e), e);
        } finally {
            current.setContextClassLoader(host);
        }
        saved = terminal.enterRawMode();
        terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
        terminal.handle(Terminal.Signal.INT, s -> quit = true);
        restoreOnExit = new Thread(this::restore, "mim-tui-restore");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
        terminal.writer().write(Ansi.ENTER);
        terminal.flush();
        thread = new Thread(this::run, "mim-tui");
        thread.start();
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void detach() {
        quit = true;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        restore();
        if (restoreOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException e) {
                // The JVM is ending: the hook runs, or ran, restore() itself.
            }
        }
    }

    private void run() {
        try {
            loop();
            restore();
            closed.complete(null);
        } catch (Throwable t) {
            restore();
            closed.completeExceptionally(t);
        }
    }

    private void loop() throws IOException {
        try (Subscription<SessionEvent> events = session.subscribe(Subscription.DEFAULT_CAPACITY)) {
            loop(events);
        }
    }

    private void loop(Subscription<SessionEvent> events) throws IOException {
        UiState ui = new UiState();
        Commands commands = new Commands(session, ui, notice::set);
        boolean colour = System.getenv("NO_COLOR") == null
                && terminal.getNumericCapability(InfoCmp.Capability.max_colors) != null;
        Ansi ansi = new Ansi(colour, terminal.encoding());
        NonBlockingReader input = terminal.reader();
        Key.Reader keys = new Key.Reader(input::read);
        CompletableFuture<Void> refreshing = null;
        Refreshes refreshes = new Refreshes(System.nanoTime());
        boolean stale = true;
        while (!quit) {
            // Any event is news to draw: a tick's stats about once a second, a change of state at once, a
            // loss (or a server back) a reason to read everything afresh; all of it through the next refresh.
            while (events.poll() != null) {
                refreshes.news();
            }
            if (refreshes.start(System.nanoTime(), problem.get() != null)) {
                refreshing = refresh(ui);
            }
            if (refreshing != null && refreshing.isDone()) {
                refreshing = null;
                refreshes.done();
                stale = true;
            }
            String word = notice.getAndSet(null);
            if (word != null) {
                ui.notice = word;
                stale = true;
            }
            if (stale || resized.get()) {
                draw(ansi, snapshot(ui), ui, commands);
                stale = false;
            }
            // Short waits, so a resize or an answer is drawn at once, not at the next key or event.
            Key key = keys.next(POLL_MILLIS);
            if (key == null) {
                return; // the terminal is gone
            }
            if (key != Key.NONE) {
                if (!commands.handle(key, snapshot(ui))) {
                    return;
                }
                stale = true;
            }
        }
    }

    /** Asks for fresh snapshots, and the selected torrent's peers in the details; completes either way. */
    private CompletableFuture<Void> refresh(UiState ui) {
        if (ui.view == UiState.View.DETAILS && ui.selected >= 0) {
            session.peers(ui.selected).whenComplete((p, e) -> peers.set(e == null ? p : List.of()));
        }
        return session.refresh().handle((v, e) -> {
            problem.set(e == null ? null : Reason.of(e instanceof CompletionException && e.getCause() != null
                    ? e.getCause() : e));
            return null;
        });
    }

    private Snapshot snapshot(UiState ui) {
        List<Torrent> torrents = new ArrayList<>();
        for (var summary : session.list()) {
            try {
                torrents.add(new Torrent(summary, session.stats(summary.id()), session.limits(summary.id())));
            } catch (NoSuchTorrentException e) {
                // removed between the list and its stats: the next frame leaves it out
            }
        }
        if (ui.selected < 0 || torrents.stream().noneMatch(t -> t.id() == ui.selected)) {
            List<Torrent> visible = ui.visible(torrents);
            ui.selected = visible.isEmpty() ? -1 : visible.get(0).id();
            ui.view = UiState.View.LIST;
        }
        Snapshot.Detail detail = null;
        if (ui.view == UiState.View.DETAILS) {
            try {
                TorrentDetails details = session.details(ui.selected);
                detail = new Snapshot.Detail(details, new Torrent(details.summary(), session.stats(ui.selected),
                        session.limits(ui.selected)), peers.get());
            } catch (NoSuchTorrentException e) {
                ui.view = UiState.View.LIST;
            }
        } else {
            peers.set(List.of());
        }
        return new Snapshot(torrents, session.stats(), session.sessionLimits(), detail, problem.get());
    }

    private void draw(Ansi ansi, Snapshot snapshot, UiState ui, Commands commands) {
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 80;
        int height = terminal.getHeight() > 0 ? terminal.getHeight() : 24;
        commands.page = Math.max(1, height - 5);
        PrintWriter out = terminal.writer();
        if (resized.getAndSet(false)) {
            out.write(Ansi.CLEAR);
        }
        out.write(ansi.frame(Render.screen(snapshot, ui, width, height)));
        out.flush();
    }

    /** Leaves the terminal as it was found; once, from whichever thread gets here first. */
    private void restore() {
        if (terminal == null || !restored.compareAndSet(false, true)) {
            return;
        }
        try {
            terminal.writer().write(Ansi.LEAVE);
            terminal.flush();
            if (saved != null) {
                terminal.setAttributes(saved);
            }
        } finally {
            close();
        }
    }

    private void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            // Nothing more to restore.
        }
    }
}
