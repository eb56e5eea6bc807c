package mim.plugin.httpapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import mim.core.spi.HttpMount;

/**
 * The server's HTTP Basic credentials, checked in constant time: for the {@link RequestGuard}, and as the
 * {@link HttpMount.Access} a mount that {@link HttpMount#admitsItself admits clients itself} asks. The
 * credentials never leave this class. Immutable.
 */
final class BasicAuth {
    /** A server that needs no credentials. */
    static final BasicAuth NONE = new BasicAuth(null);

    private final byte[] expected;

    /** @param credentials {@code user:password}, or null for none */
    BasicAuth(String credentials) {
        this.expected = credentials == null ? null : ("Basic " + Base64.getEncoder()
                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    boolean required() {
        return expected != null;
    }

    /** Whether an {@code Authorization} header (null for none) admits a request. */
    boolean admits(String authorization) {
        return expected == null || authorization != null
                && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** What a mount learns of a request with this {@code Authorization} header. */
    HttpMount.Access access(String authorization) {
        boolean admitted = admits(authorization);
        return new HttpMount.Access() {
            @Override
            public boolean admitted() {
                return admitted;
            }

            @Override
            public boolean accepts(String user, String password) {
                return expected == null || user != null && password != null && admits("Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
        };
    }
}
