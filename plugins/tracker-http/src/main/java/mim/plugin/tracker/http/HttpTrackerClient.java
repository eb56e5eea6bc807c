package mim.plugin.tracker.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TrackerClient;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.pf4j.Extension;

/**
 * Announces to HTTP and HTTPS trackers (BEP 3) over {@link OkHttpClient}s that share one dispatcher
 * and one connection pool across every torrent of the process. OkHttp follows redirects (at most 20, its own
 * limit) and asks for gzip and decompresses it itself (so we must not set Accept-Encoding); the body is read up to {@value #MAX_BODY_BYTES} bytes, counted after
 * decompression, and refused past that.
 *
 * <p>An announce whose {@link AnnounceRequest#localAddress()} is set goes out from that address: a
 * client of its own per address (made on first use, sharing the dispatcher) opens sockets bound to
 * it, since a tracker takes the source of an announce for our address. Each has its own connection
 * pool: OkHttp's pool does not tell connections apart by socket factory, and would hand a
 * connection bound to one address to an announce meant to come from another.
 *
 * <p>Every exchange is bounded by a call timeout ({@value #CALL_TIMEOUT_SECONDS} s by default), so
 * each returned future completes. Cancelling a returned future cancels its HTTP call.
 *
 * <p>The OkHttp clients are made on first use: a session whose torrents name no HTTP tracker never
 * pays for them. Plain {@code http} announces go through a client without TLS, so that they never
 * pay for TLS either: its set-up reads and parses the system's trust store, a tenth of a second at
 * start-up. The TLS client is made for the first {@code https} announce, or the first redirect of a
 * plain one to {@code https}, which it then follows.
 *
 * <p>Thread safety: safe for concurrent use; {@link #announce} never waits for the network
 * (OkHttp's dispatcher runs the exchange on its threads, and completes the future there); the first
 * one takes a lock while it makes a client. Ownership: the client owns its
 * OkHttp dispatcher threads and connection pool; {@link #close} cancels the calls in flight (their
 * futures fail) and releases both.
 */
@Extension
public final class HttpTrackerClient implements TrackerClient {
    static final int MAX_BODY_BYTES = 1 << 20;
    static final long CALL_TIMEOUT_SECONDS = 30;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    /** For plain http, made on the first announce; no TLS, and https redirects come back to us. Guarded by this. */
    private OkHttpClient plain;
    /** For https, made from {@link #plain} on the first https exchange. Guarded by this. */
    private OkHttpClient secure;
    /** Guarded by this. */
    private boolean closed;
    /** Clients whose sockets are bound to a local address, by that address and whether they speak TLS. */
    private final Map<Route, OkHttpClient> bound = new ConcurrentHashMap<>();

    private record Route(InetAddress local, boolean tls) {}

    public HttpTrackerClient() {
        this(CONNECT_TIMEOUT, READ_TIMEOUT, Duration.ofSeconds(CALL_TIMEOUT_SECONDS));
    }

    /** With other timeouts: for tests of slow trackers. */
    HttpTrackerClient(Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.callTimeout = callTimeout;
    }

    @Override
    public String name() {
        return "tracker-http";
    }

    @Override
    public boolean supports(URI tracker) {
        String scheme = tracker.getScheme();
        if (scheme == null) {
            return false;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        String name = tracker.toString();
        HttpUrl url = supports(tracker) ? HttpUrl.parse(AnnounceQuery.url(tracker, request)) : null;
        if (url == null) {
            return CompletableFuture.failedFuture(new MimException.Network("tracker " + name + " is not an HTTP URL"));
        }
        CompletableFuture<AnnounceResponse> result = new CompletableFuture<>();
        send(url, request.localAddress(), name, result);
        return result;
    }

    /** Sends one GET and completes {@code result} with its answer, or sends again over TLS where a plain one is redirected. */
    private void send(HttpUrl url, InetAddress local, String name, CompletableFuture<AnnounceResponse> result) {
        OkHttpClient shared = shared(url.isHttps());
        if (shared == null) {
            result.completeExceptionally(new MimException.Network("tracker " + name + ": the HTTP client is closed"));
            return;
        }
        Call call = client(shared, local, url.isHttps()).newCall(new Request.Builder().url(url).build());
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(new MimException.Network("tracker " + name + " " + describe(e), e));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    HttpUrl next = secureRedirect(response);
                    if (next != null) {
                        send(next, local, name, result);
                    } else {
                        result.complete(read(response, name));
                    }
                } catch (MimException.Network e) {
                    result.completeExceptionally(e);
                } catch (IOException e) {
                    onFailure(c, e);
                }
            }
        });
    }

    /** Where a plain client's redirect to https points (it does not follow those itself), or null. */
    private static HttpUrl secureRedirect(Response response) {
        String location = response.header("Location");
        if (!response.isRedirect() || response.request().url().isHttps() || location == null) {
            return null;
        }
        HttpUrl next = response.request().url().resolve(location);
        return next != null && next.isHttps() ? next : null;
    }

    /** The client announces over {@code tls} or not derive from, made on first use; null once closed. */
    private synchronized OkHttpClient shared(boolean tls) {
        if (closed) {
            return null;
        }
        if (plain == null) {
            // Without a TLS connection spec OkHttp sets up no TLS at all.
            plain = new OkHttpClient.Builder()
                    .connectTimeout(connectTimeout)
                    .readTimeout(readTimeout)
                    .callTimeout(callTimeout)
                    .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                    .followSslRedirects(false)
                    .build();
        }
        if (tls && secure == null) {
            // Shares the plain client's dispatcher and connection pool; OkHttp's own default specs.
            secure = plain.newBuilder()
                    .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                    .followSslRedirects(true)
                    .build();
        }
        return tls ? secure : plain;
    }

    /** Whether an announce has made an OkHttp client yet. */
    synchronized boolean started() {
        return plain != null;
    }

    /** Whether an announce has made the TLS client yet. */
    synchronized boolean startedTls() {
        return secure != null;
    }

    /** The client that sends from {@code local}, or from where the system picks when it is null. */
    private OkHttpClient client(OkHttpClient shared, InetAddress local, boolean tls) {
        if (local == null) {
            return shared;
        }
        return bound.computeIfAbsent(new Route(local, tls), r -> shared.newBuilder()
                .socketFactory(new BoundSocketFactory(r.local())).connectionPool(new ConnectionPool()).build());
    }

    private static AnnounceResponse read(Response response, String tracker) throws IOException, MimException.Network {
        byte[] body = body(response.body(), tracker);
        if (response.code() != 200) {
            String reason = AnnounceParser.failureReason(body);
            String status = (response.code() + " " + response.message()).strip();
            throw new MimException.Network("tracker " + tracker + " answered HTTP " + status
                    + (reason == null ? "" : ": " + reason));
        }
        return AnnounceParser.parse(body, tracker);
    }

    /** The body, read as it streams in, refused as soon as it passes the size limit. */
    private static byte[] body(ResponseBody body, String tracker) throws IOException, MimException.Network {
        if (body.contentLength() > MAX_BODY_BYTES) {
            throw tooLarge(tracker);
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 8192) != -1) {
            if (buffer.size() > MAX_BODY_BYTES) {
                throw tooLarge(tracker);
            }
        }
        return buffer.readByteArray();
    }

    private static MimException.Network tooLarge(String tracker) {
        return new MimException.Network("tracker " + tracker + " sent an answer larger than " + MAX_BODY_BYTES + " bytes");
    }

    private static String describe(IOException e) {
        String why = Reason.of(e);
        if (why.equals("timed out")) {
            return why;
        }
        return e instanceof ConnectException || e instanceof UnknownHostException ? "is unreachable: " + why : "failed: " + why;
    }

    /** Cancels what is in flight (those futures fail) and releases the threads and pooled connections. */
    @Override
    public void close() {
        OkHttpClient made;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            made = plain;
        }
        // The TLS client and the bound ones share the plain client's dispatcher; the bound ones have pools of their own.
        if (made != null) {
            made.dispatcher().cancelAll();
            made.dispatcher().executorService().shutdown();
            made.connectionPool().evictAll();
            bound.values().forEach(c -> c.connectionPool().evictAll());
        }
    }
}
