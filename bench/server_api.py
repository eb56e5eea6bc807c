"""The HTTP API side of bench/server.sh: makes small torrents, adds them, waits for them, times requests.

  server_api.py make N DIR          DIR/data/t0001.bin ... (16 KiB each, distinct) and DIR/torrents/t0001.torrent ...
  server_api.py add PORT DIR FROM TO    adds torrents FROM..TO (1-based, inclusive) through POST /torrents
  server_api.py wait PORT N         waits (up to 10 minutes) until N torrents are seeding
  server_api.py time PORT PATH COUNT    GETs PATH COUNT times on one connection; prints p50 and p99 in ms

The torrents have no tracker and the server runs without the DHT, so no request leaves the machine."""
import hashlib
import http.client
import json
import os
import sys
import time

SIZE = 16 * 1024
PIECE = 16 * 1024


def bencode(v):
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, bytes):
        return b"%d:%s" % (len(v), v)
    if isinstance(v, str):
        return bencode(v.encode())
    if isinstance(v, dict):
        return b"d" + b"".join(bencode(k) + bencode(v[k]) for k in sorted(v)) + b"e"
    raise TypeError(v)


def name(i):
    return "t%04d.bin" % i


def make(n, folder):
    os.makedirs(os.path.join(folder, "data"), exist_ok=True)
    os.makedirs(os.path.join(folder, "torrents"), exist_ok=True)
    for i in range(1, n + 1):
        content = b"".join(hashlib.sha256(b"%d/%d" % (i, k)).digest() for k in range(SIZE // 32))
        with open(os.path.join(folder, "data", name(i)), "wb") as f:
            f.write(content)
        pieces = b"".join(hashlib.sha1(content[o:o + PIECE]).digest() for o in range(0, SIZE, PIECE))
        info = {"name": name(i), "length": SIZE, "piece length": PIECE, "pieces": pieces}
        with open(os.path.join(folder, "torrents", name(i) + ".torrent"), "wb") as f:
            f.write(bencode({"info": info}))


def request(conn, method, path, body=None):
    conn.request(method, path, body=body)
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        sys.exit("bench: %s %s: %d %s" % (method, path, r.status, data[:300]))
    return data


def add(port, folder, first, last):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(first, last + 1):
        with open(os.path.join(folder, "torrents", name(i) + ".torrent"), "rb") as f:
            request(conn, "POST", "/torrents", f.read())
    conn.close()


def wait(port, n):
    deadline = time.time() + 600
    while time.time() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        torrents = json.loads(request(conn, "GET", "/torrents?with_stats=true"))["torrents"]
        conn.close()
        seeding = sum(1 for t in torrents if t["stats"]["state"] == "seeding")
        if seeding >= n:
            return
        time.sleep(1)
    sys.exit("bench: %d torrents not seeding after 10 minutes" % n)


def timing(port, path, count):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    request(conn, "GET", path)  # not counted: the first answer pays for loading its classes
    took = []
    size = 0
    for _ in range(count):
        start = time.perf_counter()
        size = len(request(conn, "GET", path))
        took.append((time.perf_counter() - start) * 1000)
    conn.close()
    took.sort()
    p50 = took[len(took) // 2]
    p99 = took[min(len(took) - 1, (len(took) * 99 + 99) // 100 - 1)]
    print("%.1f %.1f %d" % (p50, p99, size))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(int(sys.argv[2]), sys.argv[3])
    elif cmd == "add":
        add(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif cmd == "wait":
        wait(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "time":
        timing(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)
