package mim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP server on loopback that answers one request with a 200 and a body of a given size, written
 * as it goes rather than held in memory, with or without a Content-Length. For tests of size caps,
 * where WireMock would need the whole body in memory first. Closing it closes the socket.
 */
final class StreamingServer implements AutoCloseable {
    private final ServerSocket listener;
    private final CompletableFuture<Long> sent;

    StreamingServer(long bodyBytes, boolean declareLength) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-bittorrent\r\n"
                + (declareLength ? "Content-Length: " + bodyBytes + "\r\n" : "") + "Connection: close\r\n\r\n";
        sent = CompletableFuture.supplyAsync(() -> serve(head, bodyBytes));
    }

    String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + path;
    }

    /** Body bytes written before the client hung up (or all of them). */
    long bytesSent() throws InterruptedException, ExecutionException, TimeoutException {
        return sent.get(30, TimeUnit.SECONDS);
    }

    private long serve(String head, long total) {
        long written = 0;
        try (Socket socket = listener.accept()) {
            skipRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            chunk[0] = 'd';
            while (written < total) {
                int n = (int) Math.min(chunk.length, total - written);
                out.write(chunk, 0, n);
                chunk[0] = 0;
                written += n;
            }
        } catch (IOException expected) {
            // The client hung up once it had seen enough.
        }
        return written;
    }

    /** Reads up to the blank line that ends the request head. */
    private static void skipRequest(InputStream in) throws IOException {
        String end = "\r\n\r\n";
        int matched = 0;
        while (matched < end.length()) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("request cut short");
            }
            matched = c == end.charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
