package mim.plugin.transmission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentSummary;
import mim.plugin.transmission.RpcCall.RpcFailure;

/**
 * Which torrents a call names by its {@code ids} argument, in each form Transmission takes: absent
 * (every torrent), one integer id, one info-hash (40 hex digits), a list of both, or
 * {@code "recently-active"}. Ids and hashes the session does not have are left out, as Transmission
 * leaves them; anything else is refused. Immutable.
 *
 * @param all whether every torrent is named
 * @param recentlyActive whether the torrents active lately are named (and those removed lately reported)
 * @param ids the torrents named otherwise, in the order given
 */
record Ids(boolean all, boolean recentlyActive, Set<Integer> ids) {
    static final String RECENTLY_ACTIVE = "recently-active";

    Ids {
        ids = Set.copyOf(ids);
    }

    /** The {@code ids} of a call's arguments, hashes resolved against {@code session}. */
    static Ids of(ObjectNode arguments, SessionControl session) throws RpcFailure {
        JsonNode ids = arguments.get("ids");
        if (ids == null || ids.isNull()) {
            return new Ids(true, false, Set.of());
        }
        if (ids.isTextual() && ids.asText().equals(RECENTLY_ACTIVE)) {
            return new Ids(false, true, Set.of());
        }
        Set<Integer> out = new LinkedHashSet<>();
        if (ids.isArray()) {
            for (JsonNode n : ids) {
                one(n, session).ifPresent(out::add);
            }
        } else {
            one(ids, session).ifPresent(out::add);
        }
        return new Ids(false, false, out);
    }

    private static OptionalInt one(JsonNode n, SessionControl session) throws RpcFailure {
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return OptionalInt.of(n.asInt());
        }
        if (n.isTextual() && n.asText().matches("[0-9a-fA-F]{40}")) {
            return session.idOf(n.asText().toLowerCase(Locale.ROOT));
        }
        throw new RpcFailure("ids: " + n + " is not a torrent id or info-hash");
    }

    /** The torrents named, among {@code torrents} (the session's list), in the list's order. */
    List<TorrentSummary> select(List<TorrentSummary> torrents, Recent recent, long nowNanos) {
        List<TorrentSummary> out = new ArrayList<>();
        for (TorrentSummary t : torrents) {
            if (all || (recentlyActive ? recent.isActive(t, nowNanos) : ids.contains(t.id()))) {
                out.add(t);
            }
        }
        return out;
    }
}
