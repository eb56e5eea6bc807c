package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the launcher's start-up pays for: {@code mim download} looks for a running server first, and
 * where nothing accepts, that look costs one refused connect and no HTTP client (OkHttp and the
 * Kotlin runtime under it were 150 classes and 18 ms of every download's start).
 */
class StartupIT {
    @TempDir
    Path dir;

    @Test
    void aDownloadThatFindsNoServerLoadsNoHttpClient() throws Exception {
        Files.write(dir.resolve("a.bin"), new byte[100_000]);
        assertEquals(0, Programs.mim(dir, "create", "a.bin", "-o", "a.torrent").exit());
        Path classes = dir.resolve("classes.log");
        // Port 1 on loopback: nothing listens there, so the probe is refused at once.
        Programs.Run r = Programs.run(List.of(Programs.mim().toString(), "--http-api-listen-addr", "127.0.0.1:1",
                "download", "-l", "a.torrent"), dir,
                Map.of("MIM_JAVA_OPTS", "-XX:+UseSerialGC -Xlog:class+load=info:file=" + classes), 120);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("a.bin"), r.out());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains(" mim.cli.remote.RemoteSession "), "the download looked for a server");
        // One interface of OkHttp's loads with the class that implements it; its client, URLs and Kotlin must not.
        for (String type : List.of(" okhttp3.OkHttpClient ", " okhttp3.HttpUrl ", " kotlin.")) {
            assertFalse(loaded.contains(type), type.trim() + " loaded though no server answered");
        }
    }
}
