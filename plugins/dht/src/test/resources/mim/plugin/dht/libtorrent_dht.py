"""A libtorrent DHT node on loopback, driven line by line from standard input.

Usage: libtorrent_dht.py PORT. Prints "ready PORT" once listening, then answers commands:
  add_node IP PORT     ping a node; it joins libtorrent's routing table when it answers
  add HEX FOLDER       add a torrent by its info-hash (40 hex digits); libtorrent announces it
  get_peers HEX        look an info-hash up; prints "peers HEX IP:PORT ..." for each answer with peers
  stats                prints "nodes N", the nodes in libtorrent's routing table
  quit
It also prints "announced HEX IP:PORT" for each announce_peer that others send it, and logs
every other alert (the DHT's packets among them) to standard error.
"""
import os
import select
import sys

import libtorrent as lt


def say(*words):
    print(*words, flush=True)


def run(session, words):
    """Runs one command; returns False for quit."""
    if not words:
        return True
    if words[0] == "quit":
        return False
    if words[0] == "add_node":
        session.add_dht_node((words[1], int(words[2])))
    elif words[0] == "add":
        # A torrent known by its info-hash only: libtorrent announces it to the DHT to find peers.
        params = lt.parse_magnet_uri("magnet:?xt=urn:btih:" + words[1])
        params.save_path = words[2]
        session.add_torrent(params)
    elif words[0] == "get_peers":
        session.dht_get_peers(lt.sha1_hash(bytes.fromhex(words[1])))
    elif words[0] == "stats":
        session.post_dht_stats()
    return True


def main():
    port = int(sys.argv[1])
    session = lt.session({
        "listen_interfaces": "127.0.0.1:%d" % port,
        "enable_dht": True,
        "dht_bootstrap_nodes": "",
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        # Everything here is on 127.0.0.1: lift the limits meant for the open internet.
        "dht_restrict_routing_ips": False,
        "dht_restrict_search_ips": False,
        "dht_prefer_verified_node_ids": False,
        "dht_enforce_node_id": False,
        "dht_ignore_dark_internet": False,
        "dht_block_ratelimit": 1000,
        "dht_announce_interval": 1,
        "alert_mask": lt.alert_category.dht | lt.alert_category.dht_operation | lt.alert_category.error | lt.alert_category.status | lt.alert_category.dht_log,
    })
    say("ready", session.listen_port())
    pending = b""
    while True:
        # Raw reads: a buffered reader would hold back lines that select() no longer reports.
        readable, _, _ = select.select([0], [], [], 0.05)
        if readable:
            chunk = os.read(0, 4096)
            if not chunk:
                return
            pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            if not run(session, line.decode("ascii").split()):
                return
        for alert in session.pop_alerts():
            if isinstance(alert, lt.dht_get_peers_reply_alert):
                peers = ["%s:%d" % (ip, p) for ip, p in alert.peers()]
                say("peers", str(alert.info_hash), *peers)
            elif isinstance(alert, lt.dht_announce_alert):
                say("announced", str(alert.info_hash), "%s:%d" % (alert.ip, alert.port))
            elif isinstance(alert, lt.dht_stats_alert):
                say("nodes", sum(bucket["num_nodes"] for bucket in alert.routing_table))
            else:
                # The DHT's own log and packets, and everything else, for the test's failure message.
                print(type(alert).__name__, alert.message(), file=sys.stderr, flush=True)


main()
