package mim.plugin.tui;

/** How a stretch of the screen is drawn. A terminal without colour draws every one plain. */
enum Style {
    PLAIN,
    /** The title and column headings. */
    HEADER,
    /** The selected row (which a {@code >} marks as well, for terminals without colour). */
    SELECTED,
    /** The status bar. */
    STATUS,
    /** The done part of a progress bar. */
    DONE,
    /** A problem: the server gone, a refused action. */
    ERROR,
    /** Something paused or unavailable. */
    DIM
}
