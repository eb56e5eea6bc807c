package mim.core;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why something failed, in a few lower-case words for a one-line message that already names what was
 * being done and to what ({@code cannot fetch http://x: connection refused}). Never a Java class name:
 * a failure no rule knows keeps its own message, and one without a message says it is unexpected.
 * Stateless.
 */
public final class Reason {
    private Reason() {}

    public static String of(Throwable e) {
        if (e instanceof MimException) {
            return e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException n) {
            return n.getReason() != null ? lowerFirst(n.getReason()) : "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            // The OS says "No space left on device" and "Is a directory": keep the words, lose the capital.
            return lowerFirst(f.getReason());
        }
        if (e instanceof FileSystemException) {
            return "file system error";
        }
        if (e instanceof ClosedByInterruptException) {
            return "interrupted";
        }
        if (e instanceof UnknownHostException) {
            return e.getMessage() == null ? "unknown host" : "unknown host " + e.getMessage().replaceFirst(":.*", "");
        }
        // OkHttp reports its call time-out as an InterruptedIOException("timeout").
        if (e instanceof SocketTimeoutException || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
            return "timed out";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable";
        }
        if (e instanceof ConnectException) {
            // OkHttp wraps the socket's "Connection refused" in "Failed to connect to /host:port".
            Throwable inner = e.getCause() instanceof ConnectException c ? c : e;
            String message = inner.getMessage();
            return message == null || message.startsWith("Failed to connect") ? "connection refused" : lowerFirst(message);
        }
        if (e instanceof SSLException) {
            return "TLS failed: " + (e.getMessage() == null ? "handshake refused" : lastClause(e.getMessage()));
        }
        if (e instanceof EOFException) {
            return e.getMessage() == null ? "ended early" : lowerFirst(e.getMessage());
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "unexpected failure (-v debug shows where)";
        }
        return lowerFirst(message.replace('\n', ' '));
    }

    private static String lowerFirst(String words) {
        if (words.length() > 1 && Character.isUpperCase(words.charAt(0)) && Character.isLowerCase(words.charAt(1))) {
            return words.substring(0, 1).toLowerCase(Locale.ROOT) + words.substring(1);
        }
        return words;
    }

    /**
     * A TLS failure's message after its last colon: "PKIX path building failed: sun.security...
     * SunCertPathBuilderException: unable to find valid certification path to requested target".
     */
    private static String lastClause(String message) {
        int colon = message.lastIndexOf(": ");
        return lowerFirst(colon >= 0 ? message.substring(colon + 2) : message);
    }
}
