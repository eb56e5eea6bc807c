package mim.plugin.tui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import mim.core.Reason;
import mim.core.spi.AddRequest;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentDetails;

/**
 * What each key does: it changes the {@link UiState}, or asks the session for something whose outcome
 * comes back as a notice. Confined to the interface's thread, but for the notices, which are handed to
 * {@code notices} from whichever thread completes the session's future.
 */
final class Commands {
    private final SessionControl session;
    private final UiState ui;
    private final Consumer<String> notices;
    /** The rows a page key moves by: the list's height in the last frame. */
    int page = 10;

    Commands(SessionControl session, UiState ui, Consumer<String> notices) {
        this.session = session;
        this.ui = ui;
        this.notices = notices;
    }

    /** Acts on {@code key}; false when it asks to quit. */
    boolean handle(Key key, Snapshot snapshot) {
        if (key.kind() == Key.Kind.INTERRUPT) {
            return false;
        }
        ui.notice = null;
        if (ui.prompt != null) {
            typing(key);
            return true;
        }
        if (ui.question != null) {
            if (key.kind() == Key.Kind.CHAR && (key.ch() == 'y' || key.ch() == 'Y')) {
                UiState.Question q = ui.question;
                switch (q.action()) {
                    case FORGET -> report(session.forget(q.id()), "removed " + q.name());
                    case DELETE -> report(session.delete(q.id()), "deleted " + q.name());
                    case VERIFY -> report(session.verify(q.id()), "checking " + q.name());
                }
            }
            ui.question = null;
            return true;
        }
        if (ui.help) {
            ui.help = false;
            return true;
        }
        List<Torrent> visible = ui.visible(snapshot.torrents());
        int index = ui.selectedIndex(visible);
        Torrent selected = index < 0 ? null : visible.get(index);
        boolean details = ui.view == UiState.View.DETAILS && snapshot.detail() != null;
        switch (key.kind()) {
            case UP -> move(visible, index, -1, details, snapshot);
            case DOWN -> move(visible, index, 1, details, snapshot);
            case PAGE_UP -> move(visible, index, -page, details, snapshot);
            case PAGE_DOWN -> move(visible, index, page, details, snapshot);
            case HOME -> move(visible, index, -Integer.MAX_VALUE / 2, details, snapshot);
            case END -> move(visible, index, Integer.MAX_VALUE / 2, details, snapshot);
            case ENTER -> open(selected);
            case ESCAPE, LEFT -> ui.view = UiState.View.LIST;
            case CHAR -> {
                return character(key.ch(), visible, index, selected, details, snapshot);
            }
            default -> { }
        }
        return true;
    }

    private boolean character(char ch, List<Torrent> visible, int index, Torrent selected, boolean details,
            Snapshot snapshot) {
        switch (ch) {
            case 'q' -> {
                return false;
            }
            case 'k' -> move(visible, index, -1, details, snapshot);
            case 'j' -> move(visible, index, 1, details, snapshot);
            case '?' -> ui.help = true;
            case 'a' -> prompt(UiState.Prompt.ADD, "");
            case '/' -> prompt(UiState.Prompt.FILTER, ui.filter);
            case 's' -> ui.sort = ui.sort.next();
            case 'r' -> ui.descending = !ui.descending;
            case 'p' -> {
                if (selected != null) {
                    boolean paused = selected.state().equals("paused") || selected.state().equals("error");
                    report(paused ? session.start(selected.id()) : session.pause(selected.id()),
                            (paused ? "resumed " : "paused ") + selected.name());
                }
            }
            case 'd', 'D', 'v' -> {
                if (selected != null) {
                    ui.question = new UiState.Question(selected.id(), selected.name(), ch == 'd'
                            ? UiState.Action.FORGET : ch == 'D' ? UiState.Action.DELETE : UiState.Action.VERIFY);
                }
            }
            case 'l' -> {
                if (selected != null) {
                    ui.promptFor = selected.id();
                    prompt(UiState.Prompt.LIMITS, typed(selected.limits()));
                }
            }
            case 'L' -> prompt(UiState.Prompt.SESSION_LIMITS, typed(snapshot.sessionLimits()));
            case ' ' -> {
                if (details) {
                    toggleFile(snapshot.detail().details());
                }
            }
            default -> { }
        }
        return true;
    }

    private void move(List<Torrent> visible, int index, int by, boolean details, Snapshot snapshot) {
        if (details) {
            int files = Render.fileIndexes(snapshot.detail().details()).size();
            ui.fileCursor = clamp(ui.fileCursor + by, files);
        } else if (index >= 0) {
            ui.selected = visible.get(clamp(index + by, visible.size())).id();
        }
    }

    private static int clamp(long i, int size) {
        return (int) Math.max(0, Math.min(size - 1L, i));
    }

    private void open(Torrent selected) {
        if (selected != null && ui.view == UiState.View.LIST) {
            ui.selected = selected.id();
            ui.view = UiState.View.DETAILS;
            ui.fileCursor = 0;
        }
    }

    private void prompt(UiState.Prompt prompt, String text) {
        ui.prompt = prompt;
        ui.typed.setLength(0);
        ui.typed.append(text);
    }

    private void typing(Key key) {
        UiState.Prompt prompt = ui.prompt;
        switch (key.kind()) {
            case ENTER -> {
                ui.prompt = null;
                if (prompt == UiState.Prompt.ADD && !ui.typed.toString().isBlank()) {
                    add(ui.typed.toString().strip());
                } else if (prompt == UiState.Prompt.LIMITS || prompt == UiState.Prompt.SESSION_LIMITS) {
                    limit(prompt == UiState.Prompt.LIMITS ? ui.promptFor : -1, ui.typed.toString());
                }
            }
            case ESCAPE -> {
                ui.prompt = null;
                if (prompt == UiState.Prompt.FILTER) {
                    ui.filter = "";
                }
            }
            case BACKSPACE -> {
                if (!ui.typed.isEmpty()) {
                    ui.typed.setLength(ui.typed.length() - 1);
                }
            }
            case CHAR -> {
                if (key.ch() >= ' ') {
                    ui.typed.append(key.ch());
                }
            }
            default -> { }
        }
        if (ui.prompt == UiState.Prompt.FILTER) {
            ui.filter = ui.typed.toString();
        }
    }

    /** Adds a magnet link or URL as it is, anything else as the path of a .torrent file read here. */
    private void add(String text) {
        AddRequest.Source source;
        if (text.startsWith("magnet:") || text.startsWith("http://") || text.startsWith("https://")) {
            source = new AddRequest.Link(text);
        } else {
            Path path = Path.of(text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text);
            try {
                source = new AddRequest.TorrentFile(Files.readAllBytes(path));
            } catch (IOException | RuntimeException e) {
                ui.notice = "cannot read " + text + ": " + Reason.of(e);
                return;
            }
        }
        ui.notice = "adding " + text;
        session.add(AddRequest.of(source)).whenComplete((result, failure) -> notices.accept(failure != null
                ? "not added: " + why(failure)
                : (result.added() ? "added " : "already there: ") + new Torrent(result.details().summary(),
                        null, Limits.NONE).name()));
    }

    /** Limits as a prompt shows them to be changed: {@code 5M -}. */
    private static String typed(Limits limits) {
        return Units.typedLimit(limits.downloadBytesPerSecond()) + " "
                + Units.typedLimit(limits.uploadBytesPerSecond());
    }

    /**
     * Sets the download and upload limits typed (none typed, none kept; one, the download's) of torrent
     * {@code id}, or of the session for -1, keeping its seed limits.
     */
    private void limit(int id, String typed) {
        String[] words = typed.strip().isEmpty() ? new String[0] : typed.strip().split("\\s+");
        Long down;
        Long up;
        try {
            if (words.length > 2) {
                throw new IllegalArgumentException("at most two limits: download, then upload");
            }
            down = words.length > 0 ? Units.parseLimit(words[0]) : null;
            up = words.length > 1 ? Units.parseLimit(words[1]) : null;
        } catch (IllegalArgumentException e) {
            ui.notice = "limits unchanged: " + e.getMessage();
            return;
        }
        String said = "down " + Units.limit(down) + ", up " + Units.limit(up);
        if (id < 0) {
            Limits was = session.sessionLimits();
            try {
                session.setSessionLimits(new Limits(down, up, was.seedRatio(), was.seedTime()));
                ui.notice = "the session's limits: " + said;
            } catch (RuntimeException e) {
                ui.notice = "refused: " + Reason.of(e);
            }
            return;
        }
        CompletableFuture<Void> set;
        try {
            Limits was = session.limits(id);
            set = session.setLimits(id, new Limits(down, up, was.seedRatio(), was.seedTime()));
        } catch (NoSuchTorrentException e) {
            set = CompletableFuture.failedFuture(e);
        }
        report(set, "limits: " + said);
    }

    private void toggleFile(TorrentDetails details) {
        List<Integer> shown = Render.fileIndexes(details);
        if (shown.isEmpty()) {
            return;
        }
        int index = shown.get(clamp(ui.fileCursor, shown.size()));
        Set<Integer> chosen = new HashSet<>();
        for (int i : shown) {
            if (details.files().get(i).included() != (i == index)) {
                chosen.add(i);
            }
        }
        TorrentDetails.File file = details.files().get(index);
        report(session.selectFiles(details.summary().id(), chosen),
                (file.included() ? "skipping " : "getting ") + file.name());
    }

    private void report(CompletableFuture<Void> action, String done) {
        action.whenComplete((v, failure) -> notices.accept(failure == null ? done : "refused: " + why(failure)));
    }

    private static String why(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return Reason.of(cause);
    }
}
