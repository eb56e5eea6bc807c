package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import mim.cli.plugins.TestJars;
import mim.cli.plugins.fixtures.FixturePeerSource;
import mim.cli.plugins.fixtures.FixturePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {
    @TempDir
    Path tmp;

    private Dirs dirs() {
        return new Dirs(tmp.resolve("home"), tmp.resolve("data"), tmp.resolve("config"), tmp.resolve("state"));
    }

    private MainTest.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), dirs());
        return new MainTest.Result(exit, out.toString(), err.toString());
    }

    private void install() throws Exception {
        for (String id : new String[] {"peers-a", "peers-long-name"}) {
            TestJars.pluginWithExtensions(id.equals("peers-a") ? dirs().bundledPlugins() : dirs().userPlugins(),
                    id + ".jar", TestJars.manifest(id, "1.0.0", FixturePlugin.class.getName()), FixturePlugin.class,
                    FixturePeerSource.class);
        }
        Files.writeString(dirs().userPlugins().resolve("junk.jar"), "junk");
    }

    @Test
    void listsEachPluginAlignedWithItsExtensionsAndReasons() throws Exception {
        install();
        MainTest.Result r = run("plugins");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String source = FixturePeerSource.class.getName();
        assertEquals(String.join("\n",
                "peers-a          1.0.0  bundled  active",
                "  PeerSource  " + source,
                "junk.jar         -      user     inactive: not a readable jar: zip END header not found",
                "peers-long-name  1.0.0  user     inactive: not enabled; add \"peers-long-name\" to plugins.enable in "
                        + dirs().configFile(),
                "  PeerSource  " + source,
                ""), r.out());
    }

    @Test
    void jsonCarriesTheSameFacts() throws Exception {
        install();
        Files.createDirectories(dirs().configFile().getParent());
        Files.writeString(dirs().configFile(), "{\"plugins\": {\"enable\": [\"peers-long-name\"]}}");
        MainTest.Result r = run("plugins", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode plugins = new ObjectMapper().readTree(r.out()).path("plugins");
        assertEquals(3, plugins.size());
        JsonNode user = plugins.get(2);
        assertEquals("peers-long-name", user.path("id").asText());
        assertEquals("user", user.path("origin").asText());
        assertTrue(user.path("active").asBoolean());
        assertEquals("active", user.path("state").asText());
        assertTrue(user.path("reason").isNull());
        assertEquals("PeerSource", user.path("extensions").get(0).path("point").asText());
        assertEquals("refused", plugins.get(1).path("state").asText());
    }

    @Test
    void aMalformedConfigurationIsOneLineNamingTheFile() throws Exception {
        Files.createDirectories(dirs().configFile().getParent());
        Files.writeString(dirs().configFile(), "{\"plugins\": ");
        MainTest.Result r = run("plugins");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("mim: error: " + dirs().configFile() + ": line "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void saysWhereItLookedWhenThereAreNoPlugins() {
        MainTest.Result r = run("plugins");
        assertEquals(0, r.exit());
        assertEquals("no plugins found in " + dirs().bundledPlugins() + " or " + dirs().userPlugins() + "\n", r.out());
    }
}
