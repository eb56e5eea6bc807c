package mim.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node script of {@code cli/src/test/node}, run with the libraries its {@code package.json} names (in
 * {@code node_modules} beside it, which the cli module's build installs with {@code npm ci}).
 */
public final class NodeScript {
    private NodeScript() {}

    /** Starts {@code node script args...} in the swarm's folder; the swarm stops it if it still runs. */
    public static ManagedProcess run(Swarm swarm, String script, String... args) {
        Path folder = Path.of("src/test/node").toAbsolutePath();
        if (!Files.isDirectory(folder.resolve("node_modules"))) {
            throw new IllegalStateException("no " + folder + "/node_modules: build the cli module's tests first "
                    + "(mvn -pl cli -am verify installs them with npm ci)");
        }
        List<String> command = new ArrayList<>(List.of("node", folder.resolve(script).toString()));
        command.addAll(List.of(args));
        return swarm.start(script, command, swarm.dir(), List.of());
    }
}
