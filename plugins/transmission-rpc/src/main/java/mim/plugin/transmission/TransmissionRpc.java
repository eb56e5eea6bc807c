package mim.plugin.transmission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import mim.core.MimException;
import mim.core.spi.HttpMount;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.plugin.transmission.RpcCall.RpcFailure;
import org.pf4j.Extension;

/**
 * Transmission's RPC at {@code /transmission/rpc} (and {@code rpc/}, as transmission-remote 3.00 asks),
 * so that transmission-remote, Sonarr, Radarr, Flood and the like drive mim unchanged. It sits behind
 * the HTTP API's own checks (credentials, Host, Origin, size), then asks for Transmission's session-id
 * handshake: a request without this process's {@code X-Transmission-Session-Id} gets 409 and the id.
 * Every call is answered with HTTP 200 and its {@code result}: {@code success}, or why not.
 *
 * <p>Thread safety: safe for concurrent use; calls wait on the session's futures, never block.
 */
@Extension
public final class TransmissionRpc implements HttpMount {
    static final String SESSION_ID_HEADER = "X-Transmission-Session-Id";
    private static final String JSON = "application/json; charset=utf-8";

    private final String sessionId;
    private final String mimVersion;
    private final TorrentMethods torrents = new TorrentMethods();

    public TransmissionRpc() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.mimVersion = Optional.ofNullable(TransmissionRpc.class.getPackage().getImplementationVersion())
                .orElse("dev");
    }

    @Override
    public String path() {
        return "/transmission/";
    }

    @Override
    public CompletableFuture<Response> handle(Request request, SessionControl session) {
        if (!request.path().equals("rpc") && !request.path().equals("rpc/")) {
            return Response.notFound().now();
        }
        if (!sessionId.equals(request.header(SESSION_ID_HEADER))) {
            return new Response(409, "text/html; charset=utf-8", Map.of(SESSION_ID_HEADER, sessionId),
                    ("<h1>409: Conflict</h1><p>Your request had an invalid session-id header.</p><p><code>"
                            + SESSION_ID_HEADER + ": " + sessionId + "</code></p>").getBytes(StandardCharsets.UTF_8))
                    .now();
        }
        if (!request.method().equals("POST")) {
            return new Response(405, "text/plain; charset=utf-8", Map.of("Allow", "POST"),
                    "the RPC takes a POST of {\"method\": ..., \"arguments\": {...}}\n".getBytes(StandardCharsets.UTF_8))
                    .now();
        }
        RpcCall call;
        try {
            call = RpcCall.parse(request.body());
        } catch (RpcFailure e) {
            return answer(e.getMessage(), RpcCall.NODES.objectNode(), e.tag()).now();
        }
        CompletableFuture<ObjectNode> result;
        try {
            result = call(call, session);
        } catch (RpcFailure e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((args, e) -> e == null ? answer("success", args, call.tag())
                : answer(why(TorrentMethods.unwrap(e)), RpcCall.NODES.objectNode(), call.tag()));
    }

    /** The method's arguments, when it succeeds. */
    CompletableFuture<ObjectNode> call(RpcCall call, SessionControl session) throws RpcFailure {
        ObjectNode args = call.arguments();
        return switch (call.method()) {
            case "session-get" -> done(SessionMethods.get(args, session, sessionId, mimVersion));
            case "session-set" -> done(SessionMethods.set(args, session));
            case "session-stats" -> done(SessionMethods.stats(session));
            case "free-space" -> done(SessionMethods.freeSpace(args));
            case "port-test" -> throw new RpcFailure("port-test: mim does not ask a server on the Internet whether "
                    + "its port is open");
            case "torrent-get" -> torrents.get(args, session);
            case "torrent-add" -> torrents.add(args, session);
            case "torrent-start", "torrent-start-now" -> torrents.each(args, session, SessionControl::start);
            case "torrent-stop" -> torrents.each(args, session, SessionControl::pause);
            case "torrent-verify" -> torrents.each(args, session, SessionControl::verify);
            case "torrent-remove" -> torrents.remove(args, session);
            case "torrent-set" -> torrents.set(args, session);
            case "torrent-set-location" -> torrents.setLocation(args, session);
            // mim has no queue: every torrent runs. Moving in it changes nothing, as with Transmission's
            // queues turned off.
            case "queue-move-top", "queue-move-up", "queue-move-down", "queue-move-bottom" ->
                    torrents.each(args, session, (s, id) -> CompletableFuture.completedFuture(null));
            default -> throw new RpcFailure("method name not recognized");
        };
    }

    private static HttpMount.Response answer(String result, ObjectNode args, Long tag) {
        return new Response(200, JSON, Map.of(), RpcCall.answer(result, args, tag));
    }

    /** A failure in the words of a {@code result}: mim's own message, which names what went wrong. */
    private static String why(Throwable e) {
        if (e instanceof RpcFailure || e instanceof MimException || e instanceof NoSuchTorrentException) {
            return e.getMessage();
        }
        return "internal error: " + e;
    }

    private static CompletableFuture<ObjectNode> done(ObjectNode args) {
        return CompletableFuture.completedFuture(args);
    }
}
