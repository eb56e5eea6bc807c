package mim.plugin.qbittorrent;

import org.pf4j.Plugin;

/**
 * The qbittorrent-api plugin: qBittorrent's Web API v2, mounted on the HTTP API's server by its one
 * extension, {@link QbittorrentApi}. The plugin itself holds nothing.
 */
public class QbittorrentApiPlugin extends Plugin {}
