package mim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.InvalidTorrentException;
import mim.core.metainfo.Metainfo;
import mim.core.session.TorrentFetcher;
import mim.core.spi.AddRequest;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Turns what a user typed for a torrent into the torrent: a {@code magnet:} link, an {@code http(s)}
 * URL of a .torrent file (or one that redirects to a magnet link), or a path to a .torrent file,
 * which is parsed here.
 *
 * <p>Every load is bounded: a torrent file may have at most {@link Limits#maxBytes()} bytes, checked
 * before reading a local file, against an HTTP response's Content-Length, and again while the body
 * streams in, so an oversized body is dropped without being held in memory. HTTP loads follow
 * redirects and are bounded in time by the limits' timeouts.
 *
 * <p>Every failure is a {@link MimException} whose one-line message starts with the source as the user
 * gave it. Stateless; each HTTP load uses its own client and releases its connections before
 * returning, so nothing outlives a call.
 */
public final class TorrentSource {
    /** The size and time bounds of a load. */
    public record Limits(long maxBytes, Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
        /** What the parser accepts: far more than the largest real torrent files. */
        public static final long DEFAULT_MAX_BYTES = Metainfo.MAX_TORRENT_SIZE;

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_BYTES, Duration.ofSeconds(10), Duration.ofSeconds(30),
                    Duration.ofSeconds(60));
        }

        /** These limits with the whole HTTP exchange bounded by {@code timeout}. */
        public Limits withTimeout(Duration timeout) {
            return new Limits(maxBytes, min(connectTimeout, timeout), min(readTimeout, timeout), timeout);
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }
    }

    /** What a source held. */
    public sealed interface Loaded permits TorrentFile, Magnet {}

    /** A parsed .torrent file, where it came from (for messages) and its bytes as read. */
    public record TorrentFile(String source, Metainfo metainfo, byte[] bytes) implements Loaded {}

    /** A magnet link. */
    public record Magnet(MagnetLink link) implements Loaded {}

    private static final int HTML_SNIFF = 64;

    private TorrentSource() {}

    /**
     * Loads the torrent the user named.
     *
     * @throws MimException.BadInput for a bad magnet link, a missing, empty, unreadable or oversized
     *     file, a directory, or content that is not a torrent at all
     * @throws InvalidTorrentException for a torrent file that cannot be used
     * @throws MimException.Network when the URL cannot be fetched: connection failure, time-out, an HTTP
     *     status other than success
     */
    public static Loaded load(String source, Limits limits) throws MimException {
        if (MagnetLink.looksLikeMagnet(source)) {
            return new Magnet(MagnetLink.parse(source));
        }
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            HttpUrl url = HttpUrl.parse(source);
            if (url == null) {
                throw new MimException.BadInput(source + ": not a valid URL");
            }
            return fetch(source, url, limits);
        }
        if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
            throw new MimException.BadInput(source + ": unsupported URL scheme (use http, https or magnet)");
        }
        return parsed(source, readFile(source, limits.maxBytes()));
    }

    /**
     * The torrent the user named, for a server to add: a magnet link or an http(s) URL as it is (the
     * server fetches the URL itself), a file read and checked here, so the server need not see it.
     *
     * @throws MimException for a file {@link #load} refuses
     */
    public static AddRequest.Source toAdd(String source) throws MimException {
        String lower = source.toLowerCase(Locale.ROOT);
        if (MagnetLink.looksLikeMagnet(source) || lower.startsWith("http://") || lower.startsWith("https://")) {
            return new AddRequest.Link(source);
        }
        return new AddRequest.TorrentFile(((TorrentFile) load(source, Limits.defaults())).bytes());
    }

    /**
     * Fetches URLs for a session's control surface ({@code POST /torrents} with a URL), within the
     * default limits: the .torrent file's bytes, or the magnet link the URL redirected to.
     */
    public static TorrentFetcher fetcher() {
        return url -> {
            Loaded loaded = load(url, Limits.defaults());
            return loaded instanceof TorrentFile f ? new AddRequest.TorrentFile(f.bytes())
                    : new AddRequest.Link(((Magnet) loaded).link().toString());
        };
    }

    private static byte[] readFile(String source, long maxBytes) throws MimException {
        Path path;
        try {
            path = Path.of(source);
        } catch (InvalidPathException e) {
            throw new MimException.BadInput(source + ": not a valid path");
        }
        if (Files.isDirectory(path)) {
            throw new MimException.BadInput(source + ": is a directory, not a torrent file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw tooLarge(source, size, maxBytes);
            }
            // Read one byte past the cap: the file may have grown since it was measured.
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw tooLarge(source, -1, maxBytes);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new MimException.BadInput(source + ": no such file");
        } catch (AccessDeniedException e) {
            throw new MimException.BadInput(source + ": permission denied");
        } catch (IOException e) {
            throw new MimException.BadInput(source + ": cannot read: " + Reason.of(e));
        }
    }

    private static Loaded fetch(String source, HttpUrl url, Limits limits) throws MimException {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectTimeout(limits.connectTimeout())
                .readTimeout(limits.readTimeout())
                .callTimeout(limits.callTimeout())
                .followRedirects(true)
                .followSslRedirects(true)
                .build();
        // Identity encoding: a compressed body would hide its size until it has been inflated, and
        // torrent files, mostly SHA-1 hashes, hardly compress.
        Request request = new Request.Builder().url(url)
                .header("Accept", "application/x-bittorrent, */*")
                .header("Accept-Encoding", "identity")
                .build();
        Call call = client.newCall(request);
        try (Response response = call.execute()) {
            // Torrent sites and indexer proxies answer some downloads with a redirect to a magnet
            // link, which OkHttp does not follow (not http); it is as good an answer as a file.
            String location = response.header("Location");
            if (response.isRedirect() && location != null && MagnetLink.looksLikeMagnet(location)) {
                return new Magnet(MagnetLink.parse(location));
            }
            if (!response.isSuccessful()) {
                String message = response.message().isBlank() ? "" : " " + response.message();
                throw new MimException.Network(source + ": server answered HTTP " + response.code() + message);
            }
            ResponseBody body = response.body();
            long declared = body.contentLength();
            if (declared > limits.maxBytes()) {
                throw refuse(call, tooLarge(source, declared, limits.maxBytes()));
            }
            byte[] bytes = readCapped(source, call, body.source(), limits.maxBytes());
            if (isHtml(bytes)) {
                throw new MimException.BadInput(source + ": not a torrent (the server sent a web page)");
            }
            return parsed(source, bytes);
        } catch (InterruptedIOException e) {
            // OkHttp's read and connect time-outs and its call time-out all end up here.
            throw new MimException.Network(source + ": timed out", e);
        } catch (IOException e) {
            throw new MimException.Network(source + ": cannot fetch: " + Reason.of(e), e);
        } finally {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }
    }

    /** Reads the whole body, refusing it as soon as it passes {@code maxBytes}. */
    private static byte[] readCapped(String source, Call call, BufferedSource in, long maxBytes)
            throws IOException, MimException {
        Buffer buffer = new Buffer();
        while (in.read(buffer, 64 * 1024) != -1) {
            if (buffer.size() > maxBytes) {
                buffer.clear();
                throw refuse(call, tooLarge(source, -1, maxBytes));
            }
        }
        return buffer.readByteArray();
    }

    /**
     * Drops the connection of a body we will not read: closing the response instead would let OkHttp
     * read on for a while to keep the connection for another request, which never comes.
     */
    private static MimException refuse(Call call, MimException why) {
        call.cancel();
        return why;
    }

    /**
     * Parses the torrent. Empty and non-bencode content gets a message of its own rather than a
     * parser's complaint about byte 0.
     */
    private static TorrentFile parsed(String source, byte[] bytes) throws MimException {
        if (bytes.length == 0) {
            throw new MimException.BadInput(source + ": is empty, not a torrent file");
        }
        if (bytes[0] != 'd') {
            throw new MimException.BadInput(source + ": not a torrent file (it does not start with a "
                    + "bencoded dictionary)");
        }
        try {
            return new TorrentFile(source, Metainfo.parse(bytes), bytes);
        } catch (InvalidTorrentException e) {
            throw new InvalidTorrentException(e.category(), source + ": invalid torrent: " + e.getMessage(), e);
        }
    }

    private static boolean isHtml(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, HTML_SNIFF), StandardCharsets.ISO_8859_1)
                .stripLeading().toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<?xml")
                || head.startsWith("<head") || head.startsWith("<body");
    }

    private static MimException tooLarge(String source, long size, long maxBytes) {
        String what = size >= 0 ? size + " bytes" : "more than " + maxBytes + " bytes";
        return new MimException.BadInput(source + ": too large for a torrent file (" + what
                + "; the limit is " + Sizes.human(maxBytes) + ")");
    }
}
