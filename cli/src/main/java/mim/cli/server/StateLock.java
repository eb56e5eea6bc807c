package mim.cli.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import mim.core.MimException;
import mim.core.Reason;

/**
 * One server at a time on a state folder: an exclusive lock on its {@code lock} file, which holds the
 * pid of the process that has it. The operating system releases the lock when the process ends, however
 * it ends, so a crashed server never blocks the next one. Held until {@link #close}.
 */
public final class StateLock implements AutoCloseable {
    static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code folder} (created if missing), or fails at once.
     *
     * @throws MimException if another process holds it (naming its pid) or the file cannot be used
     */
    public static StateLock acquire(Path folder) throws MimException {
        Path file = folder.resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(folder);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw new MimException("another mim server" + holder + " is using " + folder
                        + "; stop it first, or start this one with --disable-persistence");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new StateLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new MimException.Storage("cannot lock " + file + ": " + Reason.of(e), e);
        }
    }

    /** " (pid 1234)" from the file the holder wrote, or nothing when it says nothing usable. */
    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
        return text.matches("\\d{1,10}") ? " (pid " + text + ")" : "";
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // Closing only releases the descriptor; the failure that brought us here is reported.
            }
        }
    }

    /** Releases the lock; the file stays, to be taken by the next server. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // The lock goes with the descriptor anyway.
        }
        closeQuietly(channel);
    }
}
