package mim.plugin.webui;

import org.pf4j.Plugin;

/** The web-ui plugin: the web page, served by its one extension, {@link WebUiMount}. Holds nothing. */
public class WebUiPlugin extends Plugin {}
