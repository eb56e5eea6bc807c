#!/usr/bin/env bash
# Times a magnet link on loopback, from start to metadata and from start to complete, for mim and for a
# libtorrent leecher, in a swarm shaped like a release: 1 GiB in one file, a hybrid torrent made by
# mim create --hybrid, seeded by libtorrent (also on the DHT) and rtorrent (tracker only), an opentracker,
# and a libtorrent DHT node on loopback that everyone on the DHT bootstraps from. Two modes:
#   dht      the link has no tr= and no x.pe: the seeder is found through the DHT node alone
#   tracker  the link has tr=: the seeders are found through the tracker, the DHT off
# The leechers take turns (rounds alternate the tools); each run starts from an empty folder. Times are
# dated by the leechers' own lines (mim's log, lt_peer.py's METADATA and DONE) against the moment the
# script started them; wall time and peak RSS come from /usr/bin/time -v. Each run's output stays in
# $BENCH_DIR/magnet/logs. On demand, not in the tests.
#   bench/magnet.sh        BENCH_RUNS=5 bench/magnet.sh        BENCH_PORT=27100 bench/magnet.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need opentracker rtorrent
need_libtorrent

make_data
build_mim
file="$data/part0.bin"
# Only this file takes part: keep it, not the other three, in the page cache before each run.
warm_files=("$file")
port=${BENCH_PORT:-27100}
# rtorrent keeps one peer an address, so every program has its own: the tracker 127.0.0.1, libtorrent's
# seeder .2, rtorrent's .3, the leechers .4, the DHT node .5. Each run's leecher takes a port of its own
# from $leech_base on: a DHT node that knew an earlier leecher's id at the same address and port (they
# are DHT nodes too) may distrust the next one, and libtorrent then found no peers at all.
tracker="127.0.0.1:$port"
lt_seed="127.0.0.2:$((port + 1))"
rt_ip=127.0.0.3
rt_port=$((port + 2))
dht="127.0.0.5:$((port + 3))"
leech_base=$((port + 10))
leeches=0
work="$bench_dir/magnet"
rm -rf "$work"
mkdir -p "$work/tracker" "$work/rtorrent" "$work/logs"

trap stop_all EXIT
# wait_for WHAT PID COMMAND...: runs COMMAND until it succeeds, failing if PID ends first or after 120 s.
wait_for() {
  local what=$1 pid=$2 i
  shift 2
  for ((i = 0; i < 1200; i++)); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: no $what" >&2
  exit 1
}
has() {
  grep -aq "$2" "$1" 2>/dev/null
}
# listed HASH IP:PORT: whether the tracker lists that peer (announcing as a probe on port 1, withdrawn after).
listed() {
  /usr/bin/python3 - "$tracker" "$1" "$2" <<'EOF'
import socket, sys, urllib.request
tracker, info_hash, peer = sys.argv[1:]
host, port = peer.rsplit(":", 1)
want = socket.inet_aton(host) + int(port).to_bytes(2, "big")
quoted = "".join("%" + info_hash[i:i + 2] for i in range(0, 40, 2))
def announce(event):
    url = ("http://%s/announce?info_hash=%s&peer_id=-BENCHPROBE-00000000&port=1&uploaded=0&downloaded=0"
           "&left=1&compact=1&numwant=200&event=%s" % (tracker, quoted, event))
    return urllib.request.urlopen(url, timeout=2).read()
answer = announce("started")
announce("stopped")
at = answer.find(b"5:peers")
colon = answer.find(b":", at + 7)
peers = answer[colon + 1:colon + 1 + int(answer[at + 7:colon])]
sys.exit(0 if any(peers[i:i + 6] == want for i in range(0, len(peers), 6)) else 1)
EOF
}

# The published torrent: hybrid, with the tracker; its links with and without tr=.
announce="http://$tracker/announce"
"$mim" create --hybrid "$file" -o "$work/release.torrent" --piece-length 1M --no-creation-date -a "$announce" \
  > "$work/create.out"
hash=$("${lt_peer[@]}" hash "$work/release.torrent")
tracked_link=$(grep '^magnet:' "$work/create.out")
dht_link=${tracked_link%%&tr=*}
echo "$hash" > "$work/tracker/whitelist.txt"

# opentracker chroots into its folder (so the whitelist path is relative to it) and drops to nobody.
chmod 755 "$work/tracker"
chmod 644 "$work/tracker/whitelist.txt"
opentracker -i 127.0.0.1 -p "$port" -P "$port" -d "$work/tracker" -u nobody -w /whitelist.txt \
  > "$work/tracker.log" 2>&1 &
started+=($!)
"${lt_peer[@]}" dht "$dht" > "$work/dht.log" 2>&1 &
dht_pid=$!
started+=("$dht_pid")
wait_for "DHT node" "$dht_pid" has "$work/dht.log" READY
"${lt_peer[@]}" seed "$work/release.torrent" "$data" "$lt_seed" --dht "$dht" > "$work/lt-seed.log" 2>&1 &
lt_seed_pid=$!
started+=("$lt_seed_pid")
wait_for "libtorrent seeder" "$lt_seed_pid" has "$work/lt-seed.log" READY
wait_for "DHT announce of the seeder" "$dht_pid" has "$work/dht.log" "ANNOUNCE $lt_seed $hash"
cat > "$work/rtorrent.rc" <<EOF
directory.default.set = $data
session.path.set = $work/rtorrent
network.port_range.set = $rt_port-$rt_port
network.port_random.set = no
network.bind_address.set = $rt_ip
dht.mode.set = disable
protocol.pex.set = no
trackers.use_udp.set = no
system.daemon.set = true
EOF
rtorrent -n -o "import=$work/rtorrent.rc" "$work/release.torrent" > "$work/rt-seed.log" 2>&1 &
rt_pid=$!
started+=("$rt_pid")
wait_for "tracker listing rtorrent" "$rt_pid" listed "$hash" "$rt_ip:$rt_port"

# epoch HH:MM:SS.mmm: that time of today (mim's log times) in seconds since the epoch.
epoch() {
  date -d "$1" +%s.%N
}
declare -A best_meta best_done
# leech MODE TOOL: one download into an empty folder; keeps the best times to metadata and to complete.
leech() {
  local mode=$1 tool=$2 link log="$work/logs/$1-$2-$round.log" leech="127.0.0.4:$((leech_base + leeches))"
  leeches=$((leeches + 1))
  link=$tracked_link
  [ "$mode" = dht ] && link=$dht_link
  rm -rf "$work/out"
  mkdir -p "$work/out"
  # A failed download is tried again from an empty folder, at most twice, its log kept as LOG.failedN:
  # libtorrent 2.0 now and then stops a hybrid magnet download with "v1 and v2 hashes do not describe
  # the same data" although every peer serves the same file, and its DHT sometimes finds no peer for
  # minutes once the DHT node on loopback knows earlier leechers that are gone (an attempt gets 90 s).
  # The times count from the last attempt's start.
  local run=(bash -c 'out=$1
    shift
    for attempt in 1 2 3; do
      date +%s.%N > "$0.start"
      timeout 90 "$@" > "$0" 2>&1 && exit 0
      mv "$0" "$0.failed$attempt"
      rm -rf "$out"/*
    done
    exit 1' "$log" "$work/out")
  case $tool in
    mim)
      # The DHT bootstraps from the node on loopback alone and forgets its table after the run, so that
      # every run starts alike; in tracker mode it is off.
      local dht_opts=(--disable-dht)
      [ "$mode" = dht ] && dht_opts=(--dht-bootstrap "$dht" --disable-dht-persistence)
      once "$mode: mim" timeout 600 "${run[@]}" "$mim" -v info "${dht_opts[@]}" download -e -o "$work/out" \
        --listen-addr "$leech" "$link" ;;
    libtorrent)
      local dht_args=()
      [ "$mode" = dht ] && dht_args=(--dht "$dht")
      once "$mode: libtorrent" timeout 600 "${run[@]}" "${lt_peer[@]}" leech "$link" "$work/out" "$leech" \
        ${dht_args[@]+"${dht_args[@]}"} ;;
  esac
  cmp -s "$file" "$work/out/part0.bin" || { echo "bench: $tool's download differs from the original" >&2; exit 1; }
  local start meta done_at
  start=$(cat "$log.start")
  if [ "$tool" = mim ]; then
    # Its status line is redrawn after a carriage return: a log line may follow one.
    meta=$(epoch "$(tr '\r' '\n' < "$log" | grep -a 'metadata complete' | head -n 1 | cut -d' ' -f1)")
    done_at=$(epoch "$(tr '\r' '\n' < "$log" | grep -a ': download complete' | head -n 1 | cut -d' ' -f1)")
  else
    meta=$(awk '$1 == "METADATA" { print $2 }' "$log")
    done_at=$(awk '$1 == "DONE" { print $2 }' "$log")
  fi
  local m d key="$mode: $tool"
  m=$(awk -v a="$meta" -v b="$start" 'BEGIN { printf "%.2f", a - b }')
  d=$(awk -v a="$done_at" -v b="$start" 'BEGIN { printf "%.2f", a - b }')
  printf '  %-28s metadata %6s s  complete %6s s\n' "$key" "$m" "$d" >&2
  if [ -z "${best_meta[$key]:-}" ] || awk -v a="$m" -v b="${best_meta[$key]}" 'BEGIN { exit !(a < b) }'; then
    best_meta[$key]=$m
  fi
  if [ -z "${best_done[$key]:-}" ] || awk -v a="$d" -v b="${best_done[$key]}" 'BEGIN { exit !(a < b) }'; then
    best_done[$key]=$d
  fi
}

echo "magnet link of 1 GiB (hybrid, piece length 1 MiB), loopback, $cores cores"
for ((round = 0; round < runs; round++)); do
  for mode in dht tracker; do
    for tool in mim libtorrent; do
      leech "$mode" "$tool"
    done
  done
done
rm -rf "$work/out"
report
echo
printf '%-28s %10s %10s\n' "" metadata complete
for mode in dht tracker; do
  for tool in mim libtorrent; do
    printf '%-28s %8s s %8s s\n' "$mode: $tool" "${best_meta["$mode: $tool"]}" "${best_done["$mode: $tool"]}"
  done
done
echo "(best of $runs rounds each, seconds from start)"
failed=$(find "$work/logs" -name '*.failed*' | sort)
if [ -n "$failed" ]; then
  echo "tried again after a failure (the failed attempts' wall time is in the times above, not in these):"
  for f in $failed; do
    echo "  $(basename "$f"): $(tail -n 1 "$f" | tr '\r' '\n' | tail -n 1)"
  done
fi
echo
for mode in dht tracker; do
  echo "$mode: mim / libtorrent: metadata $(ratio "${best_meta["$mode: mim"]}" "${best_meta["$mode: libtorrent"]}")x," \
    "complete $(ratio "${best_done["$mode: mim"]}" "${best_done["$mode: libtorrent"]}")x (goal: at most 1.0x)"
done
