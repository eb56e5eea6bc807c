#!/usr/bin/python3
"""A libtorrent peer for mim's interop tests, confined to one loopback address.

Run with Debian's /usr/bin/python3, which has python3-libtorrent.

  lt_peer.py info  TORRENT                          print the torrent's identity as JSON
  lt_peer.py seed  --ip IP --port P --save DIR TORRENT
  lt_peer.py leech --ip IP --port P --save DIR TORRENT|MAGNET [--metadata-only]
  lt_peer.py dht   --ip IP --port P                 a DHT node others bootstrap from

Common options: --enc prefer|require|disable, --peer IP:PORT (dial this peer; repeatable),
--dht-node IP:PORT (enable the DHT and bootstrap from this node; repeatable),
--upload-limit BYTES (at most that many bytes a second to all peers; to catch a leecher half way),
--download-limit BYTES (at most that many bytes a second from all peers; to keep a leecher one),
--no-pex (the torrent neither sends nor heeds ut_pex: it learns no peer from others),
--no-ut-metadata (the session speaks no ut_metadata, BEP 9: given a magnet link it never gets the
metadata, yet it connects to peers and tells them of one another over ut_pex).

It prints one line per milestone on stdout, which the harness waits for:
  LISTENING ip:port      the session accepts connections
  SEEDING                seed: the data was checked and is complete
  DONE bytes seconds     leech: every wanted byte is downloaded and checked
  METADATA path          leech --metadata-only: the info dictionary arrived (BEP 9), saved there
  ERROR text             then exits non-zero
Status and libtorrent's alerts go to stderr. It runs until it is sent SIGTERM, except that a
metadata-only leech exits once it has the metadata.
"""
import argparse
import json
import os
import signal
import sys
import time

import libtorrent as lt

ENCRYPTION = {
    # name: (outgoing policy, incoming policy, allowed levels)
    "prefer": (lt.enc_policy.enabled, lt.enc_policy.enabled, lt.enc_level.both),
    "require": (lt.enc_policy.forced, lt.enc_policy.forced, lt.enc_level.rc4),
    "disable": (lt.enc_policy.disabled, lt.enc_policy.disabled, lt.enc_level.plaintext),
}


def say(line):
    print(line, flush=True)


def fail(text, code=3):
    say("ERROR " + text)
    sys.exit(code)


def loopback(endpoint):
    host, port = endpoint.rsplit(":", 1)
    if not host.startswith("127."):
        raise argparse.ArgumentTypeError(endpoint + " is not on loopback")
    return host, int(port)


def arguments():
    p = argparse.ArgumentParser(description="libtorrent peer on loopback")
    p.add_argument("mode", choices=["info", "seed", "leech", "dht"])
    p.add_argument("source", nargs="?")
    p.add_argument("--ip", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--save")
    p.add_argument("--enc", choices=sorted(ENCRYPTION))
    p.add_argument("--peer", type=loopback, action="append", default=[])
    p.add_argument("--dht-node", type=loopback, action="append", default=[])
    p.add_argument("--metadata-only", action="store_true")
    p.add_argument("--upload-limit", type=int, default=0)
    p.add_argument("--download-limit", type=int, default=0)
    p.add_argument("--no-pex", action="store_true")
    p.add_argument("--no-ut-metadata", action="store_true")
    a = p.parse_intermixed_args()
    if not a.ip.startswith("127."):
        p.error("--ip must be a 127.x.y.z address")
    if a.mode in ("info", "seed", "leech") and not a.source:
        p.error(a.mode + " needs a torrent or magnet")
    if a.mode in ("seed", "leech") and not a.save:
        p.error(a.mode + " needs --save")
    return a


def info(path):
    ti = lt.torrent_info(path)
    fs = ti.files()
    print(json.dumps({
        "infoHash": str(ti.info_hashes().v1),
        "name": ti.name(),
        "totalSize": ti.total_size(),
        "pieceLength": ti.piece_length(),
        "pieces": ti.num_pieces(),
        "private": ti.priv(),
        "files": [{"path": fs.file_path(i), "size": fs.file_size(i)} for i in range(fs.num_files())],
        "trackers": [t.url for t in ti.trackers()],
    }))


def session(a, dht):
    settings = {
        "listen_interfaces": "%s:%d" % (a.ip, a.port),
        "outgoing_interfaces": a.ip,
        "listen_system_port_fallback": False,
        # Nothing leaves loopback: no discovery, no port mapping, no default DHT routers.
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_ip_notifier": False,
        "enable_dht": dht,
        "dht_bootstrap_nodes": ",".join("%s:%d" % n for n in a.dht_node),
        # TCP only: mim speaks TCP, and uTP would add a second transport to every result.
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        # Every peer of a test swarm is on 127.0.0.0/8; libtorrent's defaults distrust that.
        "allow_multiple_connections_per_ip": True,
        "dht_restrict_routing_ips": False,
        "dht_restrict_search_ips": False,
        "dht_ignore_dark_internet": False,
        "dht_prefer_verified_node_ids": False,
        # A test waits for every tracker, and reconnects should not take a minute.
        "announce_to_all_tiers": True,
        "announce_to_all_trackers": True,
        "min_reconnect_time": 1,
        "peer_connect_timeout": 3,
        "stop_tracker_timeout": 1,
        # Loopback moves data faster than the defaults, meant for the internet, let through.
        "max_queued_disk_bytes": 64 * 1024 * 1024,
        "send_buffer_watermark": 4 * 1024 * 1024,
        "alert_mask": lt.alert.category_t.error_notification
        | lt.alert.category_t.status_notification
        | lt.alert.category_t.tracker_notification
        | lt.alert.category_t.connect_notification
        | lt.alert.category_t.dht_notification,
    }
    if a.enc:
        out_policy, in_policy, level = ENCRYPTION[a.enc]
        settings.update(out_enc_policy=out_policy, in_enc_policy=in_policy, allowed_enc_level=level)
    if a.no_ut_metadata:
        # Without the default plugins (ut_metadata, ut_pex, smart_ban), then peer exchange alone.
        s = lt.session(settings, 0)
        s.add_extension("ut_pex")
    else:
        s = lt.session(settings)
    deadline = time.monotonic() + 20
    while not (s.is_listening() and s.listen_port() != 0):
        for alert in s.pop_alerts():
            if isinstance(alert, lt.listen_failed_alert):
                fail("cannot listen: " + alert.message())
        if time.monotonic() > deadline:
            fail("not listening after 20 s")
        time.sleep(0.02)
    say("LISTENING %s:%d" % (a.ip, s.listen_port()))
    return s


def report_alerts(s):
    """Logs the alerts; true if one says a torrent's data was checked."""
    checked = False
    for alert in s.pop_alerts():
        sys.stderr.write("%s: %s\n" % (type(alert).__name__, alert.message()))
        checked |= isinstance(alert, lt.torrent_checked_alert)
    return checked


def status(h):
    st = h.status()
    return "%s progress=%.4f down=%d up=%d peers=%d seeds=%d" % (
        st.state, st.progress, st.total_payload_download, st.total_payload_upload,
        st.num_peers, st.num_seeds)


def add(s, a):
    if a.source.startswith("magnet:"):
        params = lt.parse_magnet_uri(a.source)
    else:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(a.source)
    params.save_path = os.path.abspath(a.save)
    if a.no_pex:
        params.flags |= lt.torrent_flags.disable_pex
    h = s.add_torrent(params)
    if a.upload_limit:
        # The torrent's own limit holds for loopback peers too; the session's would not.
        h.set_upload_limit(a.upload_limit)
    if a.download_limit:
        h.set_download_limit(a.download_limit)
    for peer in a.peer:
        h.connect_peer(peer)
    return h


def save_metadata(h, directory):
    ti = h.torrent_file()
    path = os.path.join(directory, "%s.torrent" % ti.info_hashes().v1)
    with open(path, "wb") as f:
        f.write(lt.bencode(lt.create_torrent(ti).generate()))
    return path


def run(a):
    os.makedirs(a.save or ".", exist_ok=True)
    s = session(a, dht=a.mode == "dht" or bool(a.dht_node))
    h = add(s, a) if a.mode != "dht" else None
    started = time.monotonic()
    milestone = checked = False
    last_status = 0.0
    while True:
        checked |= report_alerts(s)
        now = time.monotonic()
        if h is not None and not milestone:
            st = h.status()
            if a.metadata_only and st.has_metadata:
                say("METADATA " + save_metadata(h, a.save))
                return 0
            if a.mode == "seed" and checked:
                if not st.is_seeding:
                    fail("data in %s is incomplete (%.4f)" % (a.save, st.progress), 4)
                say("SEEDING")
                milestone = True
            if a.mode == "leech" and st.is_seeding and not a.metadata_only:
                say("DONE %d %.3f" % (st.total_wanted, now - started))
                milestone = True
        if now - last_status >= 1:
            sys.stderr.write((status(h) if h else "dht_nodes=%d" % s.status().dht_nodes) + "\n")
            last_status = now
        time.sleep(0.02)


def main():
    # SIGTERM ends the loop through an exception, so libtorrent's destructor says goodbye to the
    # trackers (bounded by stop_tracker_timeout).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    a = arguments()
    if a.mode == "info":
        info(a.source)
        return 0
    return run(a)


if __name__ == "__main__":
    sys.exit(main())
