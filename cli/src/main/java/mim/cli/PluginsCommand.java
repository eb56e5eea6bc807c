package mim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import mim.cli.plugins.PluginStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mim plugins}: every plugin jar found, what it offers, and whether it is active and why not. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"List the plugins: id, version, where each came from (bundled or user), its "
                + "extensions, and whether it is active, with the reason when it is not.",
                "User plugins live in $XDG_DATA_HOME/mim/plugins (~/.local/share/mim/plugins) and are "
                        + "active once named in \"plugins\": {\"enable\": [...]} of "
                        + "$XDG_CONFIG_HOME/mim/config.json; bundled ones are active unless named in "
                        + "\"disable\"."})
final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for programs instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<PluginStatus> plugins = main.plugins().plugins();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(plugins));
        } else if (plugins.isEmpty()) {
            Dirs dirs = main.dirs();
            out.println("no plugins found in " + (dirs.bundledPlugins() == null ? "" : dirs.bundledPlugins() + " or ")
                    + dirs.userPlugins());
        } else {
            table(plugins, out);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static void table(List<PluginStatus> plugins, PrintWriter out) {
        int idWidth = 0;
        int versionWidth = 0;
        int pointWidth = 0;
        for (PluginStatus p : plugins) {
            idWidth = Math.max(idWidth, p.id().length());
            versionWidth = Math.max(versionWidth, version(p).length());
            for (PluginStatus.Extension e : p.extensions()) {
                pointWidth = Math.max(pointWidth, e.point().length());
            }
        }
        String row = "%-" + idWidth + "s  %-" + versionWidth + "s  %-7s  %s%n";
        String extension = "  %-" + pointWidth + "s  %s%n";
        for (PluginStatus p : plugins) {
            out.printf(row, p.id(), version(p), origin(p), p.active() ? "active" : "inactive: " + p.reason());
            for (PluginStatus.Extension e : p.extensions()) {
                out.printf(extension, e.point(), e.className());
            }
        }
    }

    private static String version(PluginStatus p) {
        return p.version() == null ? "-" : p.version();
    }

    private static String origin(PluginStatus p) {
        return p.origin().name().toLowerCase(Locale.ROOT);
    }

    /** Stable for programs: field names and state words only ever get added to. */
    private static String json(List<PluginStatus> plugins) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("plugins");
        for (PluginStatus p : plugins) {
            ObjectNode o = list.addObject();
            o.put("id", p.id());
            o.put("version", p.version());
            o.put("origin", origin(p));
            o.put("path", p.path().toString());
            o.put("active", p.active());
            o.put("state", p.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            o.put("reason", p.reason());
            ArrayNode extensions = o.putArray("extensions");
            for (PluginStatus.Extension e : p.extensions()) {
                extensions.addObject().put("point", e.point()).put("class", e.className());
            }
        }
        return mapper.writeValueAsString(root);
    }
}
