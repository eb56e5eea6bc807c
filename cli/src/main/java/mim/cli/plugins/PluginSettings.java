package mim.cli.plugins;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which plugins the user turned on or off. Every bundled plugin is active unless disabled; a plugin
 * the user installed is active only when enabled (so a jar dropped into the folder does nothing
 * until asked to). Disabling wins over enabling. Immutable.
 *
 * @param overrides plugins turned off by something other than config.json (a command-line flag),
 *     with what turned each off, for the reason {@code mim plugins} shows
 */
public record PluginSettings(Set<String> enable, Set<String> disable, Map<String, String> overrides) {
    public static final PluginSettings NONE = new PluginSettings(Set.of(), Set.of());

    public PluginSettings {
        enable = Set.copyOf(enable);
        disable = Set.copyOf(disable);
        overrides = Map.copyOf(overrides);
    }

    /** Settings as config.json gives them. */
    public PluginSettings(Set<String> enable, Set<String> disable) {
        this(enable, disable, Map.of());
    }

    /** These settings with plugin {@code id} also turned off, by {@code what} (such as a flag). */
    public PluginSettings disabledBy(String id, String what) {
        Set<String> off = new HashSet<>(disable);
        off.add(id);
        Map<String, String> why = new HashMap<>(overrides);
        why.put(id, what);
        return new PluginSettings(enable, off, why);
    }
}
