package mim.plugin.httpapi;

import java.util.Set;
import mim.core.spi.LogFeed;
import mim.core.spi.SessionControl;

/**
 * The API's routes for watching the server: its events and its log as they happen, its metrics for
 * Prometheus. Stateless.
 */
final class WatchRoutes {
    private WatchRoutes() {}

    static void install(Router router, SessionControl session, LogFeed logs) {
        router.stream("/events", Set.of(), "the session's events as they happen (Server-Sent Events)",
                        (r, p) -> ReadRoutes.done(EventStream.answer(session)))
                .stream("/stream_logs", Set.of(), "the log as it happens, one JSON object a line",
                        (r, p) -> ReadRoutes.done(LogStream.answer(logs)))
                .get("/metrics", Set.of(), "the session's and the torrents' counters for Prometheus",
                        (r, p) -> ReadRoutes.done(Metrics.render(session)));
    }
}
