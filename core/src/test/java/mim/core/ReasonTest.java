package mim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ReasonTest {

    @Test
    void networkFailuresAreWordedWithoutTheirClassNames() {
        ConnectException okHttps = new ConnectException("Failed to connect to /127.0.0.1:9");
        okHttps.initCause(new ConnectException("Connection refused"));
        assertEquals("connection refused", Reason.of(okHttps));
        assertEquals("connection refused", Reason.of(new ConnectException("Failed to connect to /127.0.0.1:9")));
        assertEquals("connection timed out", Reason.of(new ConnectException("Connection timed out")));
        assertEquals("unknown host tracker.example", Reason.of(new UnknownHostException("tracker.example")));
        assertEquals("unknown host tracker.example",
                Reason.of(new UnknownHostException("tracker.example: Name or service not known")));
        assertEquals("timed out", Reason.of(new SocketTimeoutException("Read timed out")));
        assertEquals("timed out", Reason.of(new InterruptedIOException("timeout")));
        assertEquals("no route to host", Reason.of(new NoRouteToHostException("No route to host")));
        assertEquals("TLS failed: unable to find valid certification path to requested target",
                Reason.of(new SSLHandshakeException("PKIX path building failed: sun.security.provider.certpath."
                        + "SunCertPathBuilderException: unable to find valid certification path to requested target")));
        assertEquals("ended early", Reason.of(new EOFException()));
    }

    @Test
    void fileFailuresKeepTheSystemsWords() {
        assertEquals("permission denied", Reason.of(new AccessDeniedException("/x")));
        assertEquals("no such file or directory", Reason.of(new NoSuchFileException("/x")));
        assertEquals("no space left on device", Reason.of(new FileSystemException("/x", null, "No space left on device")));
        assertEquals("file system error", Reason.of(new FileSystemException("/x")));
    }

    @Test
    void ourOwnMessagesAndUnknownFailuresPassThroughWithoutAClassName() {
        assertEquals("tracker x: refused", Reason.of(new MimException.Network("tracker x: refused")));
        assertEquals("stream closed", Reason.of(new IOException("Stream closed")));
        assertEquals("unexpected failure (-v debug shows where)", Reason.of(new IllegalStateException()));
        assertEquals("a b", Reason.of(new IOException("a\nb")));
    }
}
