"""libtorrent's recheck of a torrent's data, for bench/verify.sh: lt_recheck.py TORRENT SAVE_PATH THREADS.

The torrent is added paused with the folder holding its data, a recheck is forced and the torrent
resumed so that the check runs (a paused torrent's check waits); the script ends at libtorrent's
torrent_checked_alert. No peers: DHT, LSD, UPnP and NAT-PMP off, listening on loopback only.
Exits 1 unless every piece verified."""
import sys

import libtorrent as lt

torrent, save_path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
ses = lt.session({
    "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
    "listen_interfaces": "127.0.0.1:0", "hashing_threads": threads,
    "alert_mask": lt.alert.category_t.status_notification | lt.alert.category_t.error_notification,
})
params = lt.add_torrent_params()
params.ti = lt.torrent_info(torrent)
params.save_path = save_path
params.flags = (params.flags | lt.torrent_flags.paused) & ~lt.torrent_flags.auto_managed
handle = ses.add_torrent(params)
handle.force_recheck()
handle.resume()
checked = False
while not checked:
    ses.wait_for_alert(1000)
    for alert in ses.pop_alerts():
        if isinstance(alert, lt.torrent_checked_alert):
            checked = True
        elif isinstance(alert, lt.torrent_error_alert):
            sys.exit("libtorrent: " + alert.message())
status = handle.status()
print("libtorrent: %d of %d pieces verified" % (status.num_pieces, params.ti.num_pieces()))
sys.exit(0 if status.num_pieces == params.ti.num_pieces() else 1)
