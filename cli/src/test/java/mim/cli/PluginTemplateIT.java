package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party's view: copies plugin-template out of the tree, builds it with Maven against the
 * installed mim-core, installs its jar as a user plugin and asks the distribution's {@code mim} what
 * it loaded. Also checks what the template's jar holds.
 */
class PluginTemplateIT {
    private static final String SOURCE = "org.example.mim.peersfile.FilePeerSource";

    @TempDir
    static Path work;

    static Path templateJar;

    @BeforeAll
    static void buildTheTemplate() throws Exception {
        Path copy = work.resolve("template");
        Path template = Path.of(property("mim.projectRoot")).resolve("plugin-template");
        try (Stream<Path> files = Files.walk(template)) {
            for (Path p : files.filter(p -> !template.relativize(p).startsWith("target")).toList()) {
                Files.copy(p, copy.resolve(template.relativize(p).toString()));
            }
        }
        List<String> mvn = new ArrayList<>(List.of("mvn", "-o", "-q", "-B", "package",
                "-Dmim.version=" + property("mim.version")));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            mvn.add("-Dmaven.repo.local=" + repo);
        }
        Programs.Run build = Programs.run(mvn, copy, 600);
        assertEquals(0, build.exit(), "building the template failed:\n" + build.out() + build.err());
        try (Stream<Path> jars = Files.list(copy.resolve("target"))) {
            templateJar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertNotNull(value, "system property " + name + " (set by failsafe in cli/pom.xml)");
        return value;
    }

    /** Installs the template as a user plugin with the given config.json, then runs {@code mim plugins}. */
    private static Programs.Run mimPlugins(String name, String configJson, String... extraArgs) throws Exception {
        Path data = work.resolve(name + "/data");
        Path config = work.resolve(name + "/config");
        Files.createDirectories(data.resolve("mim/plugins"));
        Files.createDirectories(config.resolve("mim"));
        Files.copy(templateJar, data.resolve("mim/plugins").resolve(templateJar.getFileName()));
        Files.writeString(config.resolve("mim/config.json"), configJson);
        List<String> command = new ArrayList<>(List.of(Programs.mim().toString(), "plugins"));
        Collections.addAll(command, extraArgs);
        Programs.Run r = Programs.run(command, work,
                Map.of("XDG_DATA_HOME", data.toString(), "XDG_CONFIG_HOME", config.toString()), 120);
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err(), "nothing on stderr at the default log level");
        return r;
    }

    @Test
    void anEnabledTemplatePluginIsActiveBesideTheBundledStorage() throws Exception {
        Programs.Run text = mimPlugins("enabled", "{\"plugins\": {\"enable\": [\"peers-file\"]}}");
        List<String> lines = text.out().lines().toList();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("peers-file ")).findFirst().orElseThrow());
        assertTrue(lines.get(at).matches("peers-file +1\\.0\\.0 +user +active"), text.out());
        assertTrue(lines.get(at + 1).matches(" +PeerSource +" + SOURCE.replace(".", "\\.")), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("storage-files +\\S+ +bundled +active")), text.out());

        JsonNode plugins = new ObjectMapper().readTree(
                mimPlugins("enabled-json", "{\"plugins\": {\"enable\": [\"peers-file\"]}}", "--json").out())
                .path("plugins");
        JsonNode template = find(plugins, "peers-file");
        assertTrue(template.path("active").asBoolean());
        assertEquals("PeerSource", template.path("extensions").get(0).path("point").asText());
        assertEquals(SOURCE, template.path("extensions").get(0).path("class").asText());
        JsonNode storage = find(plugins, "storage-files");
        assertTrue(storage.path("active").asBoolean());
        assertEquals("StorageBackend", storage.path("extensions").get(0).path("point").asText());
    }

    @Test
    void aTemplatePluginThatIsNotEnabledIsListedAsInactiveWithTheReason() throws Exception {
        Programs.Run r = mimPlugins("not-enabled", "{}");
        String line = r.out().lines().filter(l -> l.startsWith("peers-file ")).findFirst().orElseThrow();
        assertTrue(line.matches("peers-file +1\\.0\\.0 +user +inactive: not enabled; add \"peers-file\" to "
                + "plugins\\.enable in .*/not-enabled/config/mim/config\\.json"), line);
        assertTrue(r.out().contains(SOURCE), r.out());
    }

    @Test
    void theTemplateJarHoldsOnlyItsOwnClassesAndAnExtensionIndex() throws Exception {
        PluginJars.assertSelfContained(templateJar);
    }

    private static JsonNode find(JsonNode plugins, String id) {
        for (JsonNode p : plugins) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        return fail(id + " not listed: " + plugins);
    }
}
