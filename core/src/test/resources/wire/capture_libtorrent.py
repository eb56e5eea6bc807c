#!/usr/bin/python3
"""Records what a libtorrent 2.0 seed sends to a plain peer on 127.0.0.1.

Usage: /usr/bin/python3 capture_libtorrent.py fast|plain OUTPUT

A seed of one 3-piece file (piece length 16384, total 33768 bytes, byte i = (7 i + 3) mod 256)
connects to a socket we listen on. We answer its handshake with the extension-protocol bit, plus
the Fast bit when asked for "fast", say we have nothing (have none, Fast only), say we are
interested, wait to be unchoked, request block (0, 0, 16384), and stop once the piece arrived.
OUTPUT receives every byte the seed sent, in order: its handshake first.
"""
import os
import socket
import struct
import sys
import tempfile
import time

import libtorrent as lt

PIECE = 16384
LENGTH = 2 * PIECE + 1000


def main():
    mode, out = sys.argv[1], sys.argv[2]
    fast = mode == "fast"
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, "data.bin"), "wb") as f:
        f.write(bytes((7 * i + 3) & 0xFF for i in range(LENGTH)))
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(folder, "data.bin"))
    ct = lt.create_torrent(fs, PIECE, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, folder)
    info = lt.torrent_info(ct.generate())

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(20)

    ses = lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "out_enc_policy": int(lt.enc_policy.pe_disabled), "in_enc_policy": int(lt.enc_policy.pe_disabled),
        "allow_multiple_connections_per_ip": True,
    })
    handle = ses.add_torrent({"ti": info, "save_path": folder, "flags": lt.torrent_flags.seed_mode})
    handle.connect_peer(listener.getsockname())
    conn, _ = listener.accept()
    conn.settimeout(20)
    received = bytearray()

    def read(n):
        while len(received) < n:
            chunk = conn.recv(65536)
            if not chunk:
                raise SystemExit("seed closed the connection after %d bytes" % len(received))
            received.extend(chunk)

    read(68)
    reserved = bytearray(8)
    reserved[5] |= 0x10
    if fast:
        reserved[7] |= 0x04
    conn.sendall(b"\x13BitTorrent protocol" + bytes(reserved) + received[28:48] + b"-MM0000-capturepeer0")
    if fast:
        conn.sendall(struct.pack(">IB", 1, 0x0F))
    conn.sendall(struct.pack(">IB", 1, 2))

    pos, requested = 68, False
    deadline = time.time() + 30
    while time.time() < deadline:
        read(pos + 4)
        length = struct.unpack(">I", received[pos:pos + 4])[0]
        read(pos + 4 + length)
        msg_id = received[pos + 4] if length else None
        pos += 4 + length
        if msg_id == 1 and not requested:
            conn.sendall(struct.pack(">IBIII", 13, 6, 0, 0, PIECE))
            requested = True
        if msg_id == 7:
            break
    else:
        raise SystemExit("no piece within 30 s")
    with open(out, "wb") as f:
        f.write(bytes(received[:pos]))
    conn.close()
    listener.close()
    del ses


if __name__ == "__main__":
    main()
