package mim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The real torrents under {@code src/test/resources/torrents/} (see the README there). */
final class TestTorrents {
    private TestTorrents() {}

    static byte[] bytes(String name) {
        try (InputStream in = TestTorrents.class.getResourceAsStream("/torrents/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test torrent " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String name) {
        try {
            return Path.of(TestTorrents.class.getResource("/torrents/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
