#!/usr/bin/env bash
# Times a 1 GiB single-file download on loopback. Leeching: libtorrent seeds, and mim, libtorrent, aria2 and
# rtorrent leech from it one after the other (aria2 and rtorrent find the seeder through an opentracker on
# 127.0.0.1; mim and libtorrent dial it). None of them uses the DHT: mim is told so, as the others
# are. Seeding: a libtorrent leecher downloads from mim, then from libtorrent, each seeding since the start;
# then from each seeding data it has not seen yet ("unchecked": another program wrote it, so the seeder
# checks it first), timed from the seeder's start. Wall time and peak RSS of each leecher (/usr/bin/time
# -v), peak RSS of each seeder (VmHWM, start-up check included); prints the ratios. On demand, not in the tests.
#   bench/download.sh        BENCH_RUNS=5 bench/download.sh        BENCH_PORT=27000 bench/download.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need opentracker aria2c:aria2 rtorrent
need_libtorrent

make_data
build_mim
file="$data/part0.bin"
# Only this file takes part: keep it, not the other three, in the page cache before each run.
warm_files=("$file")
port=${BENCH_PORT:-26900}
# rtorrent keeps one peer an address, so every client has its own: the tracker and mim's seeder
# 127.0.0.1, libtorrent's seeder .2, rtorrent .3, the other leechers .4.
lt_seed="127.0.0.2:$((port + 1))"
mim_seed="127.0.0.1:$((port + 2))"
leech_port=$((port + 3))
work="$bench_dir/download"
rm -rf "$work"
mkdir -p "$work/tracker"

trap stop_all EXIT
# Two torrents of the same info (so the same info-hash): one announces to the tracker, for aria2 and
# rtorrent; one has no tracker, for the clients that are told their peer, so that they meet no other.
announce="http://127.0.0.1:$port/announce"
"$mim" create "$file" -o "$work/tracked.torrent" --piece-length 1M --no-creation-date -a "$announce" > /dev/null
"$mim" create "$file" -o "$work/direct.torrent" --piece-length 1M --no-creation-date > /dev/null
"${lt_peer[@]}" hash "$work/tracked.torrent" > "$work/tracker/whitelist.txt"

# opentracker chroots into its folder (so the whitelist path is relative to it) and drops to nobody.
chmod 755 "$work/tracker"
chmod 644 "$work/tracker/whitelist.txt"
opentracker -i 127.0.0.1 -p "$port" -P "$port" -A 127.0.0.1 -d "$work/tracker" -u nobody \
  -w /whitelist.txt > "$work/tracker.log" 2>&1 &
started+=($!)
"${lt_peer[@]}" seed "$work/tracked.torrent" "$data" "$lt_seed" > "$work/lt-seed.log" 2>&1 &
lt_seed_pid=$!
started+=("$lt_seed_pid")
wait_line "$work/lt-seed.log" READY "$lt_seed_pid"
start_mim_seed "$work/direct.torrent" "$mim_seed"
wait_line "$work/mim-seed.log" seeding "$mim_seed_pid"

# rtorrent has no option to stop when done: its configuration quits on the download's finished event (a
# normal shutdown did not end it here).
cat > "$work/rtorrent.rc" <<EOF
directory.default.set = $work/out
session.path.set = $work/rtorrent
network.port_range.set = $leech_port-$leech_port
network.port_random.set = no
network.bind_address.set = 127.0.0.3
dht.mode.set = disable
protocol.pex.set = no
trackers.use_udp.set = no
pieces.hash.on_completion.set = no
system.daemon.set = true
method.set_key = event.download.finished, bench_quit, "system.shutdown.quick="
EOF

# seed_unchecked SEEDER: seeding data the seeder has never seen (another program wrote it, so it checks it
# first): the seeder starts on a fresh link to the file, without resume state, and a libtorrent leecher dials
# it as soon as it listens. Timed from the seeder's start to the leecher's last byte; the seeder's peak RSS.
seed_unchecked() {
  local seeder=$1 address pid start done_at
  rm -rf "$work/out" "$work/unchecked"
  mkdir -p "$work/out" "$work/unchecked"
  ln "$file" "$work/unchecked/part0.bin" 2>/dev/null || cp "$file" "$work/unchecked/part0.bin"
  warm
  start=$(date +%s.%N)
  if [ "$seeder" = mim ]; then
    address="127.0.0.1:$((port + 4))"
    "$mim" download "$work/direct.torrent" -o "$work/unchecked" --overwrite --listen-addr "$address" --disable-dht \
      > "$work/unchecked-seed.log" 2>&1 &
  else
    address="127.0.0.2:$((port + 5))"
    "${lt_peer[@]}" seed "$work/direct.torrent" "$work/unchecked" "$address" > "$work/unchecked-seed.log" 2>&1 &
  fi
  pid=$!
  started+=("$pid")
  until [ -n "$(ss -ltnH "sport = :${address##*:}")" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "bench: $seeder did not start:" >&2; cat "$work/unchecked-seed.log" >&2; exit 1; }
    sleep 0.01
  done
  timeout 600 "${lt_peer[@]}" leech "$work/direct.torrent" "$work/out" "127.0.0.4:$leech_port" "$address" \
    > "$work/unchecked-leech.log" 2>&1 || { echo "bench: leeching from $seeder failed:" >&2;
      cat "$work/unchecked-leech.log" >&2; exit 1; }
  done_at=$(awk '/^DONE/ { print $2 }' "$work/unchecked-leech.log")
  record "seed unchecked: $seeder" "$(awk -v a="$done_at" -v b="$start" 'BEGIN { printf "%.2f", a - b }')" "$(hwm "$pid")"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  unset 'started[-1]'
  cmp -s "$file" "$work/out/part0.bin" || { echo "bench: the download from $seeder (unchecked) differs" >&2; exit 1; }
}

# One untimed leech first, so that no timed leecher pays for the seeder's first pass over the file
# (libtorrent maps it and faults its pages in): the first leech from a new seeder took 0.15-0.35 s longer.
rm -rf "$work/out"
timeout 600 "${lt_peer[@]}" leech "$work/direct.torrent" "$work/out" "127.0.0.4:$leech_port" "$lt_seed" \
  > "$work/warm-up.log" 2>&1 || { echo "bench: the warm-up leech failed:" >&2; cat "$work/warm-up.log" >&2; exit 1; }

echo "1 GiB, one file, piece length 1 MiB, loopback, $cores cores"
for ((round = 0; round < runs; round++)); do
  for client in mim libtorrent aria2 rtorrent; do
    rm -rf "$work/out" "$work/rtorrent"
    mkdir -p "$work/out" "$work/rtorrent"
    case $client in
      mim) once "leech: mim" timeout 600 "$mim" download "$work/direct.torrent" -o "$work/out" -e \
        --listen-addr "127.0.0.4:$leech_port" --peer "$lt_seed" --disable-dht ;;
      libtorrent) once "leech: libtorrent" timeout 600 "${lt_peer[@]}" leech "$work/direct.torrent" "$work/out" \
        "127.0.0.4:$leech_port" "$lt_seed" ;;
      aria2) once "leech: aria2" timeout 600 aria2c --dir="$work/out" --interface=127.0.0.4 \
        --listen-port="$leech_port" --enable-dht=false --enable-dht6=false --bt-enable-lpd=false \
        --enable-peer-exchange=false --disable-ipv6=true --file-allocation=none --seed-time=0 \
        --bt-save-metadata=false --summary-interval=0 --console-log-level=warn "$work/tracked.torrent" ;;
      rtorrent) once "leech: rtorrent" timeout 600 rtorrent -n -o "import=$work/rtorrent.rc" "$work/tracked.torrent" ;;
    esac
    cmp -s "$file" "$work/out/part0.bin" || { echo "bench: $client's download differs from the original" >&2; exit 1; }
  done
  round_fastest=""
  for client in libtorrent aria2 rtorrent; do
    if [ -z "$round_fastest" ] || awk -v a="${last_wall["leech: $client"]}" \
        -v b="${last_wall["leech: $round_fastest"]}" 'BEGIN { exit !(a < b) }'; then
      round_fastest=$client
    fi
  done
  echo "  round $((round + 1)): leech: mim / $round_fastest (fastest other this round):" \
    "$(ratio "${last_wall["leech: mim"]}" "${last_wall["leech: $round_fastest"]}")x (goal: at most 1.0x)" >&2
  for seeder in mim libtorrent; do
    rm -rf "$work/out"
    from=$mim_seed
    [ "$seeder" = libtorrent ] && from=$lt_seed
    once "seed: $seeder -> libtorrent" timeout 600 "${lt_peer[@]}" leech "$work/direct.torrent" "$work/out" \
      "127.0.0.4:$leech_port" "$from"
    cmp -s "$file" "$work/out/part0.bin" || { echo "bench: the download from $seeder differs" >&2; exit 1; }
  done
  for seeder in mim libtorrent; do
    seed_unchecked "$seeder"
  done
done
rm -rf "$work/out"
report
echo "seeders' peak RSS: mim $(hwm "$mim_seed_pid") MiB, libtorrent $(hwm "$lt_seed_pid") MiB (start-up check included)"

fastest=""
for client in libtorrent aria2 rtorrent; do
  w=${best_wall["leech: $client"]}
  if [ -z "$fastest" ] || awk -v a="$w" -v b="${best_wall["leech: $fastest"]}" 'BEGIN { exit !(a < b) }'; then
    fastest=$client
  fi
done
echo
echo "leech: mim / $fastest (fastest other): $(ratio "${best_wall["leech: mim"]}" "${best_wall["leech: $fastest"]}")x" \
  "(goal: at most 0.9x); mim's peak RSS ${best_rss["leech: mim"]} MiB (goal: at most 128)"
echo "seed:  mim / libtorrent: $(ratio "${best_wall["seed: mim -> libtorrent"]}" \
  "${best_wall["seed: libtorrent -> libtorrent"]}")x (goal: at most 1.0x)"
echo "seed unchecked (start and check included): mim / libtorrent: $(ratio "${best_wall["seed unchecked: mim"]}" \
  "${best_wall["seed unchecked: libtorrent"]}")x (goal: at most 1.0x)"
