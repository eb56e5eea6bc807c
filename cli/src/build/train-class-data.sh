#!/usr/bin/env bash
# Records the distribution's class-data archives, which bin/mim maps at start-up, in two layers:
#   lib/mim-base.jsa  a static archive of every class the commands below load through the JVM's own
#                     class loaders (the JDK's, the application's, picocli's among them: a dynamic
#                     archive leaves out class files as old as picocli's, and they were half of a
#                     command line's start-up);
#   lib/mim.jsa       a dynamic archive on top of it, recorded from a magnet download, which adds
#                     what a list of class names cannot name: the plugins' classes, from PF4J's loaders.
# The commands: `create`, `show`, `verify`, `--help`, and a magnet download over loopback. One mim seeds
# a small hybrid (v1 and v2) torrent; a second downloads it from a magnet link naming the seeder (x.pe),
# a UDP tracker that refuses the announce, then (the next tier, tried once that one failed) an HTTP
# tracker that answers with the seeder (both TrainingTracker.java), and a DHT bootstrap node that does
# not answer: so the archives hold the command line, the plugins, the session,
# the encrypted peer wire, the metadata exchange, both tracker clients, a tracker's answer read and the
# DHT, what a download pays for at every start. Everything stays on 127.0.0.1 and in WORK.
#   train-class-data.sh DIST WORK
set -euo pipefail
dist=$1
work=$2
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
base="$dist/lib/mim-base.jsa"
top="$dist/lib/mim.jsa"
nowhere=127.0.0.1:9

rm -rf "$work" "$base" "$top"
mkdir -p "$work/seed" "$work/leech" "$work/lists"
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
jvm=("$java" -XX:+UseSerialGC -Xss1m -Dmim.home="$dist" -cp "$dist/lib/*")

# Runs mim with its loaded classes listed in lists/NAME.
listed() {
  local name=$1
  shift
  "${jvm[@]}" -XX:DumpLoadedClassList="$work/lists/$name" mim.cli.Main "$@"
}

# Some 2 MiB of the distribution itself: a few pieces, the same at every build of the same jars.
cat "$dist"/lib/*.jar > "$work/seed/training.bin"
truncate -s 2M "$work/seed/training.bin"
magnet=$(listed create create --hybrid "$work/seed/training.bin" -o "$work/training.torrent" --force \
  --no-creation-date | grep '^magnet:')
listed show show "$work/training.torrent" > /dev/null
listed verify verify "$work/training.torrent" "$work/seed/training.bin" > /dev/null
listed help --help > /dev/null

# Started directly, not through a function: $! must be the JVM itself for the trap to stop it.
"${jvm[@]}" -XX:DumpLoadedClassList="$work/lists/seed" mim.cli.Main -v info download "$work/training.torrent" \
  -o "$work/seed" --overwrite --disable-dht --listen-addr 127.0.0.1:0 > "$work/seed.log" 2>&1 &
seeder=$!
tracker=""
trap 'kill $seeder $tracker 2>/dev/null; wait $seeder $tracker 2>/dev/null || true' EXIT
port=""
for _ in $(seq 300); do
  port=$(sed -n 's/.*listening for peers on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/seed.log" | head -1)
  [ -n "$port" ] && grep -q "SEEDING" "$work/seed.log" && break
  kill -0 "$seeder" 2>/dev/null || { cat "$work/seed.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "train-class-data: the seeder did not start" >&2; cat "$work/seed.log" >&2; exit 1; }
"$java" "$(dirname "$0")/TrainingTracker.java" "$port" > "$work/tracker.port" 2> "$work/tracker.log" &
tracker=$!
ports=""
for _ in $(seq 300); do
  ports=$(head -1 "$work/tracker.port" 2>/dev/null || true)
  [ -n "$ports" ] && break
  kill -0 "$tracker" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ports" ] || { echo "train-class-data: the trackers did not start" >&2; cat "$work/tracker.log" >&2; exit 1; }
read -r http_port udp_port <<< "$ports"

# A magnet download from the seeder into OUT, with the JVM options given first.
download() {
  local out=$1
  shift
  rm -rf "$out"
  mkdir -p "$out"
  timeout 120 "${jvm[@]}" "$@" mim.cli.Main -v info download \
    "$magnet&x.pe=127.0.0.1:$port&tr=udp://127.0.0.1:$udp_port&tr=http://127.0.0.1:$http_port/announce" \
    -o "$out" -e --dht-bootstrap "$nowhere" --disable-dht-persistence --listen-addr 127.0.0.1:0 \
    > "$work/leech.log" 2>&1 || { echo "train-class-data: the download failed" >&2; cat "$work/leech.log" >&2; exit 1; }
  cmp -s "$work/seed/training.bin" "$out/training.bin" ||
    { echo "train-class-data: the download differs from the seed" >&2; exit 1; }
}

download "$work/leech" -XX:DumpLoadedClassList="$work/lists/leech"
# The seeder's list is complete once it served the download; every list keeps its first mention of a class.
# A lambda implementing a picocli interface would have the dump link that interface, and a linked class
# as old as picocli's is left out, with every class that names it: such lambdas are made at run time.
cat "$work/lists/"* | awk '!seen[$0]++' | grep -v '^@lambda-proxy .*picocli/' > "$work/classes.list"
"$java" -Xshare:dump -XX:SharedClassListFile="$work/classes.list" -XX:SharedArchiveFile="$base" \
  -cp "$dist/lib/*" > "$work/dump.log" 2>&1 ||
  { echo "train-class-data: the static archive failed" >&2; cat "$work/dump.log" >&2; exit 1; }
download "$work/leech-top" -XX:SharedArchiveFile="$base" -XX:ArchiveClassesAtExit="$top"
