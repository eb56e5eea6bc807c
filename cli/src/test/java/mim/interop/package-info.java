/**
 * The interop harness: real, independently written BitTorrent programs from Debian's packages,
 * started on loopback for a test and stopped after it.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (Swarm swarm = Swarm.create()) {
 *     Opentracker tracker = swarm.opentracker();
 *     Path data = swarm.data("single.bin", 64 << 20);            // or swarm.tree("multi", "a=1,sub/b=16383,z=0")
 *     Torrent torrent = swarm.torrent(data, tracker.httpUrl());  // mktorrent; whitelisted on the tracker
 *     Peer seeder = swarm.libtorrent().seed(torrent, data);      // checked, listening, announced
 *     Download download = swarm.aria2().leech(torrent, swarm.newDir("out"));
 *     download.awaitComplete(Duration.ofSeconds(30));
 *     assertEquals(TestData.sha256(data), TestData.sha256(download.outDir().resolve(torrent.name())),
 *             swarm::diagnostics);
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link mim.interop.Swarm}: one a test; owns a temporary directory, hands out a loopback
 *       address per program (127.N.x.y; N differs between JVMs) and a port the OS chose, and
 *       stops every process it started on close (SIGTERM, SIGKILL after 5 s, descendants too).</li>
 *   <li>{@link mim.interop.Opentracker}: HTTP and UDP announce URLs on one port; Debian's build
 *       serves whitelisted info-hashes only, and the swarm whitelists each torrent it makes.
 *       {@link mim.interop.Opentracker#peers} shows what the tracker would tell a leecher.</li>
 *   <li>{@link mim.interop.TestData}: deterministic pseudo-random files and trees, SHA-256 of
 *       every file to compare an original with its download.</li>
 *   <li>{@link mim.interop.Torrent}: a v1 torrent made by mktorrent and described by libtorrent
 *       (info-hash, name, size, trackers, magnet link).</li>
 *   <li>{@link mim.interop.Client}: {@link mim.interop.Aria2}, {@link mim.interop.Libtorrent},
 *       {@link mim.interop.Rtorrent}, {@link mim.interop.Transmission} (or
 *       {@link mim.interop.Swarm#client(ClientKind)}). One client is one program, started once
 *       as a seeder ({@link mim.interop.Peer}) or a leecher ({@link mim.interop.Download}).</li>
 *   <li>{@link mim.interop.DhtRouter}: a libtorrent DHT node on loopback, the whole DHT of a test;
 *       {@link mim.interop.Libtorrent#dht} and {@link mim.interop.Mim#dht} bootstrap from it.
 *       {@link mim.interop.Swarm#adopt} takes a .torrent made elsewhere (by {@code mim create}).</li>
 * </ul>
 *
 * <h2>What the programs need</h2>
 * <ul>
 *   <li>Each its own address: Transmission and rtorrent keep one peer per IP address.</li>
 *   <li>Announces from the listen address: opentracker records the source address. aria2 does
 *       so over HTTP only; seed aria2 with an HTTP tracker.</li>
 *   <li>Transmission never dials loopback peers itself; it only accepts them. It skips the 0-byte
 *       files of a multi-file torrent.</li>
 * </ul>
 *
 * <p>Every wait has a deadline; failures are {@link java.lang.AssertionError}s carrying the tail of
 * the programs' logs. Nothing leaves 127.0.0.0/8: no LSD, UPnP or NAT-PMP, and no DHT but a
 * {@link mim.interop.DhtRouter} of the test's own.
 */
package mim.interop;
