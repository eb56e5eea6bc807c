#!/usr/bin/env bash
# Time to the first byte of a range at 90% of a file that is still downloading, through the server's
# GET /torrents/{id}/stream/{file}: a fresh mim server downloads one file (BENCH_STREAM_MIB MiB, 256 KiB
# pieces) from a libtorrent seeder held to BENCH_STREAM_LIMIT bytes a second, and once a tenth of it has
# come, curl asks for the one byte at 90% ("stream"). Against it, the same download with no stream
# open ("plain"): how long from the same moment until the piece holding that byte is verified (the
# haves polled every 50 ms), the earliest that byte could be served without the streaming priority. Runs alternate the two modes,
# BENCH_RUNS of each, every run with a fresh server and seeder; logs stay in $BENCH_DIR/stream.
#   bench/stream.sh        BENCH_RUNS=5 BENCH_STREAM_MIB=64 BENCH_STREAM_LIMIT=2097152 bench/stream.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need curl:curl cmp:diffutils
need_libtorrent

build_mim
mib=${BENCH_STREAM_MIB:-64}
limit=${BENCH_STREAM_LIMIT:-4194304}
port=${BENCH_PORT:-27300}
piece_length=262144
# The test harness's libtorrent peer: it can hold its upload to a rate.
lt_seed=(/usr/bin/python3 "$root/cli/src/test/resources/mim/interop/lt_peer.py" seed)
work="$bench_dir/stream"
rm -rf "$work"
mkdir -p "$work/data"
file="$work/data/movie.mkv"
# openssl ends on the broken pipe once head has enough: that is how this pipeline stops.
openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000009 \
  -in /dev/zero 2>/dev/null | head -c $((mib << 20)) > "$file" || true
"$mim" create "$file" -o "$work/movie.torrent" --piece-length 256K > /dev/null
size=$((mib << 20))
at=$((size / 10 * 9))
piece=$((at / piece_length))
seed_addr=127.0.0.2:$port
api=127.0.0.3:$((port + 1))
peer_addr=127.0.0.3:$((port + 2))

trap stop_all EXIT
# wait_for WHAT PID COMMAND...: runs COMMAND until it succeeds, failing if PID ends first or after 60 s.
wait_for() {
  local what=$1 pid=$2 i
  shift 2
  for ((i = 0; i < 600; i++)); do
    "$@" > /dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: no $what" >&2
  exit 1
}
# has_piece: whether the server's torrent 1 has verified $piece (its bitfield, most significant bit first).
has_piece() {
  local byte
  byte=$(curl -sf -H 'Accept: application/octet-stream' "http://$api/torrents/1/haves" |
    od -An -tu1 -j $((piece / 8)) -N1 | tr -d ' ')
  [ -n "$byte" ] && (( (byte >> (7 - piece % 8)) & 1 ))
}

# progress: the bytes torrent 1 has verified.
progress() {
  curl -sf "http://$api/torrents/1/stats/v1" | sed -n 's/.*"progress_bytes":\([0-9]*\).*/\1/p'
}

# run MODE N: one download from a fresh seeder and server; prints the seconds to the byte and the progress then.
run() {
  local mode=$1 n=$2 dir="$work/$1-$2"
  mkdir -p "$dir/out" "$dir/home"
  "${lt_seed[@]}" "$work/movie.torrent" --save "$work/data" --ip "${seed_addr%:*}" --port "${seed_addr#*:}" \
    --upload-limit "$limit" > "$dir/seed.log" 2>&1 &
  started+=($!)
  wait_for "libtorrent seeding" $! grep -q SEEDING "$dir/seed.log"
  XDG_STATE_HOME="$dir/home/state" XDG_CONFIG_HOME="$dir/home/config" XDG_DATA_HOME="$dir/home/data" \
    "$mim" -v info --disable-dht server start --listen-addr "$peer_addr" --http-api-listen-addr "$api" \
    "$dir/out" > "$dir/server.log" 2>&1 &
  started+=($!)
  wait_for "mim server" $! curl -sf "http://$api/stats"
  local t0 t1
  curl -sf -X POST --data-binary @"$work/movie.torrent" "http://$api/torrents?initial_peers=$seed_addr" > /dev/null
  # Asked mid-download, once a tenth has come: the connection is up and its requests are queued.
  until [ "$(progress)" -ge $((size / 10)) ]; do sleep 0.05; done
  t0=$(date +%s.%N)
  if [ "$mode" = stream ]; then
    curl -sf -r "$at-$at" -o "$dir/byte" "http://$api/torrents/1/stream/0/movie.mkv"
    cmp -s "$dir/byte" <(tail -c +$((at + 1)) "$file" | head -c 1) || { echo "bench: wrong byte" >&2; exit 1; }
  else
    until has_piece; do sleep 0.05; done
  fi
  t1=$(date +%s.%N)
  local done_then
  done_then=$(progress)
  stop_all
  awk -v m="$mode" -v n="$n" -v t0="$t0" -v t1="$t1" -v p="$done_then" -v s="$size" \
    'BEGIN { printf "%-6s run %d: %6.2f s to the byte at 90%%, %3.0f%% of the file downloaded then\n", m, n, t1 - t0, 100 * p / s }'
}

echo "bench: $mib MiB file, seeder held to $((limit / 1024)) KiB/s, byte $at (piece $piece)"
for ((n = 1; n <= runs; n++)); do
  run stream "$n"
  run plain "$n"
done
