package mim.plugin.httpapi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Every check a request passes before any route sees it, in one place, on its head alone (so a
 * refused body is never read): a request the decoder could not read (400; 431 for headers over the
 * limit, 414 for a line too long), a {@code Host} that names neither the address the server was
 * reached at nor {@code localhost} (403: a page whose name resolves to us, DNS rebinding, is not the
 * server's own), missing or wrong credentials when they are required (401; a mount that
 * {@link mim.core.spi.HttpMount#admitsItself admits clients itself} gets the request and decides), a write ({@code POST}
 * and the like) whose {@code Origin} is another site's (403: a page elsewhere cannot make a browser
 * act here), and a declared body over the limit (413). A refused request is answered in the API's
 * error shape and its connection closed; whatever follows on it is dropped unread.
 *
 * <p>One instance a connection (it remembers a refusal); on the connection's loop.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
    private final ApiSettings settings;
    private final BasicAuth auth;
    private final Router router;
    private boolean refused;

    RequestGuard(ApiSettings settings, Router router) {
        this.settings = settings;
        this.auth = settings.auth();
        this.router = router;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            ApiError refusal = check(request, (InetSocketAddress) ctx.channel().localAddress());
            if (refusal != null) {
                refused = true;
                ReferenceCountUtil.release(msg);
                Responses.refuse(ctx, refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Why {@code request}, received at {@code local}, is refused; null if it may go on. */
    ApiError check(HttpRequest request, InetSocketAddress local) {
        if (request.decoderResult().isFailure()) {
            return unreadable(request.decoderResult().cause());
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || !isOurs(host, local)) {
            return new ApiError(HttpResponseStatus.FORBIDDEN, "forbidden_host", "Host '" + host + "' is not this "
                    + "server: use " + hostPort(local) + " or localhost:" + local.getPort());
        }
        if (!auth.admits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            if (!router.admitsItself(request.uri())) {
                return new ApiError(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                        "this server needs a user name and password (HTTP Basic)");
            }
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && writes(request.method()) && !isOurOrigin(origin, local)) {
            return new ApiError(HttpResponseStatus.FORBIDDEN, "forbidden_origin",
                    "a " + request.method() + " from a page of " + origin + " is not accepted");
        }
        if (HttpUtil.getContentLength(request, 0L) > settings.maxBodyBytes()) {
            return tooLarge(settings.maxBodyBytes());
        }
        return null;
    }

    static ApiError tooLarge(int max) {
        return new ApiError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                "the body is larger than " + (max >> 20) + " MiB");
    }

    private ApiError unreadable(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new ApiError(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
                    "the request's headers are larger than " + (settings.maxHeaderBytes() >> 10) + " KiB");
        }
        if (cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException) {
            return new ApiError(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long", "the request line is too long");
        }
        return ApiError.badRequest("not an HTTP request this server can read");
    }

    private static boolean writes(HttpMethod method) {
        return !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD) && !method.equals(HttpMethod.OPTIONS);
    }

    /** {@code Host}: the address the connection reached, or localhost, with our port or none. */
    static boolean isOurs(String hostHeader, InetSocketAddress local) {
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        int port = local.getPort();
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            host = host.substring(0, colon);
        }
        return port == local.getPort() && isOurName(host, local);
    }

    private static boolean isOurName(String host, InetSocketAddress local) {
        String literal = local.getAddress().getHostAddress().toLowerCase(Locale.ROOT);
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equals("localhost")) {
            return local.getAddress().isLoopbackAddress();
        }
        return bare.equals(literal) || (literal.contains(":") && sameV6(bare, literal));
    }

    private static boolean sameV6(String a, String b) {
        byte[] x = io.netty.util.NetUtil.createByteArrayFromIpAddressString(a);
        byte[] y = io.netty.util.NetUtil.createByteArrayFromIpAddressString(b);
        return x != null && y != null && java.util.Arrays.equals(x, y);
    }

    /** {@code Origin}: an http or https page of this server itself. */
    static boolean isOurOrigin(String origin, InetSocketAddress local) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
            return port == local.getPort() && isOurName(uri.getHost().toLowerCase(Locale.ROOT), local);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
