package mim.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Node script that drives Debian's Chromium ({@code /usr/bin/chromium}) through the
 * {@code playwright-core} the web-ui plugin's build installed (pinned in its package-lock.json),
 * started as a managed process of the swarm: stopped by pid with the swarm if the test did not
 * see it exit. The script gets its settings as one JSON argument, with {@code playwright} (where
 * to resolve the library from) added.
 */
public final class Browser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Browser() {}

    /** Starts {@code node script settings} in the swarm's folder. */
    public static ManagedProcess run(Swarm swarm, Path script, Map<String, Object> settings) {
        Path frontend = projectRoot().resolve("plugins/web-ui/src/main/frontend");
        if (!Files.isDirectory(frontend.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("no playwright-core in " + frontend
                    + "/node_modules: build the web-ui plugin first (mvn -pl plugins/web-ui,cli -am verify)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            throw new IllegalStateException("no /usr/bin/chromium: run-tests installs Debian's chromium");
        }
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.put("playwright", frontend.resolve("package.json").toString());
        try {
            return swarm.start("browser", List.of("node", script.toAbsolutePath().toString(), JSON.writeValueAsString(all)),
                    swarm.dir(), List.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path projectRoot() {
        String root = System.getProperty("mim.projectRoot");
        if (root == null) {
            throw new IllegalStateException("system property mim.projectRoot is not set (failsafe sets it in cli/pom.xml)");
        }
        return Path.of(root);
    }
}
