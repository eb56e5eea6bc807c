package mim.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.DhtInfo;
import mim.core.spi.FileStream;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionEvent;
import mim.core.spi.SessionStats;
import mim.core.spi.Subscription;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A {@link SessionControl} over the HTTP API of a running {@code mim server}: what {@code mim download}
 * hands its torrents to, and what a terminal UI attaches through. Every method maps to one of the API's
 * routes (or, for the reads, to the snapshot below) and answers with the same value types as the engine.
 *
 * <p>Snapshot reads: {@link #list}, {@link #idOf}, {@link #details}, {@link #stats(int)}, {@link #stats()}
 * and {@link #metadata} must answer at once, so they answer from the snapshot the last {@link #refresh}
 * took ({@code GET /torrents?with_stats=true}, {@code GET /stats}, and {@code GET /torrents/{id}} for a
 * torrent new to the snapshot or whose summary changed). The engine refreshes its own snapshots every
 * second whether anyone looks or not; this one refreshes when its user asks (once per frame drawn, say),
 * and after each change made through it, so an idle client costs the server nothing and a change is
 * visible in the reads once its future completed. A torrent's files are fetched again only when its
 * summary changes (its state, name, pieces, completion), or when this client chose its files: another
 * client's choice shows when the torrent's run restarts with it. A torrent's .torrent file is fetched
 * on the first {@link #metadata} call and kept (it never changes once known); until it came, that call
 * answers empty, as for a magnet link still fetching its metadata.
 *
 * <p>Failures: an unknown id (the API's {@code 404 torrent_not_found}) is a {@link NoSuchTorrentException};
 * a request the server refuses ({@code 400}) a {@link MimException.BadInput} with the server's
 * {@code human_readable}; refused credentials a {@link MimException.BadInput} saying so; a server that
 * does not answer one {@link MimException.Network}, {@code mim server at HOST:PORT is not answering}.
 *
 * <p>Thread safety: safe for use from any thread; no method blocks but {@link #connect}. Futures complete
 * on OkHttp's dispatcher threads. {@link #close} releases the connections and threads.
 */
public final class RemoteSession implements SessionControl, AutoCloseable {
    /** A loopback server accepts a connection in milliseconds: past this, nobody is listening there. */
    static final Duration PROBE_CONNECT_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** The server gives a listed magnet link's metadata five minutes; the answer may take that long. */
    private static final Duration LIST_ONLY_READ_TIMEOUT = Duration.ofMinutes(6);
    private static final Logger log = LoggerFactory.getLogger(RemoteSession.class);

    private final String where;
    private final HttpUrl base;
    private final String authorization;
    private final OkHttpClient http;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), Map.of(), Map.of(),
            new SessionStats(0, 0, 0, 0, 0, 0, 0), Limits.NONE, Map.of());
    /** The server's output folder, from its index. */
    private volatile String outputFolder;
    /** The server's DHT node, if it runs one (asked at connection). */
    private volatile Optional<DhtInfo> dht = Optional.empty();
    /** The event subscriptions given out, closed with the client. */
    private final Set<Subscription<SessionEvent>> feeds = ConcurrentHashMap.newKeySet();
    /** Ids whose files this client changed: fetched again at the next refresh. */
    private final Set<Integer> stale = ConcurrentHashMap.newKeySet();
    private final Map<Integer, byte[]> metadata = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<byte[]>> metadataCalls = new ConcurrentHashMap<>();

    /**
     * What the reads answer: the torrents in id order, with their stats, details and limits, and the session's
     * totals, limits and categories.
     */
    private record Snapshot(List<TorrentSummary> list, Map<Integer, TorrentStats> stats,
                            Map<Integer, TorrentDetails> details, Map<Integer, Limits> limits, SessionStats session,
                            Limits sessionLimits, Map<String, String> categories) {}

    private RemoteSession(String where, HttpUrl base, String credentials, OkHttpClient http) {
        this.where = where;
        this.base = base;
        this.authorization = credentials == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.http = http;
    }

    /**
     * Finds a mim server at {@code address} and takes a first snapshot of it; blocks for that long.
     *
     * @param address the API's address as {@code --http-api-listen-addr} gives it ({@code HOST:PORT}); a
     *     wildcard host (the server listens everywhere) is reached on loopback
     * @param credentials {@code user:password} for Basic authentication, or null
     * @return empty when nothing answers there within {@link #PROBE_CONNECT_TIMEOUT}, or something other
     *     than a mim server does
     * @throws MimException.BadInput for an address that is not HOST:PORT, or a mim server that wants
     *     credentials other than those given
     * @throws MimException.Network when the server stops answering after it was found
     */
    public static Optional<RemoteSession> connect(String address, String credentials) throws MimException {
        InetSocketAddress target = parse(address);
        String host = target.getHostString();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = host.equals("::") ? "::1" : "127.0.0.1";
        }
        // Nothing of OkHttp loads before something accepts: most downloads find no server.
        if (!accepting(host, target.getPort())) {
            return Optional.empty();
        }
        HttpUrl base = new HttpUrl.Builder().scheme("http").host(host).port(target.getPort()).build();
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
        // Plain HTTP only: a client that may speak TLS loads the system's trust store as it is built.
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(CONNECT_TIMEOUT).readTimeout(READ_TIMEOUT)
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .followRedirects(false).retryOnConnectionFailure(false).build();
        RemoteSession session = new RemoteSession(where, base, credentials, http);
        boolean found = false;
        try {
            if (!session.isMim()) {
                return Optional.empty();
            }
            session.await(session.refresh());
            session.dht = session.findDht();
            found = true;
            return Optional.of(session);
        } finally {
            if (!found) {
                session.close();
            }
        }
    }

    /** {@code HOST:PORT} of the server, as messages name it. */
    public String address() {
        return where;
    }

    // ---- snapshot reads

    @Override
    public List<TorrentSummary> list() {
        return snapshot.list();
    }

    @Override
    public OptionalInt idOf(String infoHashHex) {
        for (TorrentSummary s : snapshot.list()) {
            if (s.infoHash().equalsIgnoreCase(infoHashHex)) {
                return OptionalInt.of(s.id());
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public TorrentDetails details(int id) throws NoSuchTorrentException {
        return known(snapshot.details(), id);
    }

    @Override
    public TorrentStats stats(int id) throws NoSuchTorrentException {
        return known(snapshot.stats(), id);
    }

    @Override
    public SessionStats stats() {
        return snapshot.session();
    }

    @Override
    public Optional<byte[]> metadata(int id) throws NoSuchTorrentException {
        TorrentDetails d = details(id);
        byte[] known = metadata.get(id);
        if (known != null) {
            return Optional.of(known.clone());
        }
        if (d.summary().pieceCount() > 0) {
            fetchMetadata(id);
        }
        return Optional.empty();
    }

    /** The torrent's .torrent file ({@code GET /torrents/{id}/metadata}), kept once it came. */
    public CompletableFuture<byte[]> fetchMetadata(int id) {
        byte[] known = metadata.get(id);
        if (known != null) {
            return CompletableFuture.completedFuture(known.clone());
        }
        // In the map before the call starts: an answer that comes at once must find its entry to remove.
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> pending = metadataCalls.putIfAbsent(id, mine);
        if (pending != null) {
            return pending;
        }
        call(get("torrents/" + id + "/metadata").build(), id, http).whenComplete((body, e) -> {
            metadataCalls.remove(id, mine);
            if (e != null) {
                mine.completeExceptionally(e);
            } else {
                metadata.put(id, body);
                mine.complete(body.clone());
            }
        });
        return mine;
    }

    /**
     * Takes a new snapshot for the reads; completes once they answer from it. A failure (the server gone)
     * leaves the last one in place.
     */
    @Override
    public CompletableFuture<Void> refresh() {
        CompletableFuture<JsonNode> torrents = json(get("torrents?with_stats=true").build(), null);
        CompletableFuture<JsonNode> session = json(get("stats").build(), null);
        CompletableFuture<JsonNode> sessionLimits = json(get("torrents/limits").build(), null);
        CompletableFuture<Map<String, String>> categories = json(get("torrents/categories").build(), null)
                .thenApply(ApiValues::categories);
        return torrents.thenCombine(session, (t, s) -> new Object[] {t, s}).thenCompose(both -> {
            Snapshot before = snapshot;
            List<TorrentSummary> list = new ArrayList<>();
            Map<Integer, TorrentStats> stats = new HashMap<>();
            Map<Integer, Limits> limits = new HashMap<>();
            Map<Integer, CompletableFuture<TorrentDetails>> details = new LinkedHashMap<>();
            for (JsonNode t : ((JsonNode) both[0]).path("torrents")) {
                TorrentSummary summary = ApiValues.summary(t);
                list.add(summary);
                stats.put(summary.id(), ApiValues.stats(t.path("stats")));
                limits.put(summary.id(), ApiValues.limits(t.path("stats").path("limits")));
                TorrentDetails had = before.details().get(summary.id());
                boolean chosenHere = stale.remove(summary.id());
                boolean unchanged = !chosenHere && had != null && had.summary().equals(summary);
                details.put(summary.id(), unchanged ? CompletableFuture.completedFuture(had)
                        : json(get("torrents/" + summary.id()).build(), summary.id()).thenApply(ApiValues::details)
                                .exceptionally(e -> null));
            }
            SessionStats totals = ApiValues.session((JsonNode) both[1]);
            return CompletableFuture.allOf(details.values().toArray(CompletableFuture[]::new)).thenCombine(sessionLimits,
                    (all, l) -> ApiValues.limits(l)).thenAcceptBoth(categories, (sessionWide, named) -> {
                Map<Integer, TorrentDetails> files = new HashMap<>();
                details.forEach((id, d) -> {
                    if (d.join() != null) {
                        files.put(id, d.join());
                    }
                });
                // A torrent removed between the list and its details is left out, as the server does.
                list.removeIf(s -> !files.containsKey(s.id()));
                stats.keySet().retainAll(files.keySet());
                limits.keySet().retainAll(files.keySet());
                metadata.keySet().retainAll(files.keySet());
                snapshot = new Snapshot(List.copyOf(list), Map.copyOf(stats), Map.copyOf(files), Map.copyOf(limits),
                        totals, sessionWide, Collections.unmodifiableMap(named));
            });
        });
    }

    // ---- asynchronous reads

    @Override
    public CompletableFuture<List<PeerStats>> peers(int id) {
        return json(get("torrents/" + id + "/peer_stats").build(), id).thenApply(ApiValues::peers);
    }

    @Override
    public CompletableFuture<Haves> haves(int id) {
        Request request = get("torrents/" + id + "/haves").header("Accept", Codec.OCTETS.toString()).build();
        return exchange(request, id, http).thenApply(answer -> {
            String count = answer.header("X-Bitfield-Len");
            try {
                return new Haves(Integer.parseInt(count), answer.body());
            } catch (IllegalArgumentException e) {
                throw new CompletionException(new MimException("the mim server at " + where
                        + " answered a bitfield that does not match its length " + count));
            }
        });
    }

    // ---- changes

    @Override
    public CompletableFuture<AddResult> add(AddRequest request) {
        HttpUrl.Builder url = base.newBuilder().addPathSegment("torrents");
        RequestBody body;
        if (request.source() instanceof AddRequest.TorrentFile file) {
            url.addQueryParameter("is_url", "false");
            body = RequestBody.create(file.bytes(), Codec.OCTETS);
        } else {
            url.addQueryParameter("is_url", "true");
            body = RequestBody.create(((AddRequest.Link) request.source()).text().getBytes(StandardCharsets.UTF_8),
                    MediaType.get("text/plain; charset=utf-8"));
        }
        query(url, "output_folder", request.outputFolder());
        query(url, "sub_folder", request.subFolder());
        if (request.onlyFiles() != null) {
            StringJoiner files = new StringJoiner(",");
            new TreeSet<>(request.onlyFiles()).forEach(i -> files.add(i.toString()));
            url.addQueryParameter("only_files", files.toString());
        }
        query(url, "only_files_regex", request.onlyFilesRegex());
        flag(url, "overwrite", request.overwrite());
        flag(url, "list_only", request.listOnly());
        flag(url, "paused", request.paused());
        if (!request.labels().isEmpty()) {
            url.addQueryParameter("labels", String.join(",", new TreeSet<>(request.labels())));
        }
        if (!request.initialPeers().isEmpty()) {
            StringJoiner peers = new StringJoiner(",");
            for (InetSocketAddress p : request.initialPeers()) {
                if (p.isUnresolved()) {
                    return CompletableFuture.failedFuture(new MimException.BadInput(p.getHostString()
                            + ": a peer for the server must be an IP address"));
                }
                peers.add(hostPort(p));
            }
            url.addQueryParameter("initial_peers", peers.toString());
        }
        OkHttpClient client = request.listOnly()
                ? http.newBuilder().readTimeout(LIST_ONLY_READ_TIMEOUT).build() : http;
        Request post = authorized(new Request.Builder().url(url.build()).post(body)).build();
        CompletableFuture<AddResult> added = exchange(post, null, client)
                .thenApply(answer -> ApiValues.added(parse(answer.body())));
        return request.listOnly() ? added : added.thenCompose(result -> refreshed(result));
    }

    @Override
    public CompletableFuture<Void> pause(int id) {
        return action(id, "pause");
    }

    @Override
    public CompletableFuture<Void> start(int id) {
        return action(id, "start");
    }

    @Override
    public CompletableFuture<Void> forget(int id) {
        return action(id, "forget");
    }

    @Override
    public CompletableFuture<Void> delete(int id) {
        return action(id, "delete");
    }

    @Override
    public CompletableFuture<Void> selectFiles(int id, Set<Integer> files) {
        return postJson("torrents/" + id + "/update_only_files", Map.of("only_files", new TreeSet<>(files)), id)
                .thenCompose(answer -> {
                    stale.add(id);
                    return refreshed(null);
                });
    }

    /**
     * A stream over the server's {@code GET /torrents/{id}/stream/{file}}: each read is one request for its
     * range, which the server answers once the pieces are verified (so a read may wait as long as the
     * download does). The server fetches a stream's pieces first while a request of it is open, not between
     * two reads.
     */
    @Override
    public FileStream stream(int id, int fileIndex) throws MimException {
        List<TorrentDetails.File> files = details(id).files();
        if (files.isEmpty()) {
            throw new MimException.BadInput("torrent " + id + ": its metadata is not known yet");
        }
        if (fileIndex < 0 || fileIndex >= files.size()) {
            throw new MimException.BadInput("torrent " + id + " has no file " + fileIndex + " (it has "
                    + files.size() + ")");
        }
        long length = files.get(fileIndex).length();
        OkHttpClient patient = http.newBuilder().readTimeout(Duration.ZERO).build();
        HttpUrl url = base.newBuilder().addPathSegments("torrents/" + id + "/stream/" + fileIndex).build();
        return new FileStream() {
            private volatile boolean closed;

            @Override
            public long length() {
                return length;
            }

            @Override
            public CompletableFuture<ByteBuffer> read(long offset, int maxLength) {
                if (offset < 0 || offset >= length || maxLength < 1) {
                    throw new IndexOutOfBoundsException("offset " + offset + ", length " + maxLength + " in a file of "
                            + length + " bytes");
                }
                if (closed) {
                    return CompletableFuture.failedFuture(new MimException("the stream is closed"));
                }
                long last = Math.min(length, offset + maxLength) - 1;
                Request request = authorized(new Request.Builder().url(url).get()
                        .header("Range", "bytes=" + offset + "-" + last)).build();
                return call(request, id, patient).thenApply(ByteBuffer::wrap);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    // ---- limits, peers, labels, re-checking

    @Override
    public Limits sessionLimits() {
        return snapshot.sessionLimits();
    }

    /** Sends the limits to the server; the reads show them once it took them. A refusal is logged. */
    @Override
    public void setSessionLimits(Limits limits) {
        postJson("torrents/limits", ApiValues.body(limits), null).thenCompose(answer -> refreshed(null))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("the session's limits were not set: {}", mim.core.Reason.of(e));
                    }
                });
    }

    @Override
    public Limits limits(int id) throws NoSuchTorrentException {
        return known(snapshot.limits(), id);
    }

    @Override
    public Map<String, String> categories() {
        return snapshot.categories();
    }

    /** Sends the categories to the server; completes once the reads show them. */
    @Override
    public CompletableFuture<Void> setCategories(Map<String, String> categories) {
        return postJson("torrents/categories", categories, null).thenCompose(answer -> refreshed(null));
    }

    @Override
    public CompletableFuture<Void> setLimits(int id, Limits limits) {
        return postJson("torrents/" + id + "/limits", ApiValues.body(limits), id).thenCompose(answer -> refreshed(null));
    }

    @Override
    public CompletableFuture<Void> addPeers(int id, List<InetSocketAddress> peers) {
        List<String> addresses = new ArrayList<>();
        for (InetSocketAddress p : peers) {
            if (p.isUnresolved()) {
                return CompletableFuture.failedFuture(new MimException.BadInput(p.getHostString()
                        + ": a peer for the server must be an IP address"));
            }
            addresses.add(hostPort(p));
        }
        return postJson("torrents/" + id + "/add_peers", addresses, id).thenApply(answer -> null);
    }

    @Override
    public CompletableFuture<Void> setLabels(int id, Set<String> labels) {
        return postJson("torrents/" + id + "/labels", Map.of("labels", new TreeSet<>(labels)), id)
                .thenCompose(answer -> refreshed(null));
    }

    @Override
    public CompletableFuture<Void> verify(int id) {
        return action(id, "verify");
    }

    @Override
    public String outputFolder() {
        return outputFolder;
    }

    // ---- events, the DHT

    /**
     * The server's {@code GET /events}, kept open (and opened again a second after it breaks, with a
     * {@link SessionEvent.Lost} before the next event) until the subscription is closed.
     */
    @Override
    public Subscription<SessionEvent> subscribe(int capacity) {
        // The server sends a comment every 15 s: a minute without a byte is a connection lost.
        OkHttpClient listening = http.newBuilder().readTimeout(Duration.ofMinutes(1)).build();
        feeds.removeIf(Subscription::isClosed);
        Subscription<SessionEvent> feed = EventFeed.start(() -> listening.newCall(get("events").build()), capacity);
        feeds.add(feed);
        return feed;
    }

    @Override
    public Optional<DhtInfo> dht() {
        return dht;
    }

    private Optional<DhtInfo> findDht() {
        try {
            await(json(get("dht/stats").build(), null));
            return Optional.of(new RemoteDht(path -> json(get(path).build(), null)));
        } catch (MimException e) {
            return Optional.empty(); // 404 dht_disabled
        }
    }

    /** Closes the connections to the server and OkHttp's threads; futures still open fail. */
    @Override
    public void close() {
        feeds.forEach(Subscription::close);
        http.dispatcher().executorService().shutdownNow();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "mim server at " + where;
    }

    // ---- the exchanges

    private CompletableFuture<Void> action(int id, String what) {
        Request request = authorized(new Request.Builder().url(base.newBuilder().addPathSegments("torrents/" + id
                + "/" + what).build()).post(RequestBody.create(new byte[0], null))).build();
        return exchange(request, id, http).thenCompose(answer -> refreshed(null));
    }

    /** {@code value}, as JSON, posted to {@code path}. */
    private CompletableFuture<Answer> postJson(String path, Object value, Integer id) {
        byte[] body;
        try {
            body = Codec.JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        Request request = authorized(new Request.Builder().url(base.newBuilder().addPathSegments(path).build())
                .post(RequestBody.create(body, Codec.JSON_TYPE))).build();
        return exchange(request, id, http);
    }

    /** {@code value} once the reads show the change; a refresh that fails does not fail the change, done already. */
    private <T> CompletableFuture<T> refreshed(T value) {
        return refresh().handle((v, e) -> value);
    }

    /**
     * Whether anything accepts a connection at {@code host}:{@code port} within {@link
     * #PROBE_CONNECT_TIMEOUT}. With no server running, the usual case for a download, loopback refuses
     * at once and the HTTP client is never built: OkHttp, its TLS set-up and Jackson were 0.2 s of a
     * download's start-up.
     */
    private static boolean accepting(String host, int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, port), (int) PROBE_CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean isMim() throws MimException {
        Answer answer;
        try {
            answer = await(exchange(get("").build(), null,
                    http.newBuilder().connectTimeout(PROBE_CONNECT_TIMEOUT).build()));
        } catch (MimException.Network e) {
            return false; // Nothing listens there.
        } catch (CredentialsRefused e) {
            throw e; // Only a mim server asks for them under its realm.
        } catch (MimException e) {
            return false; // Something answers, but not as the API would.
        }
        try {
            JsonNode index = Codec.JSON.readTree(answer.body());
            outputFolder = index.path("output_folder").asText(null);
            return "mim".equals(index.path("server").asText(null));
        } catch (IOException e) {
            return false;
        }
    }

    private Request.Builder get(String pathAndQuery) {
        HttpUrl url = HttpUrl.get(base + pathAndQuery);
        return authorized(new Request.Builder().url(url).get());
    }

    private Request.Builder authorized(Request.Builder b) {
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    private CompletableFuture<JsonNode> json(Request request, Integer id) {
        return exchange(request, id, http).thenApply(answer -> parse(answer.body()));
    }

    private CompletableFuture<byte[]> call(Request request, Integer id, OkHttpClient client) {
        return exchange(request, id, client).thenApply(Answer::body);
    }

    /** A response read whole, and the headers the reads use. */
    private record Answer(byte[] body, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Sends {@code request}; completes with a 2xx answer, or fails with the {@link MimException} the answer
     * (or its absence) means. {@code id} is the torrent the request names, for a 404's exception.
     */
    private CompletableFuture<Answer> exchange(Request request, Integer id, OkHttpClient client) {
        CompletableFuture<Answer> out = new CompletableFuture<>();
        Call call;
        try {
            call = client.newCall(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(notAnswering());
        }
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                out.completeExceptionally(notAnswering());
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    byte[] body = response.body() == null ? new byte[0] : response.body().bytes();
                    if (response.isSuccessful()) {
                        Map<String, String> headers = new HashMap<>();
                        response.headers().forEach(h -> headers.put(h.getFirst().toLowerCase(java.util.Locale.ROOT),
                                h.getSecond()));
                        out.complete(new Answer(body, headers));
                    } else {
                        out.completeExceptionally(refusal(response, body, id));
                    }
                } catch (IOException e) {
                    out.completeExceptionally(notAnswering());
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            }
        });
        return out;
    }

    /** A mim server wants other credentials than those given (none, or wrong ones). */
    /**
     * The JSON codec and the media types, made on first use: {@link #connect} finds no server without
     * them, and Jackson and OkHttp are classes a download started without a server never needs.
     */
    private static final class Codec {
        static final ObjectMapper JSON = new ObjectMapper();
        static final MediaType JSON_TYPE = MediaType.get("application/json");
        static final MediaType OCTETS = MediaType.get("application/octet-stream");
    }

    private static final class CredentialsRefused extends MimException.BadInput {
        private static final long serialVersionUID = 1L;

        CredentialsRefused(String message) {
            super(message);
        }
    }

    private MimException notAnswering() {
        return new MimException.Network("mim server at " + where + " is not answering");
    }

    /** What an error answer means, from the API's {@code {error_kind, human_readable, status, status_text}}. */
    private MimException refusal(Response response, byte[] body, Integer id) {
        String kind = null;
        String text = null;
        try {
            JsonNode error = Codec.JSON.readTree(body);
            kind = error.path("error_kind").asText(null);
            text = error.path("human_readable").asText(null);
        } catch (IOException e) {
            // Not the API's shape: said below by status.
        }
        int status = response.code();
        if (status == 401 && response.header("WWW-Authenticate", "").contains("realm=\"mim\"")) {
            return new CredentialsRefused(authorization == null
                    ? "the mim server at " + where + " needs a user name and password: give --http-api-auth "
                            + "USER:PASSWORD (or MIM_HTTP_API_AUTH)"
                    : "the mim server at " + where + " refused the user name and password given");
        }
        if (text == null) {
            return new MimException("the mim server at " + where + " answered HTTP " + status
                    + (response.message().isBlank() ? "" : " " + response.message()));
        }
        if (status == 404 && "torrent_not_found".equals(kind) && id != null) {
            return new NoSuchTorrentException(id);
        }
        if (status == 400 || status == 413) {
            return new MimException.BadInput(text);
        }
        if (status == 502) {
            return new MimException.Network(text);
        }
        return new MimException(text);
    }

    private JsonNode parse(byte[] body) {
        try {
            return Codec.JSON.readTree(body);
        } catch (IOException e) {
            throw new CompletionException(new MimException("the mim server at " + where + " answered something "
                    + "that is not JSON"));
        }
    }

    private static String hostPort(InetSocketAddress p) {
        String ip = p.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + p.getPort();
    }

    private static void query(HttpUrl.Builder url, String name, String value) {
        if (value != null) {
            url.addQueryParameter(name, value);
        }
    }

    private static void flag(HttpUrl.Builder url, String name, boolean value) {
        if (value) {
            url.addQueryParameter(name, "true");
        }
    }

    private static <T> T known(Map<Integer, T> values, int id) throws NoSuchTorrentException {
        T value = values.get(id);
        if (value == null) {
            throw new NoSuchTorrentException(id);
        }
        return value;
    }

    /** Waits for a future of this client (for {@link #connect}), its failure as the exception it carries. */
    private <T> T await(CompletableFuture<T> future) throws MimException {
        try {
            return future.get(READ_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            throw cause instanceof MimException m ? m : new MimException("the mim server at " + where + ": "
                    + mim.core.Reason.of(cause), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw notAnswering();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notAnswering();
        }
    }

    private static InetSocketAddress parse(String address) throws MimException.BadInput {
        int colon = address.lastIndexOf(':');
        String host = colon <= 0 ? "" : address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            // said below
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new MimException.BadInput("--http-api-listen-addr '" + address + "': expected HOST:PORT");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
