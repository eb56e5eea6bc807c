package mim.core.session;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import mim.core.MimException;

/**
 * Where a torrent added through {@link mim.core.spi.SessionControl} may go: inside the session's
 * output folder, never outside it. A caller of the control surface (a client of the HTTP API) names
 * folders relative to it, or absolute ones below it; {@code ..} that climbs out is refused, however
 * it is spelled. Stateless.
 */
final class OutputFolders {
    private OutputFolders() {}

    /**
     * @param root the session's output folder
     * @param outputFolder null or empty for {@code root}; relative to it, or absolute inside it
     * @param subFolder null or empty for none; relative, inside the output folder
     * @return the folder, absolute and normalised
     * @throws MimException.BadInput for a folder outside {@code root} or a path the system cannot hold
     */
    static Path resolve(Path root, String outputFolder, String subFolder) throws MimException.BadInput {
        Path top = root.toAbsolutePath().normalize();
        Path folder = top;
        if (outputFolder != null && !outputFolder.isEmpty()) {
            folder = top.resolve(path(outputFolder, "output_folder")).normalize();
            if (!folder.startsWith(top)) {
                throw new MimException.BadInput("output_folder '" + outputFolder + "' lies outside the output folder "
                        + top);
            }
        }
        if (subFolder != null && !subFolder.isEmpty()) {
            Path sub = path(subFolder, "sub_folder");
            Path inside = folder.resolve(sub).normalize();
            if (sub.isAbsolute() || !inside.startsWith(folder) || inside.equals(folder)) {
                throw new MimException.BadInput("sub_folder '" + subFolder + "' does not name a folder inside "
                        + folder);
            }
            folder = inside;
        }
        return folder;
    }

    private static Path path(String text, String what) throws MimException.BadInput {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new MimException.BadInput(what + " '" + text + "' is not a path: " + e.getReason());
        }
    }
}
