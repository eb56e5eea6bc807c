#!/usr/bin/python3
"""A libtorrent 2.0 peer that speaks only RC4-encrypted MSE, for LibtorrentMseInteropTest.

Usage: /usr/bin/python3 libtorrent_mse_peer.py seed
       /usr/bin/python3 libtorrent_mse_peer.py leech PORT

The torrent: one file of 2 * 16384 + 1000 bytes in 16 KiB pieces, byte i = (7 i + 3) mod 256.
Encryption is forced both ways with RC4 as the only level; no DHT, LSD, UPnP or NAT-PMP; TCP on
127.0.0.1 only.

seed:  seeds the torrent and, once it accepts peers, prints "ready PORT INFOHASH".
leech: prints "torrent INFOHASH", waits for a line on stdin, then adds the torrent without its
       data and connects to 127.0.0.1:PORT.
Both print "peer rc4" (or "peer plaintext") once a peer's connection is established, and
"piece N" when piece N passed its hash check, and write every alert to stderr. They exit when
stdin closes, or after 60 s.
"""
import os
import select
import sys
import tempfile
import time

import libtorrent as lt

PIECE = 16384
LENGTH = 2 * PIECE + 1000


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def make_torrent(folder):
    with open(os.path.join(folder, "data.bin"), "wb") as f:
        f.write(bytes((7 * i + 3) & 0xFF for i in range(LENGTH)))
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(folder, "data.bin"))
    ct = lt.create_torrent(fs, PIECE, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, folder)
    return lt.torrent_info(ct.generate())


def session():
    forced = int(lt.enc_policy.pe_forced)
    return lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "out_enc_policy": forced, "in_enc_policy": forced, "allowed_enc_level": int(lt.enc_level.rc4),
        "allow_multiple_connections_per_ip": True,
        "alert_mask": int(lt.alert.category_t.all_categories),
    })


def stdin_closed(timeout):
    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    return bool(ready) and sys.stdin.readline() == ""


def serve(ses, handle):
    """Reports peers and verified pieces until stdin closes or 60 s pass."""
    reported = set()
    deadline = time.time() + 60
    while time.time() < deadline:
        for alert in ses.pop_alerts():
            sys.stderr.write("%s: %s\n" % (alert.what(), alert.message()))
            if isinstance(alert, lt.piece_finished_alert):
                say("piece %d" % alert.piece_index)
        for peer in handle.get_peer_info():
            if peer.ip not in reported and peer.flags & lt.peer_info.connecting == 0 \
                    and peer.flags & lt.peer_info.handshake == 0:
                reported.add(peer.ip)
                say("peer rc4" if peer.flags & lt.peer_info.rc4_encrypted else "peer plaintext")
        if stdin_closed(0.05):
            return


def main():
    mode = sys.argv[1]
    source = tempfile.mkdtemp()
    info = make_torrent(source)
    ses = session()
    if mode == "seed":
        handle = ses.add_torrent({"ti": info, "save_path": source, "flags": lt.torrent_flags.seed_mode})
        # libtorrent refuses incoming peers until the torrent has loaded and the socket listens;
        # under load either takes a while after add_torrent returns.
        while ses.listen_port() == 0 or handle.status().state != lt.torrent_status.seeding:
            time.sleep(0.01)
        say("ready %d %s" % (ses.listen_port(), str(info.info_hash())))
    else:
        say("torrent %s" % str(info.info_hash()))
        if sys.stdin.readline() == "":
            return
        handle = ses.add_torrent({"ti": info, "save_path": tempfile.mkdtemp()})
        handle.connect_peer(("127.0.0.1", int(sys.argv[2])))
    serve(ses, handle)


if __name__ == "__main__":
    main()
