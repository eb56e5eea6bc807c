/**
 * The extension points: what a plugin may implement and what it may use.
 *
 * <p>Each extension point is a PF4J {@link org.pf4j.ExtensionPoint}; a plugin implements one in a
 * class annotated {@code @Extension}, and the application finds it through PF4J. The value types
 * here are immutable and are everything an extension and the application exchange; nothing else in
 * {@code mim.core} is promised to stay stable for plugins.
 *
 * <ul>
 *   <li>{@link mim.core.spi.StorageBackend}: where a torrent's bytes live ({@link mim.core.spi.TorrentStorage}).
 *   <li>{@link mim.core.spi.PeerSource}: where peers come from (trackers, DHT, PEX, a file).
 *   <li>{@link mim.core.spi.UserInterface}: what shows and drives a running session, through
 *       {@link mim.core.spi.SessionControl}, the one control surface every interface uses.
 *   <li>{@link mim.core.spi.HttpMount}: routes a plugin adds to the server's HTTP API (a web UI).
 *   <li>{@link mim.core.spi.WireExtension}: messages over the extension protocol (peer exchange).
 * </ul>
 *
 * <p>Extensions are created once per process and shared: every extension must be safe for use from
 * several threads, and must not keep per-torrent state in fields (per-torrent state lives in what
 * {@code open} or {@code start} return).
 */
package mim.core.spi;
