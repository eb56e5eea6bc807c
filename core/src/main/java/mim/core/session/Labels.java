package mim.core.session;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import mim.core.MimException;

/** The rule for a torrent's labels ({@link mim.core.spi.SessionControl#setLabels}). Stateless. */
final class Labels {
    static final int MAX_LENGTH = 128;

    private Labels() {}

    /**
     * The labels sorted, each checked.
     *
     * @throws MimException.BadInput naming the first label that is not one
     */
    static List<String> checked(Set<String> labels) throws MimException.BadInput {
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LENGTH) {
                throw new MimException.BadInput("label '" + label + "': a label has 1 to " + MAX_LENGTH + " characters");
            }
            if (label.indexOf(',') >= 0 || label.chars().anyMatch(Character::isISOControl)) {
                throw new MimException.BadInput("label '" + label.replaceAll("\\p{Cntrl}", "?")
                        + "': a label holds no comma and no control character");
            }
        }
        return List.copyOf(new TreeSet<>(labels));
    }
}
