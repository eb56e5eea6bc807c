#!/usr/bin/env bash
# Records the distribution's class-data archive (lib/mim.jsa), which bin/mim maps at start-up: the
# classes of a magnet download over loopback, start-up to exit. One mim seeds a small torrent; a
# second, the one recorded, downloads it from a magnet link naming the seeder (x.pe), an HTTP and a
# UDP tracker and a DHT bootstrap node that do not answer: so the archive holds the command line,
# the plugins, the session, the encrypted peer wire, the metadata exchange, both tracker clients and
# the DHT, what a download pays for at every start. Everything stays on 127.0.0.1 and in WORK.
#   train-class-data.sh DIST WORK
set -euo pipefail
dist=$1
work=$2
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
archive="$dist/lib/mim.jsa"
nowhere=127.0.0.1:9

rm -rf "$work" "$archive"
mkdir -p "$work/seed" "$work/leech"
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
jvm=("$java" -XX:+UseSerialGC -Xss1m -Dmim.home="$dist" -cp "$dist/lib/*")

# Some 2 MiB of the distribution itself: a few pieces, the same at every build of the same jars.
cat "$dist"/lib/*.jar > "$work/seed/training.bin"
truncate -s 2M "$work/seed/training.bin"
magnet=$("${jvm[@]}" mim.cli.Main create "$work/seed/training.bin" -o "$work/training.torrent" --force --no-creation-date |
  grep '^magnet:')

# Started directly, not through a function: $! must be the JVM itself for the trap to stop it.
"${jvm[@]}" mim.cli.Main -v info download "$work/training.torrent" -o "$work/seed" --overwrite --disable-dht \
  --listen-addr 127.0.0.1:0 > "$work/seed.log" 2>&1 &
seeder=$!
trap 'kill "$seeder" 2>/dev/null && wait "$seeder" 2>/dev/null || true' EXIT
port=""
for _ in $(seq 300); do
  port=$(sed -n 's/.*listening for peers on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/seed.log" | head -1)
  [ -n "$port" ] && grep -q "SEEDING" "$work/seed.log" && break
  kill -0 "$seeder" 2>/dev/null || { cat "$work/seed.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "train-class-data: the seeder did not start" >&2; cat "$work/seed.log" >&2; exit 1; }

timeout 120 "${jvm[@]}" -XX:ArchiveClassesAtExit="$archive" mim.cli.Main -v info download \
  "$magnet&x.pe=127.0.0.1:$port&tr=http://$nowhere/announce&tr=udp://$nowhere" \
  -o "$work/leech" -e --dht-bootstrap "$nowhere" --disable-dht-persistence --listen-addr 127.0.0.1:0 \
  > "$work/leech.log" 2>&1 || { echo "train-class-data: the download failed" >&2; cat "$work/leech.log" >&2; exit 1; }
cmp -s "$work/seed/training.bin" "$work/leech/training.bin" ||
  { echo "train-class-data: the download differs from the seed" >&2; exit 1; }
