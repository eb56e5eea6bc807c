package mim.plugin.httpapi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.HttpMount;

/**
 * Hands each whole request, copied into plain values and released at once, to the {@link Router},
 * and writes its answer when it comes (a route's future may complete on another thread). One
 * request at a time per connection: reading stops until the answer is written, so answers keep the
 * order of their requests. Closes a connection that stays idle past the limit, unless an answer is
 * on its way (listing a magnet link waits for its metadata).
 *
 * <p>One instance a connection; on the connection's loop, but for the answer's callback.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Router router;
    /** Whether an answer is being prepared; set and read on the connection's loop. */
    private boolean answering;

    ApiHandler(Router router) {
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        CompletableFuture<HttpMount.Response> answer;
        try {
            answer = router.dispatch(plain(request));
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        ctx.channel().config().setAutoRead(false);
        answering = true;
        answer.handle((response, failure) -> failure == null ? response : ApiError.of(failure).toResponse())
                .thenAccept(response -> Responses.write(ctx, response, keepAlive).addListener(written -> {
                    answering = false;
                    ctx.channel().config().setAutoRead(true);
                }));
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
            if (!answering) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A connection reset or a broken pipe costs only this connection.
        ctx.close();
    }
}
