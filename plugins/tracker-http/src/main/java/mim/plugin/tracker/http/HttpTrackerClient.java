package mim.plugin.tracker.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import mim.core.MimException;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TrackerClient;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.pf4j.Extension;

/**
 * Announces to HTTP and HTTPS trackers (BEP 3) over one {@link OkHttpClient}, which pools
 * connections across every torrent of the process. OkHttp follows redirects (at most 20, its own
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
 * <p>The OkHttp client is made by the first announce: a session whose torrents name no HTTP tracker
 * never pays for it (its TLS set-up reads the system's trust store).
 *
 * <p>Thread safety: safe for concurrent use; {@link #announce} never waits for the network
 * (OkHttp's dispatcher runs the exchange on its threads, and completes the future there); the first
 * one takes a lock while it makes the client. Ownership: the client owns its
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
    /** Made on the first announce: building it loads the TLS trust store, a cost at every start-up. Guarded by this. */
    private OkHttpClient http;
    /** Guarded by this. */
    private boolean closed;
    /** Clients whose sockets are bound to a local address, by that address. */
    private final Map<InetAddress, OkHttpClient> bound = new ConcurrentHashMap<>();

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
        OkHttpClient shared = shared();
        if (shared == null) {
            return CompletableFuture.failedFuture(new MimException.Network("tracker " + name + ": the HTTP client is closed"));
        }
        Call call = client(shared, request.localAddress()).newCall(new Request.Builder().url(url).build());
        CompletableFuture<AnnounceResponse> result = new CompletableFuture<>();
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
                    result.complete(read(response, name));
                } catch (MimException.Network e) {
                    result.completeExceptionally(e);
                } catch (IOException e) {
                    onFailure(c, e);
                }
            }
        });
        return result;
    }

    /** The client every announce derives from, made on first use; null once closed. */
    private synchronized OkHttpClient shared() {
        if (http == null && !closed) {
            http = new OkHttpClient.Builder()
                    .connectTimeout(connectTimeout)
                    .readTimeout(readTimeout)
                    .callTimeout(callTimeout)
                    .build();
        }
        return closed ? null : http;
    }

    /** Whether an announce has made the OkHttp client yet. */
    synchronized boolean started() {
        return http != null;
    }

    /** The client that sends from {@code local}, or from where the system picks when it is null. */
    private OkHttpClient client(OkHttpClient shared, InetAddress local) {
        if (local == null) {
            return shared;
        }
        return bound.computeIfAbsent(local, a -> shared.newBuilder().socketFactory(new BoundSocketFactory(a))
                .connectionPool(new ConnectionPool()).build());
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
        // OkHttp reports its call timeout as an InterruptedIOException("timeout").
        if (e instanceof SocketTimeoutException || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
            return "timed out";
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException) {
            return "is unreachable: " + e.getMessage();
        }
        return "failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
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
            made = http;
        }
        if (made != null) {
            made.dispatcher().cancelAll();
            made.dispatcher().executorService().shutdown();
            made.connectionPool().evictAll();
            bound.values().forEach(c -> c.connectionPool().evictAll());
        }
    }
}
