package mim.plugin.httpapi;

import org.pf4j.Plugin;

/**
 * The http-api plugin: the server's HTTP API. Its one extension, {@link HttpApiInterface}, holds the
 * server it starts; the plugin itself holds nothing.
 */
public class HttpApiPlugin extends Plugin {}
