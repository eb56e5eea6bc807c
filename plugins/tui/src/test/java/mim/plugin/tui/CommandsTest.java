package mim.plugin.tui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.DhtInfo;
import mim.core.spi.FileStream;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionEvent;
import mim.core.spi.SessionStats;
import mim.core.spi.Subscription;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
    /** A session that records what it is asked to do and answers each request at once. */
    private static final class Recorder implements SessionControl {
        final List<String> calls = new ArrayList<>();
        AddRequest added;

        private CompletableFuture<Void> did(String call) {
            calls.add(call);
            return CompletableFuture.completedFuture(null);
        }

        @Override public List<TorrentSummary> list() { return List.of(); }
        @Override public OptionalInt idOf(String infoHashHex) { return OptionalInt.empty(); }
        @Override public TorrentDetails details(int id) { throw new UnsupportedOperationException(); }
        @Override public TorrentStats stats(int id) { throw new UnsupportedOperationException(); }
        @Override public SessionStats stats() { return new SessionStats(0, 0, 0, 0, 0, 0, 0); }
        @Override public CompletableFuture<List<PeerStats>> peers(int id) {
            return CompletableFuture.completedFuture(List.of());
        }
        @Override public CompletableFuture<Haves> haves(int id) { throw new UnsupportedOperationException(); }
        @Override public Optional<byte[]> metadata(int id) { return Optional.empty(); }
        @Override public CompletableFuture<Void> pause(int id) { return did("pause " + id); }
        @Override public CompletableFuture<Void> start(int id) { return did("start " + id); }
        @Override public CompletableFuture<Void> forget(int id) { return did("forget " + id); }
        @Override public CompletableFuture<Void> delete(int id) { return did("delete " + id); }
        @Override public CompletableFuture<Void> selectFiles(int id, Set<Integer> files) {
            return did("select " + id + " " + new java.util.TreeSet<>(files));
        }

        @Override public FileStream stream(int id, int fileIndex) { throw new UnsupportedOperationException(); }
        @Override public Limits sessionLimits() { return new Limits(null, null, null, java.time.Duration.ofHours(1)); }
        @Override public void setSessionLimits(Limits limits) { calls.add("session limits " + limits); }
        @Override public Map<String, String> categories() { return Map.of(); }
        @Override public CompletableFuture<Void> setCategories(Map<String, String> categories) {
            return did("categories " + categories);
        }
        @Override public Limits limits(int id) { return new Limits(5L << 20, null, 1.5, null); }
        @Override public CompletableFuture<Void> setLimits(int id, Limits limits) {
            return did("limits " + id + " " + limits);
        }
        @Override public CompletableFuture<Void> addPeers(int id, List<InetSocketAddress> peers) {
            return did("add peers " + id);
        }
        @Override public CompletableFuture<Void> setLabels(int id, Set<String> labels) { return did("labels " + id); }
        @Override public CompletableFuture<Void> verify(int id) { return did("verify " + id); }
        @Override public String outputFolder() { return "/data"; }
        @Override public Subscription<SessionEvent> subscribe(int capacity) {
            return Subscription.ofEvents(capacity, s -> { });
        }
        @Override public Optional<DhtInfo> dht() { return Optional.empty(); }

        @Override
        public CompletableFuture<AddResult> add(AddRequest request) {
            added = request;
            TorrentSummary summary = new TorrentSummary(9, "ab".repeat(20), "new", "/data", "fetching_metadata", 0,
                    Instant.EPOCH, null, List.of());
            return CompletableFuture.completedFuture(new AddResult(new TorrentDetails(summary, List.of()), true));
        }
    }

    private final Recorder session = new Recorder();
    private final UiState ui = new UiState();
    private final List<String> notices = new ArrayList<>();
    private final Commands commands = new Commands(session, ui, notices::add);

    private static Torrent torrent(int id, String name, String state) {
        TorrentStats stats = new TorrentStats(state, false, null, 100, 10, 10, 0, 0, 0, 0, List.of(10L, 0L, 0L),
                Map.of(), List.of());
        return new Torrent(new TorrentSummary(id, "%040x".formatted(id), name, "/data", state, 1, Instant.EPOCH,
                null, List.of()), stats, id == 1 ? new Limits(5L << 20, null, 1.5, null) : Limits.NONE);
    }

    private final Snapshot list = new Snapshot(List.of(torrent(1, "alpha", "downloading"),
            torrent(2, "beta", "paused")), new SessionStats(2, 0, 0, 0, 0, 0, 0), Limits.NONE, null, null);

    private boolean press(String keys, Snapshot snapshot) {
        boolean going = true;
        for (char c : keys.toCharArray()) {
            going = commands.handle(Key.of(c), snapshot);
        }
        return going;
    }

    @Test
    void movesPausesAndResumesTheSelectedTorrent() {
        ui.selected = 1;
        press("p", list);
        press("j", list);
        assertEquals(2, ui.selected);
        press("p", list);
        press("jjj", list);
        assertEquals(2, ui.selected, "the selection stops at the last row");
        assertEquals(List.of("pause 1", "start 2"), session.calls);
        assertEquals(List.of("paused alpha", "resumed beta"), notices);
    }

    @Test
    void deletesOnlyAfterAYes() {
        ui.selected = 2;
        press("dn", list);
        press("Dx", list);
        assertEquals(List.of(), session.calls, "anything but y keeps it");
        press("dy", list);
        press("Dy", list);
        assertEquals(List.of("forget 2", "delete 2"), session.calls);
    }

    @Test
    void reChecksOnlyAfterAYes() {
        ui.selected = 1;
        press("vn", list);
        assertEquals(List.of(), session.calls);
        press("v", list);
        assertTrue(ui.question.text().startsWith("Check alpha's data"), ui.question.text());
        press("y", list);
        assertEquals(List.of("verify 1"), session.calls);
        assertEquals(List.of("checking alpha"), notices);
    }

    @Test
    void lSetsTheTorrentsRatesKeepingItsSeedLimitsAndCapitalLTheSessions() {
        ui.selected = 1;
        press("l", list);
        assertEquals(UiState.Prompt.LIMITS, ui.prompt);
        assertEquals("5M -", ui.typed.toString(), "the prompt starts from the limits it has");
        ui.typed.setLength(0);
        press("1.5m 500K/s", list);
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertEquals(List.of("limits 1 " + new Limits(1_572_864L, 512_000L, 1.5, null)), session.calls);
        assertEquals(List.of("limits: down 1.50 MiB/s, up 500 KiB/s"), notices);
        press("L", list);
        assertEquals(UiState.Prompt.SESSION_LIMITS, ui.prompt);
        assertEquals("- -", ui.typed.toString());
        ui.typed.setLength(0);
        press("- 2M", list);
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertEquals("session limits " + new Limits(null, 2L << 20, null, java.time.Duration.ofHours(1)),
                session.calls.get(1));
        press("l", list);
        ui.typed.setLength(0);
        press("fast", list);
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertEquals(2, session.calls.size(), "nothing set from a rate that is not one");
        assertTrue(ui.notice.startsWith("limits unchanged: 'fast' is not a rate"), ui.notice);
        press("l", list);
        ui.typed.setLength(0);
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertEquals("limits 1 " + new Limits(null, null, 1.5, null), session.calls.get(2), "empty is none");
    }

    @Test
    void addsAPathAsTheBytesOfItsFileAndALinkAsItIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.torrent");
        Files.write(file, new byte[] {'d', '4', ':', 'i', 'n', 'f', 'o', 'd', 'e', 'e'});
        press("a" + file, list);
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertArrayEquals(Files.readAllBytes(file), ((AddRequest.TorrentFile) session.added.source()).bytes());
        press("amagnet:?xt=urn:btih:" + "ab".repeat(20), list);
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertEquals(new AddRequest.Link("magnet:?xt=urn:btih:" + "ab".repeat(20)), session.added.source());
        assertEquals("added new", notices.get(notices.size() - 1));
        press("a" + dir.resolve("missing.torrent"), list);
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertTrue(ui.notice.startsWith("cannot read " + dir.resolve("missing.torrent")), ui.notice);
    }

    @Test
    void filtersAsTypedAndEscapeClearsIt() {
        press("/be", list);
        assertEquals("be", ui.filter);
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertNull(ui.prompt);
        assertEquals(List.of("beta"), ui.visible(list.torrents()).stream().map(Torrent::name).toList());
        press("/", list);
        commands.handle(Key.of(Key.Kind.ESCAPE), list);
        assertEquals("", ui.filter);
    }

    @Test
    void spaceTogglesTheFileUnderTheCursorKeepingTheOthers() {
        TorrentSummary summary = list.torrents().get(0).summary();
        TorrentDetails details = new TorrentDetails(summary, List.of(
                new TorrentDetails.File("a", List.of("a"), 10, true, false),
                new TorrentDetails.File(".pad/1", List.of(".pad", "1"), 5, false, true),
                new TorrentDetails.File("b", List.of("b"), 10, true, false)));
        Snapshot detail = new Snapshot(list.torrents(), list.session(), Limits.NONE,
                new Snapshot.Detail(details, list.torrents().get(0), List.of()), null);
        ui.selected = 1;
        commands.handle(Key.of(Key.Kind.ENTER), list);
        assertEquals(UiState.View.DETAILS, ui.view);
        press("j ", detail);
        assertEquals(List.of("select 1 [0]"), session.calls, "the second file shown is index 2, past the padding");
        commands.handle(Key.of(Key.Kind.ESCAPE), detail);
        assertEquals(UiState.View.LIST, ui.view);
    }

    @Test
    void qAndCtrlCQuitAndAnyKeyClosesTheHelp() {
        assertTrue(press("?", list));
        assertTrue(ui.help);
        assertTrue(press("q", list), "q closes the help first");
        assertFalse(ui.help);
        assertFalse(press("q", list));
        assertFalse(commands.handle(Key.of(Key.Kind.INTERRUPT), list));
    }
}
