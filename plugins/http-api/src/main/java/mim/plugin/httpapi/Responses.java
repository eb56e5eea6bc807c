package mim.plugin.httpapi;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import mim.core.spi.HttpMount;

/**
 * Writes answers to the wire: status, length, type, the headers every answer carries, and the
 * connection closed after the answer when the request did not ask to keep it. Stateless.
 * (A streamed answer's body is {@link StreamWriter}'s.)
 */
final class Responses {
    private Responses() {}

    /** Writes {@code response}; the future completes once it is flushed (and the connection closed, if so). */
    static ChannelFuture write(ChannelHandlerContext ctx, HttpMount.Response response, boolean keepAlive) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        setHeaders(out, response.contentType(), response.headers(), response.body().length, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(out);
        return keepAlive ? written : written.addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * The head of an answer whose body follows in parts: with {@code Content-Length} when its
     * {@code length} is known, else chunked ({@link Answer.Streamed#UNKNOWN_LENGTH}).
     */
    static HttpResponse head(int status, String contentType, Map<String, String> headers, long length,
            boolean keepAlive) {
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        setHeaders(out, contentType, headers, length, keepAlive);
        return out;
    }

    private static void setHeaders(HttpResponse out, String contentType, Map<String, String> headers, long length,
            boolean keepAlive) {
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (length == Answer.Streamed.UNKNOWN_LENGTH) {
            out.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else {
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            out.headers().set(h.getKey(), h.getValue());
        }
        if (!keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** Writes the error and closes the connection: what follows the refused request is not read. */
    static void refuse(ChannelHandlerContext ctx, ApiError error) {
        HttpMount.Response r = error.toResponse();
        if (error.status() == HttpResponseStatus.UNAUTHORIZED) {
            r = new HttpMount.Response(r.status(), r.contentType(), Map.of("WWW-Authenticate",
                    "Basic realm=\"mim\", charset=\"UTF-8\""), r.body());
        }
        write(ctx, r, false);
    }
}
