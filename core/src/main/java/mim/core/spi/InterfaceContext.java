package mim.core.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the application gives a {@link UserInterface} besides the session. Immutable.
 *
 * @param settings the interface's settings, from the command line (for the HTTP API: {@code listen},
 *     {@code auth}, {@code insecure}); keys it does not know are ignored
 * @param mounts the routes other plugins add to an HTTP interface
 * @param logs the application's log as it happens ({@link LogFeed#NONE} where it is not shared)
 */
public record InterfaceContext(Map<String, String> settings, List<HttpMount> mounts, LogFeed logs) {

    public InterfaceContext {
        settings = Map.copyOf(settings);
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(logs, "logs");
    }

    /** A context that shares no log. */
    public InterfaceContext(Map<String, String> settings, List<HttpMount> mounts) {
        this(settings, mounts, LogFeed.NONE);
    }

    /** A setting, if given. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
