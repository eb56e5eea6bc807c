#!/usr/bin/python3
"""A libtorrent peer for mim's interop tests, on loopback only.

  lt_peer.py make TORRENT CONTENT PIECE_LENGTH   write a .torrent of CONTENT (a file or a folder)
  lt_peer.py seed TORRENT FOLDER PORT [RATE]      seed FOLDER's data on 127.0.0.1:PORT until killed,
                                                  at most RATE bytes a second if given
  lt_peer.py leech TORRENT FOLDER PORT [PEER_PORT] download (from 127.0.0.1:PEER_PORT if given, else
                                                  from whoever connects), exit 0 when done

Prints "listening PORT" once it accepts connections, and "finished" when a leech completes. No DHT,
local discovery, UPnP, NAT-PMP or uTP: TCP to the given peer only.
"""
import os
import sys
import time

import libtorrent as lt


def make(torrent, content, piece_length):
    fs = lt.file_storage()
    lt.add_files(fs, content)
    t = lt.create_torrent(fs, int(piece_length), flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(t, os.path.dirname(os.path.abspath(content)))
    with open(torrent, "wb") as f:
        f.write(lt.bencode(t.generate()))


def session(port):
    s = lt.session({
        "listen_interfaces": "127.0.0.1:%d" % port,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "allow_multiple_connections_per_ip": True,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
        # A loopback peer should not be held back by the defaults meant for the internet.
        "download_rate_limit": 0,
        "connections_limit": 200,
        "max_queued_disk_bytes": 64 * 1024 * 1024,
        "send_buffer_watermark": 4 * 1024 * 1024,
    })
    return s


def add(s, torrent, folder, seed_mode):
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = folder
    if seed_mode:
        params.flags |= lt.torrent_flags.seed_mode
    return s.add_torrent(params)


def main():
    mode = sys.argv[1]
    if mode == "make":
        make(sys.argv[2], sys.argv[3], sys.argv[4])
        return 0
    torrent, folder, port = sys.argv[2], sys.argv[3], int(sys.argv[4])
    limit = int(sys.argv[5]) if mode == "seed" and len(sys.argv) > 5 else 0
    s = session(port)
    h = add(s, torrent, folder, mode == "seed")
    if limit:
        # A torrent's own limit holds for loopback peers too, unlike the session's.
        h.set_upload_limit(limit)
    while s.listen_port() == 0:
        time.sleep(0.01)
    print("listening %d" % s.listen_port(), flush=True)
    peer = int(sys.argv[5]) if mode == "leech" and len(sys.argv) > 5 else None
    if peer:
        h.connect_peer(("127.0.0.1", peer))
    start = time.monotonic()
    reconnect = time.monotonic()
    while True:
        st = h.status()
        if mode == "leech":
            if st.is_seeding:
                print("finished %.3f" % (time.monotonic() - start), flush=True)
                return 0
            if peer and st.num_peers == 0 and time.monotonic() - reconnect > 2:
                h.connect_peer(("127.0.0.1", peer))
                reconnect = time.monotonic()
        for a in s.pop_alerts():
            if a.category() & lt.alert.category_t.error_notification:
                print("alert %s" % a.message(), file=sys.stderr, flush=True)
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
