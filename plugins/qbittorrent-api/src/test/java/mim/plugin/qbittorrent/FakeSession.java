package mim.plugin.qbittorrent;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * A {@link SessionControl} of one downloading torrent (id 3, a folder of two files) for the API's tests:
 * its labels and limits change as they are set, every other call that acts is recorded as
 * {@code "method id"}, and adds are recorded with their requests.
 */
final class FakeSession {
    static final int ID = 3;
    static final String HASH = "ab".repeat(20);

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<AddRequest> added = new CopyOnWriteArrayList<>();
    volatile List<String> labels = List.of("category:tv", "hd");
    volatile Limits limits = Limits.NONE;
    volatile Limits sessionLimits = Limits.NONE;
    volatile Map<String, String> categories = Map.of();
    volatile String state = "downloading";

    TorrentSummary summary() {
        return new TorrentSummary(ID, HASH, "show", "/srv/t", state, 4, Instant.ofEpochSecond(1_700_000_000), null,
                labels);
    }

    final SessionControl session = (SessionControl) Proxy.newProxyInstance(SessionControl.class.getClassLoader(),
            new Class<?>[] {SessionControl.class}, (proxy, method, args) -> switch (method.getName()) {
                case "list" -> List.of(summary());
                case "idOf" -> HASH.equals(args[0]) ? OptionalInt.of(ID) : OptionalInt.empty();
                case "details" -> {
                    check(args[0]);
                    yield new TorrentDetails(summary(), List.of(
                            new TorrentDetails.File("show/e1.mkv", List.of("show", "e1.mkv"), 1000, true, false),
                            new TorrentDetails.File("show/e2.mkv", List.of("show", "e2.mkv"), 3000, false, false)));
                }
                case "stats" -> {
                    if (args == null) {
                        yield new SessionStats(1, 600, 10, 50, 0, 2, 42);
                    }
                    check(args[0]);
                    yield new TorrentStats(state, false, null, 1000, 250, 600, 10, 50, 0, 2, List.of(250L, 0L),
                            Map.of(), List.of());
                }
                case "metadata" -> Optional.empty();
                case "dht" -> Optional.empty();
                case "outputFolder" -> "/srv/t";
                case "categories" -> categories;
                case "setCategories" -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> next = (Map<String, String>) args[0];
                    categories = Map.copyOf(next);
                    yield CompletableFuture.completedFuture(null);
                }
                case "sessionLimits" -> sessionLimits;
                case "setSessionLimits" -> {
                    sessionLimits = (Limits) args[0];
                    yield null;
                }
                case "limits" -> {
                    check(args[0]);
                    yield limits;
                }
                case "setLimits" -> {
                    limits = (Limits) args[1];
                    yield CompletableFuture.completedFuture(null);
                }
                case "setLabels" -> {
                    @SuppressWarnings("unchecked")
                    Set<String> set = (Set<String>) args[1];
                    labels = set.stream().sorted().toList();
                    yield CompletableFuture.completedFuture(null);
                }
                case "add" -> {
                    AddRequest r = (AddRequest) args[0];
                    added.add(r);
                    boolean bad = r.source() instanceof AddRequest.Link l && l.text().equals("magnet:?bad");
                    yield bad ? CompletableFuture.failedFuture(new mim.core.MimException.BadInput("not a magnet link"))
                            : CompletableFuture.completedFuture(new AddResult(new TorrentDetails(summary(), List.of()),
                                    true));
                }
                case "toString" -> "one torrent";
                default -> {
                    calls.add(method.getName() + " " + args[0]);
                    yield (int) args[0] == ID ? CompletableFuture.completedFuture(null)
                            : CompletableFuture.failedFuture(new NoSuchTorrentException((int) args[0]));
                }
            });

    private static void check(Object id) throws NoSuchTorrentException {
        if ((int) id != ID) {
            throw new NoSuchTorrentException((int) id);
        }
    }
}
