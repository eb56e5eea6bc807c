"""libtorrent on loopback for bench/download.sh.

  lt_peer.py hash TORRENT                        prints the v1 info-hash (hex)
  lt_peer.py seed TORRENT SAVE_PATH HOST:PORT          seeds until killed; prints READY once seeding and announced
  lt_peer.py leech TORRENT SAVE_PATH HOST:PORT [PEER]  downloads, dialling PEER (HOST:PORT) if given; exits 0 when
                                                       complete

Listens on HOST (a loopback address) only, TCP only (no uTP), no DHT, LSD, UPnP or NAT-PMP; several connections from one
address are allowed."""
import sys
import time

import libtorrent as lt


def session(address):
    host = address.rsplit(":", 1)[0]
    return lt.session({
        "listen_interfaces": address, "outgoing_interfaces": host,
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_incoming_utp": False, "enable_outgoing_utp": False,
        "allow_multiple_connections_per_ip": True, "announce_to_all_trackers": True,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification,
    })


def add(ses, torrent, save_path):
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = save_path
    return ses.add_torrent(params)


def main(argv):
    mode = argv[1]
    if mode == "hash":
        print(lt.torrent_info(argv[2]).info_hashes().v1)
        return 0
    torrent, save_path, address = argv[2], argv[3], argv[4]
    ses = session(address)
    handle = add(ses, torrent, save_path)
    if mode == "leech":
        if len(argv) > 5:
            host, peer_port = argv[5].rsplit(":", 1)
            handle.connect_peer((host, int(peer_port)))
        while not handle.status().is_seeding:
            for alert in ses.pop_alerts():
                if isinstance(alert, (lt.torrent_error_alert, lt.file_error_alert)):
                    sys.stderr.write("lt_peer: %s\n" % alert.message())
                    return 1
            time.sleep(0.01)
        return 0
    announced = False
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


if __name__ == "__main__":
    sys.exit(main(sys.argv))
