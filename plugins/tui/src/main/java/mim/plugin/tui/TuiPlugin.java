package mim.plugin.tui;

import org.pf4j.Plugin;

/**
 * The tui plugin: a full-screen terminal view of a session. Its one extension, {@link TerminalInterface},
 * holds the terminal while attached; the plugin itself holds nothing.
 */
public class TuiPlugin extends Plugin {}
