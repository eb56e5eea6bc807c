package mim.plugin.pex;

import org.pf4j.Plugin;

/**
 * The pex plugin: peer exchange (BEP 11). Its one extension, {@link PexExtension}, keeps all its
 * state per torrent; the plugin itself holds nothing.
 */
public class PexPlugin extends Plugin {}
