package mim.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A streamed answer ({@code /events}, {@code /stream_logs}) read line by line as it comes, over a
 * socket of its own and on a thread of its own, every line kept; the chunked framing is checked as
 * it is taken off. {@link #close} closes the socket. Safe for use from any thread.
 */
public final class LineStream implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final Socket socket;
    private final String head;
    private final String path;
    private final ManagedProcess server;
    private volatile IOException broken;

    LineStream(InetSocketAddress api, String host, String path, ManagedProcess server) {
        this.path = path;
        this.server = server;
        try {
            socket = new Socket();
            socket.connect(api, 5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            head = readHead(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::read, "line-stream " + path);
        reader.setDaemon(true);
        reader.start();
    }

    /** The answer's status line and headers. */
    public String head() {
        return head;
    }

    /** Every line so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for a line that satisfies {@code wanted} and returns its index. */
    public int await(Predicate<String> wanted, String what, Duration timeout) {
        int[] at = {-1};
        Await.until(what + " on " + path, timeout, () -> {
            List<String> now = lines();
            for (int i = 0; i < now.size(); i++) {
                if (wanted.test(now.get(i))) {
                    at[0] = i;
                    return true;
                }
            }
            if (broken != null) {
                throw new AssertionError(path + " broke off: " + broken + "; lines: " + now);
            }
            return false;
        }, server);
        return at[0];
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try {
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            while (true) {
                int size = Integer.parseInt(crlfLine(in).strip(), 16);
                if (size == 0) {
                    return;
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size || !crlfLine(in).isEmpty()) {
                    throw new IOException("a chunk of " + size + " bytes is cut or not followed by CRLF");
                }
                for (char c : new String(chunk, StandardCharsets.UTF_8).toCharArray()) {
                    if (c == '\n') {
                        synchronized (lines) {
                            lines.add(line.toString());
                        }
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!socket.isClosed()) {
                broken = e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line; !(line = crlfLine(in)).isEmpty(); ) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String crlfLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the stream ended inside a line");
            }
            out.write(b);
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        if (!s.endsWith("\r")) {
            throw new IOException("a line of the HTTP framing does not end with CRLF: " + s);
        }
        return s.substring(0, s.length() - 1);
    }
}
