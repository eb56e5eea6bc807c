package mim.core.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the application gives a {@link UserInterface} besides the session. Immutable.
 *
 * @param settings the interface's settings, from the command line (for the HTTP API: {@code listen},
 *     {@code auth}, {@code insecure}); keys it does not know are ignored
 * @param mounts the routes other plugins add to an HTTP interface
 */
public record InterfaceContext(Map<String, String> settings, List<HttpMount> mounts) {

    public InterfaceContext {
        settings = Map.copyOf(settings);
        mounts = List.copyOf(mounts);
    }

    /** A setting, if given. */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
