package mim.core.session;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import mim.core.MimException;
import mim.core.spi.FileState;

/**
 * The resume state of one torrent: the pieces verified, and each file's size and modification
 * time when they were. Kept beside the download, in {@code OUTPUT/.mim/<info-hash>.resume}, so that
 * it travels with the data and names the files it vouches for as ours.
 *
 * <p>Format (big-endian): the magic {@code MIMRES01}, the info-hash (length-prefixed), the piece
 * count and the bitfield's wire bytes (length-prefixed), the file count and per file a flag
 * (exists), its size and its mtime in milliseconds, then a CRC-32 of everything before it. Written
 * atomically: a temporary file, fsync, rename over the old one. A file that does not parse, or
 * names another torrent or geometry, is treated as absent (the data is then checked).
 *
 * <p>Immutable value; {@link #load} and {@link #save} do blocking I/O and belong on the storage pool.
 */
record ResumeFile(byte[] infoHash, Bitfield pieces, List<FileState> files) {
    private static final long MAGIC = 0x4d494d5245533031L; // "MIMRES01"

    /** Where the state of the torrent with this info-hash lives under an output folder. */
    static Path pathFor(Path folder, String infoHashHex) {
        return folder.resolve(".mim").resolve(infoHashHex + ".resume");
    }

    /** The state at {@code path}, or empty if there is none or it is unusable for this torrent. */
    static Optional<ResumeFile> load(Path path, byte[] infoHash, int pieceCount, int fileCount) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (bytes.length < 4) {
            return Optional.empty();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            if (in.readLong() != MAGIC) {
                return Optional.empty();
            }
            byte[] hash = in.readNBytes(in.readUnsignedShort());
            int pieces = in.readInt();
            byte[] wire = in.readNBytes(in.readInt());
            int files = in.readInt();
            if (!java.util.Arrays.equals(hash, infoHash) || pieces != pieceCount || files != fileCount) {
                return Optional.empty();
            }
            Bitfield have = Bitfield.fromWire(wire, pieces);
            List<FileState> states = new ArrayList<>(files);
            for (int i = 0; i < files; i++) {
                boolean exists = in.readBoolean();
                long size = in.readLong();
                long mtime = in.readLong();
                states.add(exists ? FileState.present(size, Instant.ofEpochMilli(mtime)) : FileState.MISSING);
            }
            return Optional.of(new ResumeFile(hash, have, states));
        } catch (IOException | Bitfield.Malformed | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Writes the state to {@code path} atomically, creating its folder. */
    void save(Path path) throws MimException.Storage {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeShort(infoHash.length);
            out.write(infoHash);
            out.writeInt(pieces.size());
            byte[] wire = pieces.toWire();
            out.writeInt(wire.length);
            out.write(wire);
            out.writeInt(files.size());
            for (FileState f : files) {
                out.writeBoolean(f.exists());
                out.writeLong(f.size());
                out.writeLong(f.exists() ? f.modified().toEpochMilli() : 0);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        try {
            AtomicFiles.write(path, bytes.toByteArray());
        } catch (IOException e) {
            throw new MimException.Storage("cannot save resume state " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether a file is as this state saw it: same existence, size and modification time. */
    boolean unchanged(int file, FileState now) {
        FileState then = files.get(file);
        if (then.exists() != now.exists()) {
            return false;
        }
        return !then.exists() || (then.size() == now.size()
                && then.modified().toEpochMilli() == now.modified().toEpochMilli());
    }
}
