package org.example.mim.peersfile;

import org.pf4j.Plugin;

/**
 * The plugin itself: mim starts and stops it. This one keeps no state; its work is done by its
 * extension, {@link FilePeerSource}, which PF4J finds through the {@code @Extension} annotation.
 */
public class PeersFilePlugin extends Plugin {}
