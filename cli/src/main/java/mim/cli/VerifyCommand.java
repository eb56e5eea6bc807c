package mim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mim.core.MimException;
import mim.core.hash.PieceHasher;
import mim.core.hash.PieceHashes;
import mim.core.hash.StoragePieceSource;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.Metainfo;
import mim.core.spi.FileState;
import mim.core.spi.StorageOptions;
import mim.core.spi.TorrentStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mim verify}: hashes a torrent's data on disk, read-only through the storage backend, and says
 * which files are complete and which pieces are bad. Exit 0 when everything verifies, 1 otherwise.
 *
 * <p>{@code --json} prints one object with stable keys: {@code complete} (boolean),
 * {@code pieces_total}, {@code pieces_bad} (ranges such as "7-9"), and {@code files}, each with
 * {@code path} (inside the torrent), {@code length}, {@code complete} and {@code missing}.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a torrent's data on disk against its piece hashes.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TORRENT", description = "The .torrent file.")
    String torrentFile;

    @Parameters(index = "1", paramLabel = "DATA_PATH", arity = "0..1",
            description = "The torrent's file or folder (default: the torrent's name beside the .torrent file).")
    Path dataPath;

    @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--json", description = "Print JSON for programs.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (threads != null && threads < 1) {
            throw new MimException.BadInput("--threads must be at least 1");
        }
        Metainfo torrent = load();
        if (torrent.isV2Only()) {
            throw new MimException.BadInput(torrentFile + ": a v2-only torrent, which mim cannot verify yet");
        }
        Path data = dataPath != null ? dataPath
                : Path.of(torrentFile).toAbsolutePath().getParent().resolve(torrent.name());
        checkData(torrent, data);
        FileLayout layout = renamed(torrent, data.toAbsolutePath().normalize().getFileName().toString());
        Path folder = data.toAbsolutePath().normalize().getParent();

        Verification result;
        try (TorrentStorage storage = main.plugins().storageBackend()
                .open(layout, folder, StorageOptions.readOnlyAccess())) {
            List<FileState> onDisk = storage.onDisk();
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            PieceHashes hashes;
            try (ProgressBar bar = ProgressBar.start("verifying", torrent.totalLength(), spec.commandLine().getErr())) {
                hashes = new PieceHasher(layout, n, false)
                        .hash(new StoragePieceSource(layout, storage, onDisk), bar::add);
            } catch (IOException e) {
                throw e.getCause() instanceof MimException m ? m
                        : new MimException.Storage(data + ": cannot read: " + e.getMessage(), e);
            }
            result = Verification.of(torrent, hashes, onDisk);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(result, out);
        } else {
            printText(result, out);
        }
        out.flush();
        return result.complete() ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    private Metainfo load() throws MimException {
        if (torrentFile.contains("://") || torrentFile.startsWith("magnet:")) {
            throw new MimException.BadInput(torrentFile + ": verify needs a .torrent file on disk");
        }
        TorrentSource.Loaded loaded = TorrentSource.load(torrentFile, TorrentSource.Limits.defaults());
        return ((TorrentSource.TorrentFile) loaded).metainfo();
    }

    /** The data must exist and be what the torrent holds: a folder for a multi-file torrent, else a file. */
    private static void checkData(Metainfo torrent, Path data) throws MimException {
        if (!Files.exists(data)) {
            throw new MimException.BadInput(data + ": no such file or directory");
        }
        if (torrent.isMultiFile() && !Files.isDirectory(data)) {
            throw new MimException.BadInput(data + ": not a directory, but the torrent holds a folder");
        }
        if (!torrent.isMultiFile() && Files.isDirectory(data)) {
            throw new MimException.BadInput(data + ": is a directory, but the torrent holds a single file");
        }
        if (!Files.isReadable(data) || (Files.isDirectory(data) && !Files.isExecutable(data))) {
            throw new MimException.BadInput(data + ": permission denied");
        }
    }

    /** The torrent's layout with its top-level name replaced by the data path's. */
    private static FileLayout renamed(Metainfo torrent, String top) {
        List<FileEntry> files = new ArrayList<>();
        for (FileEntry f : torrent.files()) {
            if (f.pad()) {
                files.add(f);
                continue;
            }
            List<String> path = new ArrayList<>(f.path());
            path.set(0, top);
            files.add(new FileEntry(path, f.length(), f.offset(), false, f.executable(), f.hidden(), f.symlinkTarget()));
        }
        return new FileLayout(torrent.pieceLength(), files);
    }

    private static void printText(Verification r, PrintWriter out) {
        int width = r.files().stream().mapToInt(f -> f.path().length()).max().orElse(0);
        for (Verification.FileResult f : r.files()) {
            String state = switch (f.status()) {
                case complete -> "complete";
                case missing -> "missing";
                case incomplete -> "incomplete (" + f.badPieces() + (f.badPieces() == 1 ? " bad piece)" : " bad pieces)");
            };
            out.printf("%-" + width + "s  %10s  %s%n", f.path(), Sizes.human(f.length()), state);
        }
        int bad = r.badPieces().cardinality();
        if (r.complete()) {
            out.println("all " + r.piecesTotal() + " pieces verified");
        } else if (bad == 0) {
            out.println("all " + r.piecesTotal() + " pieces verified, but files are missing");
        } else {
            out.println(bad + " of " + r.piecesTotal() + " pieces bad: " + String.join(", ", r.badRanges()));
        }
    }

    private static void printJson(Verification r, PrintWriter out) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("complete", r.complete());
        o.put("pieces_total", r.piecesTotal());
        ArrayNode bad = o.putArray("pieces_bad");
        r.badRanges().forEach(bad::add);
        ArrayNode files = o.putArray("files");
        for (Verification.FileResult f : r.files()) {
            ObjectNode file = files.addObject();
            file.put("path", f.path());
            file.put("length", f.length());
            file.put("complete", f.status() == Verification.Status.complete);
            file.put("missing", f.status() == Verification.Status.missing);
        }
        out.println(o.toPrettyString());
    }
}
