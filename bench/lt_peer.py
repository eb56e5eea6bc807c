"""libtorrent on loopback for the benchmarks (bench/download.sh, bench/magnet.sh).

  lt_peer.py hash TORRENT                        prints the v1 info-hash (hex)
  lt_peer.py seed TORRENT SAVE_PATH HOST:PORT          seeds until killed; prints READY once seeding and announced
                                                       (a torrent without trackers: once seeding)
  lt_peer.py leech SOURCE SAVE_PATH HOST:PORT [PEER]   downloads a torrent file or a magnet link, dialling PEER
                                                       (HOST:PORT) if given, again while not connected to
                                                       anyone; exits 0 when complete
  lt_peer.py dht HOST:PORT                       a DHT node for the others to bootstrap from; prints READY, then
                                                 ANNOUNCE IP:PORT INFO_HASH for every announce it receives

  --dht NODE (HOST:PORT, after the other arguments): seed or leech with the DHT on, bootstrapped from NODE alone.

A leech prints METADATA T once it has the info dictionary and DONE T once complete, T in seconds since the epoch
(time.time()), so that a caller can date them against its own start.

Listens on HOST (a loopback address) only, TCP only (no uTP), no LSD, UPnP or NAT-PMP, and no DHT unless --dht;
several connections from one address are allowed."""
import sys
import time

import libtorrent as lt


def session(address, dht_node=None, dht_router=False):
    host = address.rsplit(":", 1)[0]
    dht = dht_router or dht_node is not None
    settings = {
        "listen_interfaces": address, "outgoing_interfaces": host,
        "enable_dht": dht, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_incoming_utp": False, "enable_outgoing_utp": False,
        "allow_multiple_connections_per_ip": True, "announce_to_all_trackers": True,
        # A peer that turned us away (a seeder still checking its files) is tried again a second later, not a minute.
        "min_reconnect_time": 1,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification
        | lt.alert.category_t.dht_notification,
    }
    if dht:
        # Every node is on 127.0.0.0/8, which libtorrent's DHT distrusts by default; no public routers.
        settings.update({
            "dht_bootstrap_nodes": dht_node or "",
            "dht_restrict_routing_ips": False, "dht_restrict_search_ips": False,
            "dht_ignore_dark_internet": False, "dht_prefer_verified_node_ids": False,
        })
    return lt.session(settings)


def add(ses, source, save_path):
    if source.startswith("magnet:"):
        params = lt.parse_magnet_uri(source)
    else:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(source)
    params.save_path = save_path
    return ses.add_torrent(params)


def failed(ses):
    for alert in ses.pop_alerts():
        if isinstance(alert, (lt.torrent_error_alert, lt.file_error_alert)):
            sys.stderr.write("lt_peer: %s\n" % alert.message())
            return True
    return False


def router(ses):
    print("READY", flush=True)
    while True:
        for alert in ses.pop_alerts():
            if isinstance(alert, lt.dht_announce_alert):
                print("ANNOUNCE %s:%d %s" % (alert.ip, alert.port, alert.info_hash), flush=True)
        time.sleep(0.02)


def leech(ses, handle, peer):
    address = None
    if peer:
        host, peer_port = peer.rsplit(":", 1)
        address = (host, int(peer_port))
    has_metadata = False
    while True:
        if failed(ses):
            return 1
        status = handle.status()
        # Dialled again while not connected: a seeder still checking its files may turn us away (libtorrent does).
        if address and status.num_peers == 0:
            handle.connect_peer(address)
        if status.has_metadata and not has_metadata:
            has_metadata = True
            print("METADATA %.3f" % time.time(), flush=True)
        if status.is_seeding:
            print("DONE %.3f" % time.time(), flush=True)
            return 0
        time.sleep(0.01)


def seed(ses, handle):
    # A torrent without trackers has nobody to announce to: it is ready once seeding.
    announced = not handle.trackers()
    ready = False
    while True:
        for alert in ses.pop_alerts():
            if isinstance(alert, lt.tracker_reply_alert):
                announced = True
            elif isinstance(alert, (lt.torrent_error_alert, lt.file_error_alert)):
                sys.stderr.write("lt_peer: %s\n" % alert.message())
                return 1
        if not ready and announced and handle.status().is_seeding:
            ready = True
            print("READY", flush=True)
        time.sleep(0.05)


def main(argv):
    dht_node = None
    if "--dht" in argv:
        at = argv.index("--dht")
        dht_node = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    mode = argv[1]
    if mode == "hash":
        print(lt.torrent_info(argv[2]).info_hashes().v1)
        return 0
    if mode == "dht":
        return router(session(argv[2], dht_router=True))
    source, save_path, address = argv[2], argv[3], argv[4]
    ses = session(address, dht_node)
    handle = add(ses, source, save_path)
    if mode == "leech":
        return leech(ses, handle, argv[5] if len(argv) > 5 else None)
    return seed(ses, handle)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
