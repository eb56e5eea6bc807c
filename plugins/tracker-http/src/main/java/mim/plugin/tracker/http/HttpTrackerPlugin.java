package mim.plugin.tracker.http;

import org.pf4j.Plugin;

/**
 * The tracker-http plugin: announces to {@code http://} and {@code https://} trackers. It holds no
 * state of its own; its one extension, {@link HttpTrackerClient}, is found through PF4J's extension
 * index and owns the HTTP client.
 */
public class HttpTrackerPlugin extends Plugin {}
