package mim.cli.plugins;

import java.io.File;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFinder;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginRepository;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;

/**
 * PF4J's manager, narrowed to what mim needs and made to remember what it refused.
 *
 * <ul>
 *   <li>Plugins are jars (with a manifest), found in the given folders only, bundled folder first
 *       then by name, so that a bundled plugin wins an id clash and the order is stable.
 *   <li>Nothing is written: no {@code enabled.txt}/{@code disabled.txt} in the plugin folders, no
 *       zip expansion into them; which plugins are active is the host's decision.
 *   <li>Every jar it could not load is remembered with the reason, where PF4J would only log it.
 *   <li>Extensions come from plugins only, never from the application's class path: mim's own jars
 *       declare none, and looking for their index would open every jar of the distribution at start-up.
 * </ul>
 *
 * <p>Confined to the thread that loads the plugins.
 */
final class HostedPluginManager extends DefaultPluginManager {
    /** Jars that did not load, by path: what their manifest says and why. */
    final Map<Path, Refusal> refused = new LinkedHashMap<>();
    /** Plugins that loaded but do not fit this version of mim, by id. */
    final Map<String, String> incompatible = new LinkedHashMap<>();
    /** Every plugin that loaded, by id, whatever became of it after (dependency resolution unloads). */
    final Map<String, PluginDescriptor> loaded = new LinkedHashMap<>();
    final Map<String, Path> loadedFrom = new LinkedHashMap<>();

    record Refusal(PluginJar jar, String reason) {}

    HostedPluginManager(List<Path> roots, String systemVersion) {
        super(roots);
        setSystemVersion(systemVersion);
        // A plugin with unmet dependencies is dropped alone instead of failing the whole load.
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    protected List<Path> createPluginsRoot() {
        return List.of(); // never PF4J's default, "plugins" in the working directory
    }

    @Override
    protected PluginRepository createPluginRepository() {
        JarPluginRepository jars = new JarPluginRepository(getPluginsRoots());
        jars.setComparator(Comparator.comparingInt(this::rootIndex).thenComparing(File::getName));
        return jars;
    }

    private int rootIndex(File jar) {
        return getPluginsRoots().indexOf(jar.toPath().getParent());
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this);
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        LegacyExtensionFinder finder = new LegacyExtensionFinder(this) {
            @Override
            public Map<String, Set<String>> readClasspathStorages() {
                return Map.of();
            }
        };
        addPluginStateListener(finder);
        return finder;
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new ManifestPluginDescriptorFinder();
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {}

            @Override
            public void enablePlugin(String pluginId) {}
        };
    }

    /** Returns null for a jar it refuses, which {@link #loadPlugins()} ignores. */
    @Override
    protected PluginWrapper loadPluginFromPath(Path path) {
        PluginJar jar = PluginJar.read(path);
        if (jar.problem() != null) {
            refused.put(path, new Refusal(jar, jar.problem()));
            return null;
        }
        PluginWrapper taken = getPlugin(jar.id());
        if (taken != null) {
            refused.put(path, new Refusal(jar, "its id is already taken by " + taken.getPluginPath()));
            return null;
        }
        try {
            PluginWrapper wrapper = super.loadPluginFromPath(path);
            loaded.put(wrapper.getPluginId(), wrapper.getDescriptor());
            loadedFrom.put(wrapper.getPluginId(), path);
            return wrapper;
        } catch (RuntimeException e) {
            refused.put(path, new Refusal(jar, PluginHost.describe(e)));
            return null;
        }
    }

    @Override
    protected boolean isPluginValid(PluginWrapper wrapper) {
        if (super.isPluginValid(wrapper)) {
            return true;
        }
        incompatible.put(wrapper.getPluginId(), "needs mim " + wrapper.getDescriptor().getRequires()
                + ", this is " + getSystemVersion());
        return false;
    }
}
