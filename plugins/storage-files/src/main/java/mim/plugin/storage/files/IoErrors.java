package mim.plugin.storage.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import mim.core.MimException;
import mim.core.Reason;

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
        if (e instanceof FileAlreadyExistsException f) {
            return "a file is in the way of folder " + f.getFile();
        }
        return Reason.of(e);
    }
}
