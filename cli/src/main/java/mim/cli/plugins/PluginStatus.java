package mim.cli.plugins;

import java.nio.file.Path;
import java.util.List;

/**
 * One plugin jar as the host found it: what it is, where it came from, what it offers and whether it
 * runs, with the reason when it does not. Immutable.
 *
 * @param id the plugin's id, or the jar's file name when it has none
 * @param version its version, or null when unknown
 * @param reason why it is not active; null when it is
 * @param extensions what it implements, sorted by class; empty when it could not be loaded
 */
public record PluginStatus(
        String id, String version, Origin origin, Path path, State state, String reason, List<Extension> extensions) {

    public PluginStatus {
        extensions = List.copyOf(extensions);
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    /** Where a plugin jar was found. */
    public enum Origin {
        /** The distribution's {@code plugins/} folder. */
        BUNDLED,
        /** The user's plugin folder. */
        USER
    }

    public enum State {
        ACTIVE,
        /** Turned off in the configuration. */
        DISABLED,
        /** A user plugin that the configuration does not enable. */
        NOT_ENABLED,
        /** Not loadable: not a plugin, incompatible, or missing what it depends on. */
        REFUSED,
        /** Loaded, but its start failed. */
        FAILED
    }

    /**
     * One extension of the plugin.
     *
     * @param point the simple name of the extension point it implements ({@code StorageBackend},
     *     {@code PeerSource}, {@code WireExtension}, ...), or {@code unknown}
     */
    public record Extension(String point, String className) {}
}
