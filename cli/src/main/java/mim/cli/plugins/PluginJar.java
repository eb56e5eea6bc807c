package mim.cli.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What a jar's manifest says about it as a plugin, read before PF4J sees it: PF4J only logs why it
 * refuses a jar, and in words about its own internals ("No PluginDescriptorFinder"), while the user
 * needs to hear that the jar has no {@code Plugin-Id}.
 *
 * @param id {@code Plugin-Id}, or null
 * @param version {@code Plugin-Version}, or null
 * @param problem why this jar cannot be a plugin, or null when its manifest is complete
 */
record PluginJar(String id, String version, String problem) {

    static PluginJar read(Path jar) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException e) {
            return new PluginJar(null, null, "not a readable jar: " + e.getMessage());
        }
        if (manifest == null) {
            return new PluginJar(null, null, "not a plugin: the jar has no manifest");
        }
        Attributes main = manifest.getMainAttributes();
        String id = blankToNull(main.getValue("Plugin-Id"));
        String version = blankToNull(main.getValue("Plugin-Version"));
        String problem = null;
        for (String key : new String[] {"Plugin-Id", "Plugin-Version", "Plugin-Class"}) {
            if (problem == null && blankToNull(main.getValue(key)) == null) {
                problem = "not a plugin: no " + key + " in its manifest";
            }
        }
        return new PluginJar(id, version, problem);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
