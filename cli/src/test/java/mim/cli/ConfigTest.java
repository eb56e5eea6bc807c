package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import mim.cli.plugins.PluginSettings;
import mim.core.MimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    private Config load(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return Config.load(file);
    }

    private String failure(String json) {
        return assertThrows(MimException.BadInput.class, () -> load(json).plugins()).getMessage();
    }

    @Test
    void readsThePluginSection() throws Exception {
        PluginSettings s = load("{\"plugins\": {\"enable\": [\"a\", \"b\"], \"disable\": [\"c\"]}, \"other\": 1}").plugins();
        assertEquals(new PluginSettings(Set.of("a", "b"), Set.of("c")), s);
    }

    @Test
    void aMissingOrEmptyFileIsAnEmptyConfiguration() throws Exception {
        assertEquals(PluginSettings.NONE, Config.load(dir.resolve("absent.json")).plugins());
        assertEquals(PluginSettings.NONE, load("").plugins());
        assertEquals(PluginSettings.NONE, load("{}").plugins());
    }

    @Test
    void malformedFilesAreNamedWithTheProblemOnOneLine() {
        String file = dir.resolve("config.json").toString();
        assertEquals(file + ": line 1, column 27: Unexpected character ('}' (code 125)): was expecting double-quote"
                + " to start field name", failure("{\"plugins\": {\"enable\": [],}}"));
        assertEquals(file + ": expected a JSON object", failure("[1]"));
        assertEquals(file + ": \"plugins.enable\" must be a list of plugin ids", failure("{\"plugins\": {\"enable\": \"a\"}}"));
        assertEquals(file + ": \"plugins.disable\" must be a list of plugin ids, found 3",
                failure("{\"plugins\": {\"disable\": [3]}}"));
        assertEquals(file + ": unknown key \"plugins.enabled\" (expected \"enable\" or \"disable\")",
                failure("{\"plugins\": {\"enabled\": []}}"));
        assertEquals(file + ": \"plugins\" must be an object with \"enable\" and \"disable\" lists",
                failure("{\"plugins\": []}"));
    }

    @Test
    void xdgFoldersFollowTheEnvironmentAndIgnoreRelativeSettings() {
        Path home = Path.of("/home/u");
        Dirs d = Dirs.from("/opt/mim", Map.of("XDG_DATA_HOME", "/d", "XDG_CONFIG_HOME", "relative",
                "XDG_STATE_HOME", "/s"), home);
        assertEquals(Path.of("/d/mim/plugins"), d.userPlugins());
        assertEquals(Path.of("/s/mim/server"), d.serverState());
        assertEquals(Path.of("/home/u/.config/mim/config.json"), d.configFile());
        assertEquals(Path.of("/opt/mim/plugins"), d.bundledPlugins());
        Dirs none = Dirs.from(null, Map.of(), home);
        assertEquals(Path.of("/home/u/.local/share/mim/plugins"), none.userPlugins());
        assertEquals(null, none.bundledPlugins());
        assertEquals(Path.of("/home/u/.local/state/mim/server"), none.serverState());
    }
}
