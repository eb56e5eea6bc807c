package mim.plugin.httpapi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.HttpMount;

/**
 * Hands each whole request, copied into plain values and released at once, to the {@link Router},
 * and writes its answer when it comes (a route's future may complete on another thread). One
 * request at a time per connection: reading stops until the answer is written, and a request that
 * was read meanwhile (pipelined) waits its turn, so answers keep the order of their requests.
 *
 * <p>A streamed answer ({@link Answer.Streamed}) is written by a {@link StreamWriter}; while it runs
 * the connection reads again, only to notice a client that goes away (a request it sends meanwhile
 * waits for the stream's end). Closes a connection that stays idle past the limit, unless an answer is
 * on its way (listing a magnet link waits for its metadata) or a stream is being written; a stream
 * whose parts stay unread for that long (a client that stopped reading) is closed.
 *
 * <p>One instance a connection, on the connection's thread.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Router router;
    /** Requests read while an answer was on its way, in order. */
    private final Deque<FullHttpRequest> waiting = new ArrayDeque<>();
    /** Whether an answer is being prepared or written. */
    private boolean answering;
    /** The streamed answer being written, or null. */
    private StreamWriter stream;
    /** Every connection's stream being written, for the server to end them when it stops. */
    private final Set<StreamWriter> streams;

    ApiHandler(Router router, Set<StreamWriter> streams) {
        this.router = router;
        this.streams = streams;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (answering) {
            waiting.add(request.retain());
            ctx.channel().config().setAutoRead(false);
            return;
        }
        answer(ctx, request);
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        CompletableFuture<? extends Answer> answer;
        try {
            answer = router.dispatch(plain(request));
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        ctx.channel().config().setAutoRead(false);
        answering = true;
        answer.whenComplete((a, failure) -> {
            Answer reply = failure == null ? a : new Answer.Whole(ApiError.of(failure).toResponse());
            ctx.executor().execute(() -> reply(ctx, reply, keepAlive));
        });
    }

    private void reply(ChannelHandlerContext ctx, Answer answer, boolean keepAlive) {
        if (answer instanceof Answer.Whole whole) {
            Responses.write(ctx, whole.response(), keepAlive).addListener(written -> next(ctx));
        } else if (answer instanceof Answer.Streamed streamed) {
            stream = StreamWriter.start(ctx, streamed, keepAlive, () -> {
                stream = null;
                next(ctx);
            });
            StreamWriter started = stream;
            streams.add(started);
            started.closed().whenComplete((v, e) -> streams.remove(started));
            if (waiting.isEmpty()) {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    /** The answer went out: the next request that waits, or reading again. */
    private void next(ChannelHandlerContext ctx) {
        answering = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpRequest request = waiting.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        try {
            answer(ctx, request);
        } finally {
            request.release();
        }
    }

    /**
     * The request as plain values: method, decoded path, query parameters and body.
     *
     * @throws ApiError 400 for a path or query that does not decode
     */
    static HttpMount.Request plain(FullHttpRequest request) throws ApiError {
        QueryStringDecoder uri;
        Map<String, List<String>> query;
        try {
            uri = new QueryStringDecoder(request.uri());
            query = uri.parameters();
            uri.path();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("the request's path or query does not decode: " + e.getMessage());
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b);
        }
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        return new HttpMount.Request(request.method().name(), uri.path(), query, headers, body);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            if (stream != null ? stream.stalled() : !answering) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A connection reset or a broken pipe costs only this connection.
        ctx.close();
    }
}
