package mim.plugin.tracker.udp;

import org.pf4j.Plugin;

/**
 * The tracker-udp plugin: announces to {@code udp://} trackers (BEP 15). It holds no state of its
 * own; its one extension, {@link UdpTrackerClient}, is found through PF4J's extension index.
 */
public class UdpTrackerPlugin extends Plugin {}
