#!/usr/bin/env bash
# The web page against a server with 1,000 small seeding torrents (made and added as bench/server.sh
# does), in Debian's Chromium driven by the web-ui plugin's playwright-core: the time to the first
# drawn rows, scrolling the whole list, and the main thread's long tasks while the ticks come.
# On demand, not in the tests.   bench/web-ui.sh        BENCH_TORRENTS=2000 bench/web-ui.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need curl python3 node /usr/bin/chromium:chromium

build_mim
frontend="$root/plugins/web-ui/src/main/frontend"
[ -d "$frontend/node_modules/playwright-core" ] ||
  { echo "bench: build the web-ui plugin first (its node_modules holds playwright-core)" >&2; exit 1; }
n=${BENCH_TORRENTS:-1000}
port=${BENCH_PORT:-27200}
work="$bench_dir/web-ui"
api=(/usr/bin/python3 "$root/bench/server_api.py")
rm -rf "$work"
mkdir -p "$work/state" "$work/config"
"${api[@]}" make "$n" "$work"

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
"${api[@]}" add "$port" "$work" 1 "$n"
"${api[@]}" wait "$port" "$n"
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) on $cores cores" >&2
node "$root/bench/web-ui.mjs" "http://127.0.0.1:$port/web/" "$n" "$frontend/package.json"
