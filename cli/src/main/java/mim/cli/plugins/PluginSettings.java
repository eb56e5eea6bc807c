package mim.cli.plugins;

import java.util.Set;

/**
 * Which plugins the user turned on or off. Every bundled plugin is active unless disabled; a plugin
 * the user installed is active only when enabled (so a jar dropped into the folder does nothing
 * until asked to). Disabling wins over enabling. Immutable.
 */
public record PluginSettings(Set<String> enable, Set<String> disable) {
    public static final PluginSettings NONE = new PluginSettings(Set.of(), Set.of());

    public PluginSettings {
        enable = Set.copyOf(enable);
        disable = Set.copyOf(disable);
    }
}
