package mim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mim.core.MimException;
import mim.core.Reason;

/** Folders a command writes into, made ready before anything starts. Stateless. */
final class Folders {
    private Folders() {}

    /**
     * Creates {@code folder} if missing and checks that it can be written.
     *
     * @param what how to name it in a message, such as {@code output folder}
     * @return it, absolute and normalised
     * @throws MimException.BadInput if it cannot be created or written
     */
    static Path writable(Path folder, String what) throws MimException.BadInput {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new MimException.BadInput("cannot create " + what + " " + folder + ": " + Reason.of(e));
        }
        if (!Files.isWritable(folder)) {
            throw new MimException.BadInput(what + " " + folder + " is not writable");
        }
        return folder.toAbsolutePath().normalize();
    }
}
