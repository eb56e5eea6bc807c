package mim.cli.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import mim.cli.Dirs;
import mim.cli.plugins.fixtures.FailingPlugin;
import mim.cli.plugins.fixtures.FixtureClosingPeerSource;
import mim.cli.plugins.fixtures.FixturePeerSource;
import mim.cli.plugins.fixtures.FixturePlugin;
import mim.cli.plugins.fixtures.FixtureTrackerClient;
import mim.core.MimException;
import mim.core.spi.PeerSource;
import mim.core.spi.TrackerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {
    @TempDir
    Path tmp;

    private Dirs dirs() {
        return new Dirs(tmp.resolve("home"), tmp.resolve("data"), tmp.resolve("config"), tmp.resolve("state"));
    }

    private Path bundled() {
        return dirs().bundledPlugins();
    }

    private Path user() {
        return dirs().userPlugins();
    }

    private Path config() {
        return dirs().configFile();
    }

    private PluginHost start(PluginSettings settings) {
        return PluginHost.start(dirs(), settings, config(), "0.1.0-SNAPSHOT");
    }

    private static PluginStatus only(PluginHost host, String id) {
        List<PluginStatus> found = host.plugins().stream().filter(p -> p.id().equals(id)).toList();
        assertEquals(1, found.size(), host.plugins().toString());
        return found.get(0);
    }

    private void peerPlugin(Path folder, String id) throws Exception {
        TestJars.pluginWithExtensions(folder, id + ".jar",
                TestJars.manifest(id, "1.2.3", FixturePlugin.class.getName()), FixturePlugin.class,
                FixturePeerSource.class);
    }

    @Test
    void aBundledPluginIsActiveAndAUserPluginOnlyWhenEnabled() throws Exception {
        peerPlugin(bundled(), "bundled-peers");
        peerPlugin(user(), "user-peers");
        List<PluginStatus.Extension> expected =
                List.of(new PluginStatus.Extension("PeerSource", FixturePeerSource.class.getName()));

        try (PluginHost host = start(PluginSettings.NONE)) {
            PluginStatus b = only(host, "bundled-peers");
            assertEquals(PluginStatus.State.ACTIVE, b.state());
            assertEquals(PluginStatus.Origin.BUNDLED, b.origin());
            assertEquals("1.2.3", b.version());
            assertEquals(expected, b.extensions());
            PluginStatus u = only(host, "user-peers");
            assertEquals(PluginStatus.State.NOT_ENABLED, u.state());
            assertEquals(PluginStatus.Origin.USER, u.origin());
            assertEquals("not enabled; add \"user-peers\" to plugins.enable in " + config(), u.reason());
            assertEquals(expected, u.extensions(), "an inactive plugin still shows what it offers");
            assertEquals(1, host.peerSources().size());
        }
        try (PluginHost host = start(new PluginSettings(Set.of("user-peers"), Set.of()))) {
            assertEquals(PluginStatus.State.ACTIVE, only(host, "user-peers").state());
            List<PeerSource> sources = host.peerSources();
            assertEquals(2, sources.size());
            assertEquals("fixture", sources.get(0).name());
        }
    }

    @Test
    void trackerClientsAreListedHandedOutAndClosedWithTheHost() throws Exception {
        TestJars.pluginWithExtensions(bundled(), "trackers.jar",
                TestJars.manifest("trackers", "1.0.0", FixturePlugin.class.getName()), FixturePlugin.class,
                FixtureTrackerClient.class);
        AtomicInteger closed;
        try (PluginHost host = start(PluginSettings.NONE)) {
            assertEquals(List.of(new PluginStatus.Extension("TrackerClient", FixtureTrackerClient.class.getName())),
                    only(host, "trackers").extensions());
            List<TrackerClient> clients = host.trackerClients();
            assertEquals(1, clients.size());
            assertEquals("fixture-tracker", clients.get(0).name());
            // The plugin's class loader has its own copy of the class, and of its counter.
            closed = (AtomicInteger) clients.get(0).getClass().getField("CLOSED").get(null);
            assertEquals(0, closed.get());
        }
        assertEquals(1, closed.get());
    }

    @Test
    void peerSourcesThatHoldSomethingAreClosedWithTheHost() throws Exception {
        TestJars.pluginWithExtensions(bundled(), "peers.jar",
                TestJars.manifest("peers", "1.0.0", FixturePlugin.class.getName()), FixturePlugin.class,
                FixturePeerSource.class, FixtureClosingPeerSource.class);
        AtomicInteger closed;
        try (PluginHost host = start(PluginSettings.NONE)) {
            List<PeerSource> sources = host.peerSources();
            assertEquals(2, sources.size(), sources.toString());
            PeerSource closing = sources.stream().filter(s -> s.name().equals("fixture-closing")).findFirst()
                    .orElseThrow();
            closed = (AtomicInteger) closing.getClass().getField("CLOSED").get(null);
            assertEquals(0, closed.get());
        }
        assertEquals(1, closed.get(), "closed once, when the host closed");
    }

    @Test
    void disablingWinsForBundledAndUserPlugins() throws Exception {
        peerPlugin(bundled(), "bundled-peers");
        peerPlugin(user(), "user-peers");
        try (PluginHost host = start(new PluginSettings(Set.of("user-peers"), Set.of("bundled-peers", "user-peers")))) {
            for (String id : List.of("bundled-peers", "user-peers")) {
                PluginStatus p = only(host, id);
                assertEquals(PluginStatus.State.DISABLED, p.state());
                assertEquals("disabled by " + config(), p.reason());
            }
            assertEquals(List.of(), host.peerSources());
        }
    }

    @Test
    void jarsThatAreNotPluginsAreListedWithTheReason() throws Exception {
        Files.createDirectories(user());
        Files.writeString(user().resolve("junk.jar"), "not a zip");
        TestJars.plugin(user(), "plain.jar", Map.of());
        Map<String, String> noClass = new HashMap<>(Map.of("Plugin-Id", "no-class", "Plugin-Version", "1.0.0"));
        TestJars.plugin(user(), "no-class.jar", noClass);
        try (PluginHost host = start(PluginSettings.NONE)) {
            assertEquals("not a readable jar: zip END header not found", only(host, "junk.jar").reason());
            assertEquals("not a plugin: no Plugin-Id in its manifest", only(host, "plain.jar").reason());
            PluginStatus p = only(host, "no-class");
            assertEquals(PluginStatus.State.REFUSED, p.state());
            assertEquals("1.0.0", p.version());
            assertEquals("not a plugin: no Plugin-Class in its manifest", p.reason());
        }
    }

    @Test
    void aPluginForAnotherVersionOfMimIsRefused() throws Exception {
        Map<String, String> m = new HashMap<>(TestJars.manifest("future", "1.0.0", FixturePlugin.class.getName()));
        m.put("Plugin-Requires", ">=99.0.0");
        TestJars.plugin(bundled(), "future.jar", m, FixturePlugin.class);
        m.put("Plugin-Id", "current");
        m.put("Plugin-Requires", ">=0.1.0");
        TestJars.plugin(bundled(), "current.jar", m, FixturePlugin.class);
        try (PluginHost host = start(PluginSettings.NONE)) {
            PluginStatus p = only(host, "future");
            assertEquals(PluginStatus.State.REFUSED, p.state());
            assertEquals("needs mim >=99.0.0, this is 0.1.0", p.reason());
            assertEquals(PluginStatus.State.ACTIVE, only(host, "current").state(),
                    "a development build satisfies its own release's requirement");
        }
    }

    @Test
    void failuresToStartAreNamed() throws Exception {
        TestJars.plugin(bundled(), "failing.jar", TestJars.manifest("failing", "1.0.0", FailingPlugin.class.getName()),
                FailingPlugin.class);
        TestJars.plugin(bundled(), "classless.jar", TestJars.manifest("classless", "1.0.0", "com.example.Gone"));
        try (PluginHost host = start(PluginSettings.NONE)) {
            PluginStatus failing = only(host, "failing");
            assertEquals(PluginStatus.State.FAILED, failing.state());
            assertEquals("failed to start: boom at start", failing.reason());
            assertEquals("its Plugin-Class com.example.Gone is not in the jar", only(host, "classless").reason());
        }
    }

    @Test
    void aSecondPluginWithTheSameIdIsRefusedAndTheBundledOneWins() throws Exception {
        peerPlugin(bundled(), "peers");
        peerPlugin(user(), "peers");
        try (PluginHost host = start(new PluginSettings(Set.of("peers"), Set.of()))) {
            List<PluginStatus> all = host.plugins();
            assertEquals(2, all.size());
            assertEquals(PluginStatus.Origin.BUNDLED, all.get(0).origin());
            assertEquals(PluginStatus.State.ACTIVE, all.get(0).state());
            assertEquals(PluginStatus.State.REFUSED, all.get(1).state());
            assertEquals("its id is already taken by " + bundled().resolve("peers.jar"), all.get(1).reason());
        }
    }

    @Test
    void aMissingDependencyRefusesOnlyTheDependent() throws Exception {
        Map<String, String> m = new HashMap<>(TestJars.manifest("needy", "1.0.0", FixturePlugin.class.getName()));
        m.put("Plugin-Dependencies", "absent@>=1.0.0");
        TestJars.plugin(bundled(), "needy.jar", m, FixturePlugin.class);
        peerPlugin(bundled(), "fine");
        try (PluginHost host = start(PluginSettings.NONE)) {
            PluginStatus needy = only(host, "needy");
            assertEquals(PluginStatus.State.REFUSED, needy.state());
            assertTrue(needy.reason().startsWith("what it depends on is missing or of the wrong version"),
                    needy.reason());
            assertTrue(needy.reason().contains("absent"), needy.reason());
            assertEquals(PluginStatus.State.ACTIVE, only(host, "fine").state());
        }
    }

    @Test
    void withoutAStoragePluginAskingForStorageFailsClearly() {
        try (PluginHost host = start(PluginSettings.NONE)) {
            assertEquals(List.of(), host.plugins());
            MimException e = assertThrows(MimException.class, host::storageBackend);
            assertTrue(e.getMessage().startsWith("no storage backend is active"), e.getMessage());
        }
    }

    @Test
    void preReleasesCountAsTheReleaseTheyLeadTo() {
        assertEquals("0.1.0", PluginHost.compatibilityVersion("0.1.0-SNAPSHOT"));
        assertEquals("1.2.3", PluginHost.compatibilityVersion("1.2.3"));
        assertEquals("0.0.0", PluginHost.compatibilityVersion(null));
    }
}
