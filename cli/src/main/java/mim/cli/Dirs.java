package mim.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where mim finds its things: the distribution ({@code mim.home}, set by the launcher) and the
 * user's folders after the XDG base directory specification. Immutable.
 *
 * @param home the distribution's folder, or null when running outside one (from an IDE, in tests)
 * @param dataHome {@code $XDG_DATA_HOME}, by default {@code ~/.local/share}
 * @param configHome {@code $XDG_CONFIG_HOME}, by default {@code ~/.config}
 * @param stateHome {@code $XDG_STATE_HOME}, by default {@code ~/.local/state}
 */
public record Dirs(Path home, Path dataHome, Path configHome, Path stateHome) {

    /** From the {@code mim.home} system property and this process's environment. */
    public static Dirs fromEnvironment() {
        return from(System.getProperty("mim.home"), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Dirs from(String home, Map<String, String> env, Path userHome) {
        return new Dirs(home == null || home.isEmpty() ? null : Path.of(home).toAbsolutePath(),
                xdg(env.get("XDG_DATA_HOME"), userHome.resolve(".local/share")),
                xdg(env.get("XDG_CONFIG_HOME"), userHome.resolve(".config")),
                xdg(env.get("XDG_STATE_HOME"), userHome.resolve(".local/state")));
    }

    /** The specification ignores a relative or empty setting. */
    private static Path xdg(String value, Path fallback) {
        return value != null && !value.isEmpty() && Path.of(value).isAbsolute() ? Path.of(value) : fallback;
    }

    /** {@code config.json}, which need not exist. */
    public Path configFile() {
        return configHome.resolve("mim/config.json");
    }

    /** Where the user drops plugin jars. */
    public Path userPlugins() {
        return dataHome.resolve("mim/plugins");
    }

    /** Where {@code mim server} keeps its torrents between runs. */
    public Path serverState() {
        return stateHome.resolve("mim/server");
    }

    /** The distribution's bundled plugins, or null outside a distribution. */
    public Path bundledPlugins() {
        return home == null ? null : home.resolve("plugins");
    }
}
