package mim.plugin.storage.files;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import mim.core.MimException;

/** Turns an I/O failure on a file into a one-line message: what we did, to which file, and why. */
final class IoErrors {
    private IoErrors() {}

    static MimException.Storage storage(String action, Path file, IOException e) {
        return new MimException.Storage("cannot " + action + " " + file + ": " + reason(e), e);
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "missing";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "a file is in the way of folder " + f.getFile();
        }
        if (e instanceof ClosedByInterruptException) {
            return "interrupted";
        }
        String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (why == null || why.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // The OS says "No space left on device" and "Is a directory": keep the words, lose the capital.
        return why.substring(0, 1).toLowerCase(Locale.ROOT) + why.substring(1);
    }
}
