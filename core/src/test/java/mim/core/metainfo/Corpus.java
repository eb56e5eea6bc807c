package mim.core.metainfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The test corpora under {@code src/test/resources/corpus}, and their EXPECTED.tsv tables. */
final class Corpus {
    private Corpus() {}

    static Path dir(String name) {
        try {
            return Path.of(Corpus.class.getResource("/corpus/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a corpus's EXPECTED.tsv, header skipped, each split on tabs. */
    static Stream<List<String>> rows(String name) {
        try {
            return Files.readAllLines(dir(name).resolve("EXPECTED.tsv")).stream()
                    .skip(1)
                    .filter(l -> !l.isBlank())
                    .map(l -> Arrays.asList(l.split("\t", -1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(String corpus, String file) {
        try {
            return Files.readAllBytes(dir(corpus).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every .torrent file of a corpus. */
    static Stream<String> torrents(String name) {
        try (Stream<Path> files = Files.list(dir(name))) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".torrent")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
