package mim.plugin.tui;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the person looking at the screen chose: the view, the selection, the order, the filter, and the
 * prompt or question open at the bottom. Confined to the interface's thread.
 *
 * <p>Views: the list, and the details of one torrent ({@code Enter} opens them, {@code Esc} goes back);
 * over either, the help ({@code ?}). At most one prompt (the text typed for {@code a}, {@code /}, {@code l} or
 * {@code L}) or question (a deletion or a re-check to confirm) is open at a time.
 */
final class UiState {
    enum View { LIST, DETAILS }

    /** What the line typed at the bottom is for. */
    enum Prompt {
        ADD("Add (magnet link, URL or .torrent path): "),
        FILTER("Filter: "),
        LIMITS("Torrent's limits, down up (5M 500k; - for none): "),
        SESSION_LIMITS("Session's limits, down up (5M 500k; - for none): ");

        final String label;

        Prompt(String label) {
            this.label = label;
        }
    }

    /** What a question asks to do, once answered {@code y}. */
    enum Action { FORGET, DELETE, VERIFY }

    /** An action on a torrent awaiting its {@code y}. */
    record Question(int id, String name, Action action) {
        String text() {
            return switch (action) {
                case FORGET -> "Remove " + name + " (files kept)? ";
                case DELETE -> "Delete " + name + " AND ITS FILES? ";
                case VERIFY -> "Check " + name + "'s data on disk again? ";
            } + "y/n";
        }
    }

    View view = View.LIST;
    boolean help;
    /** The selected torrent's id, or -1 before there is one. */
    int selected = -1;
    /** The index into the details' file list of the file under the cursor. */
    int fileCursor;
    Sort sort = Sort.ADDED;
    boolean descending;
    /** Names must contain this (any case); empty for all. */
    String filter = "";
    Prompt prompt;
    /** The torrent a {@link Prompt#LIMITS} prompt sets the limits of. */
    int promptFor = -1;
    final StringBuilder typed = new StringBuilder();
    Question question;
    /** The last word on something done (an add, a refusal), shown until the next key. */
    String notice;

    /** The torrents the list shows, filtered and in order. */
    List<Torrent> visible(List<Torrent> torrents) {
        String needle = filter.toLowerCase(Locale.ROOT);
        Comparator<Torrent> order = descending ? sort.order.reversed() : sort.order;
        return torrents.stream().filter(t -> t.name().toLowerCase(Locale.ROOT).contains(needle)).sorted(order)
                .toList();
    }

    /** The index of the selected torrent among {@code visible}, the first one if it is not there; -1 if none. */
    int selectedIndex(List<Torrent> visible) {
        for (int i = 0; i < visible.size(); i++) {
            if (visible.get(i).id() == selected) {
                return i;
            }
        }
        return visible.isEmpty() ? -1 : 0;
    }
}
