#!/usr/bin/env bash
# Times one seeder of a 1 GiB file serving four libtorrent leechers at once, on loopback: mim as the seeder,
# then libtorrent as the seeder, every round. Each leecher dials the seeder alone (no tracker, no DHT; the
# leechers may still find each other through the seeder's peer exchange, with either seeder). Prints
# each leecher's time, the time for the last one to finish, and the seeder's peak RSS during the round
# (its VmHWM, reset before each round); then the ratio. On demand, not in the tests.
#   bench/seed-many.sh        BENCH_RUNS=5 bench/seed-many.sh        BENCH_PORT=27100 bench/seed-many.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_libtorrent

make_data
build_mim
file="$data/part0.bin"
warm_files=("$file")
leechers=4
port=${BENCH_PORT:-27100}
mim_seed="127.0.0.1:$((port + 1))"
lt_seed="127.0.0.2:$((port + 2))"
work="$bench_dir/seed-many"
rm -rf "$work"
mkdir -p "$work"
trap stop_all EXIT

"$mim" create "$file" -o "$work/direct.torrent" --piece-length 1M --no-creation-date > /dev/null

"${lt_peer[@]}" seed "$work/direct.torrent" "$data" "$lt_seed" > "$work/lt-seed.log" 2>&1 &
lt_seed_pid=$!
started+=("$lt_seed_pid")
start_mim_seed "$work/direct.torrent" "$mim_seed"
wait_line "$work/lt-seed.log" READY "$lt_seed_pid"
wait_line "$work/mim-seed.log" seeding "$mim_seed_pid"

declare -A best_last round_rss worst_rss
# serve SEEDER PID ADDRESS: one round of four leechers from that seeder; prints it and keeps the best.
serve() {
  local seeder=$1 pid=$2 from=$3 i
  rm -rf "$work/out"
  warm
  # Writing 5 to clear_refs resets the peak RSS, so VmHWM is this round's.
  echo 5 > "/proc/$pid/clear_refs"
  local start pids=() seeders=("${started[@]}")
  start=$(date +%s.%N)
  for ((i = 0; i < leechers; i++)); do
    mkdir -p "$work/out/$i"
    timeout 600 "${lt_peer[@]}" leech "$work/direct.torrent" "$work/out/$i" "127.0.0.$((4 + i)):$((port + 3 + i))" \
      "$from" > "$work/leech$i.log" 2>&1 &
    pids+=($!)
    started+=($!)
  done
  for ((i = 0; i < leechers; i++)); do
    wait "${pids[$i]}" || { echo "bench: leecher $i of $seeder failed:" >&2; cat "$work/leech$i.log" >&2; exit 1; }
  done
  started=("${seeders[@]}")
  local rss times last
  rss=$(hwm "$pid")
  times=$(for ((i = 0; i < leechers; i++)); do
    awk -v s="$start" '/^DONE/ { printf "%.2f\n", $2 - s }' "$work/leech$i.log"
  done)
  last=$(sort -n <<< "$times" | tail -n 1)
  printf '  %-11s leechers %s s; last %6.2f s; seeder peak RSS %4s MiB\n' "$seeder" \
    "$(tr '\n' ' ' <<< "$times" | sed 's/ $//')" "$last" "$rss" >&2
  for ((i = 0; i < leechers; i++)); do
    cmp -s "$file" "$work/out/$i/part0.bin" || { echo "bench: leecher $i of $seeder got other bytes" >&2; exit 1; }
  done
  if [ -z "${best_last[$seeder]:-}" ] || awk -v a="$last" -v b="${best_last[$seeder]}" 'BEGIN { exit !(a < b) }'; then
    best_last[$seeder]=$last
    round_rss[$seeder]=$rss
  fi
  if [ -z "${worst_rss[$seeder]:-}" ] || [ "$rss" -gt "${worst_rss[$seeder]}" ]; then
    worst_rss[$seeder]=$rss
  fi
}

echo "1 GiB, one file, piece length 1 MiB, one seeder and $leechers libtorrent leechers at once, loopback, $cores cores"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 0; round < runs; round++)); do
  echo "round $((round + 1))" >&2
  serve mim "$mim_seed_pid" "$mim_seed"
  serve libtorrent "$lt_seed_pid" "$lt_seed"
done
rm -rf "$work/out"
for seeder in mim libtorrent; do
  printf '%-11s last leecher %6.2f s, seeder peak RSS %4s MiB that round, %4s MiB at most\n' "$seeder" \
    "${best_last[$seeder]}" "${round_rss[$seeder]}" "${worst_rss[$seeder]}"
done
echo "(best of $runs rounds; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "seed to $leechers: mim / libtorrent: $(ratio "${best_last[mim]}" "${best_last[libtorrent]}")x (goal: at most 1.0x);" \
  "mim's peak RSS ${worst_rss[mim]} MiB (goal: under 160)"
