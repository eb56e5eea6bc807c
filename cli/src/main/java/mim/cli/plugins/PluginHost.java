package mim.cli.plugins;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import mim.cli.Dirs;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.HttpMount;
import mim.core.spi.PeerSource;
import mim.core.spi.StorageBackend;
import mim.core.spi.TrackerClient;
import mim.core.spi.UserInterface;
import mim.core.spi.WireExtension;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the command line gets its extensions from: loads the plugin jars of the
 * distribution's {@code plugins/} folder and of the user's plugin folder, starts those the
 * configuration makes active (see {@link PluginSettings}), and knows why each other one is not.
 *
 * <p>Lifecycle: {@link #start} loads and starts; {@link #close} stops the plugins and releases
 * their class loaders. Problems with plugins never fail the start: they are listed by
 * {@link #plugins()} and logged once, as warnings, when a command first asks for extensions (so
 * that {@code mim plugins} lists them without also warning).
 *
 * <p>Thread safety: safe for concurrent use once started.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);
    private static final List<Class<?>> EXTENSION_POINTS =
            List.of(StorageBackend.class, PeerSource.class, TrackerClient.class, WireExtension.class, UserInterface.class,
                    HttpMount.class);

    private final HostedPluginManager manager;
    private final List<PluginStatus> statuses;
    private boolean warned;
    private List<StorageBackend> storageBackends;
    private List<PeerSource> peerSources;
    private List<TrackerClient> trackerClients;
    private List<WireExtension> wireExtensions;
    private List<UserInterface> userInterfaces;
    private List<HttpMount> httpMounts;
    private boolean closed;

    private PluginHost(HostedPluginManager manager, List<PluginStatus> statuses) {
        this.manager = manager;
        this.statuses = statuses;
    }

    /**
     * @param mimVersion this program's version, checked against each plugin's {@code Plugin-Requires};
     *     null (a development build) accepts every plugin
     */
    public static PluginHost start(Dirs dirs, PluginSettings settings, Path configFile, String mimVersion) {
        Path bundled = normalised(dirs.bundledPlugins());
        Path user = normalised(dirs.userPlugins());
        List<Path> roots = new ArrayList<>();
        for (Path root : new Path[] {bundled, user}) {
            if (root != null && Files.isDirectory(root) && !roots.contains(root)) {
                roots.add(root);
            }
        }
        HostedPluginManager manager = new HostedPluginManager(roots, compatibilityVersion(mimVersion));
        String cyclic = null;
        try {
            manager.loadPlugins();
        } catch (PluginRuntimeException e) {
            // Only a dependency cycle gets here; it leaves nothing resolved.
            cyclic = describe(e);
        }
        for (PluginWrapper w : manager.getPlugins()) {
            if (!w.getPluginState().isDisabled() && inactiveByConfig(w, bundled, settings)) {
                w.setPluginState(PluginState.DISABLED);
            }
        }
        if (cyclic == null) {
            manager.startPlugins();
        }
        return new PluginHost(manager, statuses(manager, bundled, settings, configFile, cyclic));
    }

    /**
     * The version plugins are checked against. A pre-release such as 0.1.0-SNAPSHOT counts as the
     * release it leads to: semantic versioning ranks it below 0.1.0, which would refuse the bundled
     * plugins of every development build.
     */
    static String compatibilityVersion(String mimVersion) {
        return mimVersion == null ? "0.0.0" : mimVersion.replaceFirst("[-+].*$", "");
    }

    private static Path normalised(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }

    private static boolean inactiveByConfig(PluginWrapper w, Path bundled, PluginSettings settings) {
        String id = w.getPluginId();
        return settings.disable().contains(id) || (!isBundled(w.getPluginPath(), bundled) && !settings.enable().contains(id));
    }

    private static boolean isBundled(Path jar, Path bundled) {
        return bundled != null && bundled.equals(jar.toAbsolutePath().normalize().getParent());
    }

    /** Every plugin jar found, loaded or not: bundled ones first, then the user's, each by name. */
    public List<PluginStatus> plugins() {
        return statuses;
    }

    /**
     * The storage to use: the active backend of lowest ordinal (PF4J's {@code @Extension(ordinal)}).
     *
     * @throws MimException if no plugin offers one
     */
    public StorageBackend storageBackend() throws MimException {
        List<StorageBackend> backends = storageBackends();
        if (backends.isEmpty()) {
            throw new MimException("no storage backend is active (the storage-files plugin is missing or disabled;"
                    + " see 'mim plugins')");
        }
        return backends.get(0);
    }

    public synchronized List<StorageBackend> storageBackends() {
        if (storageBackends == null) {
            storageBackends = extensions(StorageBackend.class);
        }
        return storageBackends;
    }

    /** Every active peer source; the session decides which serve which torrent. */
    public synchronized List<PeerSource> peerSources() {
        if (peerSources == null) {
            peerSources = extensions(PeerSource.class);
        }
        return peerSources;
    }

    /**
     * Every active tracker client, for the session's tracker peer source. The host owns them: they
     * are closed with it, so a session sends its {@code stopped} announces before closing the host.
     */
    public synchronized List<TrackerClient> trackerClients() {
        if (trackerClients == null) {
            trackerClients = extensions(TrackerClient.class);
        }
        return trackerClients;
    }

    /** Every active wire extension (peer exchange), for the session to run over its peers. */
    public synchronized List<WireExtension> wireExtensions() {
        if (wireExtensions == null) {
            wireExtensions = extensions(WireExtension.class);
        }
        return wireExtensions;
    }

    public synchronized List<UserInterface> userInterfaces() {
        if (userInterfaces == null) {
            userInterfaces = extensions(UserInterface.class);
        }
        return userInterfaces;
    }

    /** Every active plugin's routes for an HTTP interface. */
    public synchronized List<HttpMount> httpMounts() {
        if (httpMounts == null) {
            httpMounts = extensions(HttpMount.class);
        }
        return httpMounts;
    }

    private <T> List<T> extensions(Class<T> point) {
        warnOnce();
        return List.copyOf(manager.getExtensions(point));
    }

    private void warnOnce() {
        if (warned) {
            return;
        }
        warned = true;
        for (PluginStatus s : statuses) {
            if (s.state() == PluginStatus.State.REFUSED || s.state() == PluginStatus.State.FAILED) {
                log.warn("plugin {} ({}) is not active: {} (see 'mim plugins')", s.id(), s.path(), s.reason());
            }
        }
    }

    /**
     * Closes the tracker clients handed out and the peer sources that hold something (the DHT saves
     * its routing table then), stops every plugin and releases their class loaders. Only the first
     * call does anything: a server stopping on a signal closes the host before its command returns.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (peerSources != null) {
            for (PeerSource s : peerSources) {
                if (s instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        log.warn("peer source {} failed to close: {}", s.name(), describe(e));
                    }
                }
            }
        }
        if (trackerClients != null) {
            for (TrackerClient c : trackerClients) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    log.warn("tracker client {} failed to close: {}", c.name(), describe(e));
                }
            }
        }
        manager.stopPlugins();
        manager.unloadPlugins();
    }

    private static List<PluginStatus> statuses(
            HostedPluginManager manager, Path bundled, PluginSettings settings, Path configFile, String cyclic) {
        List<PluginStatus> out = new ArrayList<>();
        for (Map.Entry<Path, HostedPluginManager.Refusal> e : manager.refused.entrySet()) {
            PluginJar jar = e.getValue().jar();
            String id = jar.id() != null ? jar.id() : e.getKey().getFileName().toString();
            out.add(new PluginStatus(id, jar.version(), origin(e.getKey(), bundled), e.getKey(),
                    PluginStatus.State.REFUSED, e.getValue().reason(), List.of()));
        }
        for (Map.Entry<String, PluginDescriptor> e : manager.loaded.entrySet()) {
            String id = e.getKey();
            Path path = manager.loadedFrom.get(id);
            PluginWrapper w = manager.getPlugin(id);
            if (w == null) {
                String needs = e.getValue().getDependencies().toString();
                out.add(new PluginStatus(id, e.getValue().getVersion(), origin(path, bundled), path,
                        PluginStatus.State.REFUSED, cyclic != null ? cyclic
                                : "what it depends on is missing or of the wrong version: " + needs, List.of()));
                continue;
            }
            PluginStatus.State state;
            String reason = null;
            if (w.getPluginState() == PluginState.STARTED) {
                state = PluginStatus.State.ACTIVE;
            } else if (manager.incompatible.containsKey(id)) {
                state = PluginStatus.State.REFUSED;
                reason = manager.incompatible.get(id);
            } else if (cyclic != null) {
                state = PluginStatus.State.REFUSED;
                reason = cyclic;
            } else if (settings.disable().contains(id)) {
                state = PluginStatus.State.DISABLED;
                reason = "disabled by " + settings.overrides().getOrDefault(id, configFile.toString());
            } else if (w.getPluginState().isDisabled()) {
                state = PluginStatus.State.NOT_ENABLED;
                reason = "not enabled; add \"" + id + "\" to plugins.enable in " + configFile;
            } else {
                state = PluginStatus.State.FAILED;
                reason = startFailure(w);
            }
            out.add(new PluginStatus(id, w.getDescriptor().getVersion(), origin(path, bundled), path, state, reason,
                    extensionsOf(manager, w)));
        }
        out.sort(Comparator.comparing(PluginStatus::origin).thenComparing(s -> s.path().getFileName().toString()));
        return List.copyOf(out);
    }

    private static PluginStatus.Origin origin(Path jar, Path bundled) {
        return isBundled(jar, bundled) ? PluginStatus.Origin.BUNDLED : PluginStatus.Origin.USER;
    }

    /** PF4J reports a missing or wrong Plugin-Class as a bare NullPointerException at start: say what it is. */
    private static String startFailure(PluginWrapper w) {
        String pluginClass = w.getDescriptor().getPluginClass();
        try {
            Class<?> c = Class.forName(pluginClass, false, w.getPluginClassLoader());
            if (!Plugin.class.isAssignableFrom(c)) {
                return "its Plugin-Class " + pluginClass + " does not extend " + Plugin.class.getName();
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return "its Plugin-Class " + pluginClass + " is not in the jar";
        }
        Throwable failure = w.getFailedException();
        return "failed to start: " + (failure == null ? "for an unknown reason" : describe(failure));
    }

    private static List<PluginStatus.Extension> extensionsOf(HostedPluginManager manager, PluginWrapper w) {
        List<PluginStatus.Extension> out = new ArrayList<>();
        for (String name : manager.getExtensionClassNames(w.getPluginId())) {
            out.add(new PluginStatus.Extension(pointOf(name, w.getPluginClassLoader()), name));
        }
        out.sort(Comparator.comparing(PluginStatus.Extension::className));
        return out;
    }

    private static String pointOf(String className, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(className, false, loader);
            for (Class<?> point : EXTENSION_POINTS) {
                if (point.isAssignableFrom(c)) {
                    return point.getSimpleName();
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // Listed in its index but not loadable: shown as unknown, the plugin's own problem.
        }
        return "unknown";
    }

    /** A failure in one line: the message, and the cause's when it adds something. */
    static String describe(Throwable e) {
        String message = Reason.of(e);
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
