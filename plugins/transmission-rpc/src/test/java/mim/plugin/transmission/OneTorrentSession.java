package mim.plugin.transmission;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * A {@link SessionControl} of one torrent (id 3) for the RPC's tests: reads answer fixed values, and
 * every call that acts is recorded as {@code "method id argument"}; an add is recorded with its request.
 */
final class OneTorrentSession {
    static final int ID = 3;
    static final String HASH = "ab".repeat(20);
    static final TorrentSummary SUMMARY = new TorrentSummary(ID, HASH, "show.mkv", "/srv/t", "downloading", 40,
            Instant.ofEpochSecond(1_700_000_000), null, List.of("tv"));
    static final TorrentStats STATS = new TorrentStats("downloading", false, null, 1_048_576, 524_288, 600_000, 1000,
            65_536, 0, 2, List.of(524_288L), Map.of(), List.of());
    static final TorrentDetails DETAILS = new TorrentDetails(SUMMARY,
            List.of(new TorrentDetails.File("show.mkv", List.of("show.mkv"), 1_048_576, true, false)));

    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile Limits sessionLimits = Limits.NONE;
    volatile Limits limits = Limits.NONE;
    final List<AddRequest> added = new CopyOnWriteArrayList<>();
    final SessionControl session = (SessionControl) Proxy.newProxyInstance(SessionControl.class.getClassLoader(),
            new Class<?>[] {SessionControl.class}, (proxy, method, args) -> switch (method.getName()) {
                case "list" -> List.of(SUMMARY);
                case "idOf" -> HASH.equals(args[0]) ? OptionalInt.of(ID) : OptionalInt.empty();
                case "details" -> {
                    check(args[0]);
                    yield DETAILS;
                }
                case "stats" -> {
                    if (args == null) {
                        yield new SessionStats(1, 600_000, 1000, 65_536, 0, 2, 42);
                    }
                    check(args[0]);
                    yield STATS;
                }
                case "metadata" -> Optional.empty();
                case "peers" -> CompletableFuture.completedFuture(List.of(new PeerStats("10.0.0.7:51413", "Transmission 3.00",
                        false, false, "uploading", false, 0, 4096, 0, 1024)));
                case "outputFolder" -> "/srv/t";
                case "sessionLimits" -> sessionLimits;
                case "setSessionLimits" -> {
                    sessionLimits = (Limits) args[0];
                    yield null;
                }
                case "limits" -> {
                    check(args[0]);
                    yield limits;
                }
                case "add" -> {
                    added.add((AddRequest) args[0]);
                    yield CompletableFuture.completedFuture(new AddResult(DETAILS, true));
                }
                case "toString" -> "one torrent";
                default -> {
                    calls.add(method.getName() + " " + args[0] + (args.length > 1 ? " " + args[1] : ""));
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
