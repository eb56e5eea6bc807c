#!/usr/bin/env bash
# One `mim server start` with many small seeding torrents, at 100 and then at 1,000: the time to answer
# GET /torrents?with_stats=true and GET /stats (p50 and p99 of 200 requests on one connection), the
# server's CPU time per list answer, its resident memory (VmRSS) and its CPU while idle (utime + stime
# over 60 s, in % of one core).
# The torrents (16 KiB each, no tracker) are made by bench/server_api.py and added through the API; the
# server runs without the DHT, so nothing leaves the machine. Targets: p99 of the list of 1,000 under
# 50 ms, RSS under 300 MiB, idle CPU under 2% of a core. On demand, not in the tests.
#   bench/server.sh        BENCH_PORT=27100 bench/server.sh        BENCH_IDLE=20 bench/server.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need curl python3

build_mim
port=${BENCH_PORT:-27100}
idle=${BENCH_IDLE:-60}
requests=200
work="$bench_dir/server"
api=(/usr/bin/python3 "$root/bench/server_api.py")
rm -rf "$work"
mkdir -p "$work/state" "$work/config"
"${api[@]}" make 1000 "$work"

pid=""
stop_server() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT
XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" "$mim" --disable-dht \
  --http-api-listen-addr "127.0.0.1:$port" server start "$work/data" --listen-addr 127.0.0.1:0 \
  > "$work/server.log" 2>&1 &
pid=$!
for ((i = 0; i < 600; i++)); do
  curl -sf "http://127.0.0.1:$port/" > /dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "bench: the server stopped:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

ticks=$(getconf CLK_TCK)
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$pid/stat"
}
rss_mib() {
  awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"
}

# measure N: the figures once N torrents seed, one line.
declare -A line
measure() {
  local n=$1
  "${api[@]}" wait "$port" "$n"
  local list stats before after cpu per
  # The server's CPU per answer to the list: unlike the times, it hardly moves with the machine's load.
  before=$(cpu_ticks)
  list=$("${api[@]}" time "$port" "/torrents?with_stats=true" "$requests")
  after=$(cpu_ticks)
  per=$(awk -v d=$((after - before)) -v t="$ticks" -v n="$requests" 'BEGIN { printf "%.1f", d / t / (n + 1) * 1000 }')
  stats=$("${api[@]}" time "$port" /stats "$requests")
  sleep 5 # the last answers' work settles before the idle window
  before=$(cpu_ticks)
  sleep "$idle"
  after=$(cpu_ticks)
  cpu=$(awk -v d=$((after - before)) -v t="$ticks" -v s="$idle" 'BEGIN { printf "%.2f", d / t / s * 100 }')
  line[$n]=$(printf '%5d  %8s %8s %9s %7s   %8s %8s   %6s MiB  %6s%%' "$n" \
    $(echo "$list" | awk '{ print $1, $2, int($3 / 1024) "K" }') "$per" $(echo "$stats" | awk '{ print $1, $2 }') \
    "$(rss_mib)" "$cpu")
  echo "${line[$n]}" >&2
}

echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $cores cores" >&2
"${api[@]}" add "$port" "$work" 1 100
measure 100
"${api[@]}" add "$port" "$work" 101 1000
measure 1000

echo "torrents  list p50   p99 (ms) body   CPU ms   stats p50  p99 (ms)   RSS         idle CPU"
echo "${line[100]}"
echo "${line[1000]}"
echo "(200 requests each on one connection; idle CPU over $idle s in % of one core; load average now" \
  "$(cut -d' ' -f1-3 /proc/loadavg) on $cores cores)"
