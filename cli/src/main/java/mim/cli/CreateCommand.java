package mim.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.Metainfo;
import mim.core.metainfo.TorrentBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mim create}: makes a .torrent of a file or folder, prints its info-hashes and magnet link.
 * The torrent file appears whole or not at all: it is written to a temporary file beside the
 * output, then renamed.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a .torrent file of a file or a folder.",
                "Files are taken in path order; hidden files (names starting with '.') are left out unless "
                        + "--include-hidden; symbolic links are followed."})
final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file or folder to share.")
    Path path;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the torrent (default: NAME.torrent here; - for standard output).")
    String output;

    @Option(names = {"-a", "--announce"}, paramLabel = "URL",
            description = "A tracker; each -a is a tier of its own, URLs joined by commas share one tier.")
    List<String> announce = new ArrayList<>();

    @Option(names = "--piece-length", paramLabel = "SIZE", converter = PieceLengthConverter.class,
            description = "Piece length: a power of two from 16K to 64M, in bytes or with K/M "
                    + "(default: from the total size, for about 1000 to 2000 pieces).")
    Long pieceLength;

    @Option(names = "--private", description = "Mark the torrent private (BEP 27): peers from its trackers only.")
    boolean isPrivate;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A comment.")
    String comment;

    @Option(names = "--source", paramLabel = "TEXT",
            description = "The info dictionary's source, which private trackers use; it changes the info-hash.")
    String source;

    @Option(names = "--web-seed", paramLabel = "URL", description = "A web seed (BEP 19); repeatable.")
    List<String> webSeeds = new ArrayList<>();

    @Option(names = "--created-by", paramLabel = "TEXT", description = "Who made it (default: mim and its version).")
    String createdBy;

    @Option(names = "--no-creation-date", description = "Leave out the creation date, so the output depends "
            + "only on the input and the options.")
    boolean noCreationDate;

    @Option(names = "--name", paramLabel = "NAME", description = "The torrent's name (default: the file or folder's).")
    String name;

    @Option(names = "--include-hidden", description = "Include hidden files and folders.")
    boolean includeHidden;

    @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--hybrid", description = "Make a hybrid v1 + v2 torrent (BEP 52).")
    boolean hybrid;

    @Option(names = "--force", description = "Overwrite the output file if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (threads != null && threads < 1) {
            throw new MimException.BadInput("--threads must be at least 1");
        }
        TorrentBuilder builder = TorrentBuilder.of(path)
                .name(name).isPrivate(isPrivate).comment(comment).source(source).webSeeds(webSeeds)
                .createdBy(createdBy != null ? createdBy : "mim" + (Main.version() == null ? "" : " " + Main.version()))
                .creationDate(noCreationDate ? null : Instant.now().getEpochSecond())
                .trackerTiers(tiers(announce)).includeHidden(includeHidden).hybrid(hybrid);
        if (pieceLength != null) {
            builder.pieceLength(pieceLength);
        }
        if (threads != null) {
            builder.threads(threads);
        }
        boolean toStdout = "-".equals(output);
        Path target = toStdout ? null : target();
        if (target != null && !force && Files.exists(target)) {
            throw new MimException.BadInput(target + ": already exists (--force overwrites it)");
        }

        PrintWriter err = spec.commandLine().getErr();
        TorrentBuilder.Torrent torrent;
        boolean showProgress = !toStdout && ProgressBar.onTerminal();
        try (ProgressBar bar = showProgress ? ProgressBar.start("hashing", size(), err) : ProgressBar.none()) {
            torrent = builder.build(bar::add);
        }
        if (toStdout) {
            OutputStream stdout = System.out;
            stdout.write(torrent.bytes());
            stdout.flush();
        } else {
            write(target, torrent.bytes());
        }
        report(torrent, target, toStdout ? err : spec.commandLine().getOut());
        return Main.EXIT_OK;
    }

    /** The output path: as given, or the torrent's name with .torrent in the current folder. */
    private Path target() {
        if (output != null) {
            return Path.of(output);
        }
        String base = name != null ? name : path.toAbsolutePath().normalize().getFileName().toString();
        return Path.of(base + ".torrent");
    }

    /** The bytes to hash, for the progress bar; an estimate is enough. */
    private long size() {
        try (var files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static List<List<String>> tiers(List<String> announce) {
        List<List<String>> tiers = new ArrayList<>();
        for (String a : announce) {
            List<String> tier = Arrays.stream(a.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (!tier.isEmpty()) {
                tiers.add(tier);
            }
        }
        return tiers;
    }

    /** Writes a temporary file beside {@code target} and renames it into place. */
    private void write(Path target, byte[] bytes) throws MimException {
        Path folder = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, "." + target.getFileName(), ".part");
            Files.write(temp, bytes);
            if (!force && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (FileAlreadyExistsException e) {
            throw new MimException.BadInput(target + ": already exists (--force overwrites it)");
        } catch (IOException e) {
            throw new MimException.Storage(target + ": cannot write: " + Reason.of(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Nothing more to do; the write's own failure is what the user needs to see.
                }
            }
        }
    }

    private static void report(TorrentBuilder.Torrent t, Path target, PrintWriter out) throws MimException {
        if (target != null) {
            out.println("created " + target + ": " + Sizes.human(t.totalLength()) + " in " + t.fileCount()
                    + (t.fileCount() == 1 ? " file, " : " files, ") + t.pieceCount() + " pieces of "
                    + Sizes.human(t.pieceLength()));
        }
        out.println("info-hash v1: " + t.v1().hex());
        if (t.v2() != null) {
            out.println("info-hash v2: " + t.v2().hex());
        }
        out.println(MagnetLink.of(Metainfo.parse(t.bytes())));
        out.flush();
    }
}
