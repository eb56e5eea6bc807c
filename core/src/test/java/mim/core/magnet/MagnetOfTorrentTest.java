package mim.core.magnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mim.core.metainfo.InvalidTorrentException;
import mim.core.metainfo.Metainfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The magnet link of every torrent of both corpora that parses. */
class MagnetOfTorrentTest {
    static Stream<Path> torrents() throws IOException, URISyntaxException {
        Path corpus = Path.of(MagnetOfTorrentTest.class.getResource("/corpus").toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(p -> p.toString().endsWith(".torrent")).sorted().toList();
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torrents")
    void carriesTheTorrentsIdentityAndSourcesAndRoundTrips(Path file) throws Exception {
        Metainfo m;
        try {
            m = Metainfo.parse(Files.readAllBytes(file));
        } catch (InvalidTorrentException refused) {
            return; // The corpus tests check refusals; a refused torrent has no link.
        }
        MagnetLink link = MagnetLink.of(m);
        assertEquals(Optional.ofNullable(m.infoHashV1()), link.infoHashV1());
        assertEquals(Optional.ofNullable(m.infoHashV2()), link.infoHashV2());
        assertEquals(Optional.of(m.name()), link.name());
        assertEquals(m.trackers(), link.trackers());
        assertEquals(m.webSeeds(), link.webSeeds());
        assertEquals(link, MagnetLink.parse(link.toString()));
    }

    @Test
    void hybridTorrentGetsBothHashes() throws Exception {
        Path hybrid = torrents().filter(p -> p.getFileName().toString().equals("v2_hybrid.torrent")).findFirst()
                .orElseThrow();
        String link = MagnetLink.of(Metainfo.parse(Files.readAllBytes(hybrid))).toString();
        assertTrue(link.matches("magnet:\\?xt=urn:btih:[0-9a-f]{40}&xt=urn:btmh:1220[0-9a-f]{64}&dn=.*"), link);
    }
}
