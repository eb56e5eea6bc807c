package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first command: the project's files (what git tracks, and new files it does not ignore)
 * copied to a fresh folder, and {@code ./mim} run there against a Maven repository that holds every
 * third-party artifact this build used but nothing of mim's, as on a machine where mim was never
 * built. Maven runs offline there, so the build can only use what the reactor makes.
 */
class FreshMachineIT {
    private static final String VERSION_LINE = "mim " + System.getProperty("mim.version");

    @TempDir
    Path work;

    @Test
    void theLauncherBuildsAndRunsWithNoMimArtifactInTheMavenRepository() throws Exception {
        Path project = work.resolve("mim");
        copyProject(Path.of(property("mim.projectRoot")), project);
        Path repository = work.resolve("repository");
        linkRepositoryWithoutMim(Path.of(property("maven.repo.local")), repository);
        Files.createDirectories(project.resolve(".mvn"));
        Files.writeString(project.resolve(".mvn/maven.config"), "-o -Dmaven.repo.local=" + repository + "\n");

        Programs.Run version = Programs.run(List.of("./mim", "--version"), project, 900);
        assertEquals(0, version.exit(), version.err());
        assertEquals(VERSION_LINE + "\n", version.out());
        assertEquals("mim: building the distribution (once, after each change to the sources)...\n", version.err(),
                "the build says it is building and nothing else");
        assertFalse(Files.exists(repository.resolve("dev/mim")), "the launcher's build installed nothing");

        Path alice = TestTorrents.path("webtorrent/alice.torrent");
        Programs.Run show = Programs.run(List.of("./mim", "show", alice.toString()), project, 120);
        assertEquals(0, show.exit(), show.err());
        assertEquals("", show.err(), "built once: the second command goes straight to mim");
        assertTrue(show.out().contains("alice.txt"), show.out());
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertNotNull(value, "system property " + name + " (set by failsafe in cli/pom.xml)");
        return value;
    }

    /** Copies the files of the working tree that git would commit: no build output, no ignored files. */
    private static void copyProject(Path root, Path copy) throws IOException, InterruptedException {
        Programs.Run files = Programs.run(List.of("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"),
                root, 60);
        assertEquals(0, files.exit(), files.err());
        for (String name : files.out().split("\0")) {
            Path from = root.resolve(name);
            if (name.isEmpty() || !Files.isRegularFile(from)) {
                continue;  // deleted in the working tree but not yet in the index
            }
            Path to = copy.resolve(name);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** Hard links (or copies, across file systems) of every file of the repository but {@code dev/mim}. */
    private static void linkRepositoryWithoutMim(Path repository, Path copy) throws IOException {
        Path mim = repository.resolve("dev/mim");
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path from : files.filter(p -> !p.startsWith(mim) && Files.isRegularFile(p)).toList()) {
                Path to = copy.resolve(repository.relativize(from).toString());
                Files.createDirectories(to.getParent());
                try {
                    Files.createLink(to, from);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(from, to);
                }
            }
        }
    }
}
