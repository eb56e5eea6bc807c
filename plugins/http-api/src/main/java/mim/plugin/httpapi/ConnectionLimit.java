package mim.plugin.httpapi;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on the connections open at once: one past it is answered 503 in the API's error shape and
 * closed before anything of it is read. First in every pipeline, ahead of the HTTP codec, so the
 * answer is written as bytes. Shared by every connection; thread safe.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            ctx.channel().config().setAutoRead(false);
            ApiError busy = new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_connections",
                    "the server has " + max + " connections open; try again later");
            byte[] body = busy.toResponse().body();
            String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + Json.MEDIA_TYPE + "\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }
}
