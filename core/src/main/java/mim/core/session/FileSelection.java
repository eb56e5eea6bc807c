package mim.core.session;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import mim.core.MimException;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.Metainfo;

/**
 * Which files of a torrent to download, from the ways a user may name them: indexes, a regular
 * expression a file's path must contain a match of ({@code -r}, {@code only_files_regex}) and a magnet
 * link's {@code so=} ranges. Only files every given rule names are chosen; a padding file never is.
 * Stateless.
 */
public final class FileSelection {
    private FileSelection() {}

    /**
     * The pattern of a file-name rule as a user wrote it, or null for none.
     *
     * @param option how the user gave it ({@code -r}, {@code only_files_regex}), for the refusal
     * @throws MimException.BadInput naming the option, when it is no regular expression
     */
    public static Pattern pattern(String option, String regex) throws MimException.BadInput {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new MimException.BadInput(option + " '" + regex + "': not a valid regular expression: "
                    + e.getDescription());
        }
    }

    /**
     * The files chosen, or null for every file when no rule is given.
     *
     * @param indexes file indexes, or null; indexes past the torrent's last file name nothing
     * @param pattern or null
     * @param ranges a magnet link's {@code so=} ranges, empty for none
     */
    public static Set<Integer> choose(Metainfo m, Set<Integer> indexes, Pattern pattern,
                                      List<MagnetLink.IndexRange> ranges) {
        if (indexes == null && pattern == null && ranges.isEmpty()) {
            return null;
        }
        Set<Integer> chosen = new HashSet<>();
        List<FileEntry> files = m.files();
        for (int i = 0; i < files.size(); i++) {
            int index = i;
            FileEntry f = files.get(i);
            if (!f.pad() && (indexes == null || indexes.contains(i))
                    && (pattern == null || pattern.matcher(f.displayPath()).find())
                    && (ranges.isEmpty() || ranges.stream().anyMatch(r -> r.contains(index)))) {
                chosen.add(i);
            }
        }
        return chosen;
    }
}
