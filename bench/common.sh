# Shared by the benchmarks in this folder: deterministic test data, page-cache warming, timing with
# /usr/bin/time -v (best of BENCH_RUNS runs: wall seconds and peak RSS), the SHA-1 limit of this machine.
# Sourced, not run.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/mim-bench}
data="$bench_dir/data"
runs=${BENCH_RUNS:-3}
cores=$(nproc)
gib=$((1024 * 1024 * 1024))
total=$((4 * gib))
# ./mim builds the distribution when the sources changed; the runs time the distribution's launcher,
# so that the check for changed sources is not part of the time. BENCH_MIM times another build instead.
mim=${BENCH_MIM:-"$root/cli/target/mim/bin/mim"}
# A libtorrent peer for the benchmarks that need one (python3-libtorrent).
lt_peer=(/usr/bin/python3 "$root/bench/lt_peer.py")

# need PROGRAM[:PACKAGE]...: stops, saying what to install, when a program is missing.
need() {
  local spec
  for spec in "$@"; do
    command -v "${spec%%:*}" >/dev/null ||
      { echo "bench: ${spec%%:*} is needed (apt-get install ${spec#*:})" >&2; exit 1; }
  done
}

need_libtorrent() {
  /usr/bin/python3 -c 'import libtorrent' 2>/dev/null ||
    { echo "bench: python3-libtorrent is needed (apt-get install python3-libtorrent)" >&2; exit 1; }
}

need /usr/bin/time:time openssl:openssl

# 4 GiB in four 1 GiB files: AES-128-CTR of zeros under fixed keys, so every run hashes the same bytes.
# Made once and kept in $bench_dir (set BENCH_DIR to put it elsewhere).
make_data() {
  mkdir -p "$data"
  local i
  for i in 0 1 2 3; do
    local f="$data/part$i.bin"
    if [ "$(stat -c %s "$f" 2>/dev/null || echo 0)" != "$gib" ]; then
      echo "bench: writing $f" >&2
      # head ends the stream, so openssl dies of SIGPIPE: only head's status counts here.
      (set +o pipefail
        openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv "0000000000000000000000000000000$i" \
          -in /dev/zero 2>/dev/null | head -c "$gib") > "$f"
    fi
  done
}

# What warm reads: all the data, unless a benchmark uses less of it.
warm_files=("$data"/part0.bin "$data"/part1.bin "$data"/part2.bin "$data"/part3.bin)

# The programs' own files, read by warm too: reading gigabytes of data can push them out of the page
# cache, and a program would then start from the disk in one run and not in the next. mim's
# distribution (its jars and class-data archives) and the Java it runs on, the Python and libtorrent
# library lt_peer.py runs on, the other tools' executables.
program_files() {
  find "$(dirname "$mim")/.." -type f
  local java_home
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  find "$java_home/lib" -name libjvm.so
  echo "$java_home/lib/modules"
  readlink -f /usr/bin/python3
  /usr/bin/python3 -c 'import libtorrent; print(libtorrent.__file__)' 2>/dev/null || true
  local tool
  for tool in aria2c rtorrent transmission-cli mktorrent opentracker; do
    command -v "$tool" || true
  done
}

# Reads the data so that every tool hashes from the page cache, not the disk, then the programs' files;
# and writes out what the last run left in the page cache, so that no run pays for the one before (a
# download leaves a gigabyte to write back, which the kernel does in the background for seconds after).
warm() {
  cat "${warm_files[@]}" > /dev/null
  program_files | xargs -d '\n' cat > /dev/null
  sync
}

declare -A best_wall best_rss last_wall
labels=()

# once LABEL COMMAND...: runs the command once on a warm cache and keeps its best wall time (seconds)
# and that run's peak RSS (MiB) under LABEL. The scripts call it in rounds, every tool once a round, so
# that load from elsewhere on the machine falls on all of them alike.
once() {
  local label=$1
  shift
  local tmp
  tmp=$(mktemp -d)
  warm
  if ! /usr/bin/time -v -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err"; then
    echo "bench: $label failed:" >&2
    cat "$tmp/err" "$tmp/time" >&2
    rm -rf "$tmp"
    exit 1
  fi
  local w r
  w=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' "$tmp/time")
  r=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time")
  rm -rf "$tmp"
  record "$label" "$w" "$r"
}

# record LABEL SECONDS MIB: prints a run timed some other way than by once, and keeps it if it is the best;
# last_wall[LABEL] is the run's time, for a script that compares within a round.
record() {
  local label=$1 w=$2 r=$3
  printf '  %-28s %8.2f s  %6s MiB\n' "$label" "$w" "$r" >&2
  last_wall[$label]=$w
  if [ -z "${best_wall[$label]:-}" ]; then
    labels+=("$label")
  fi
  if [ -z "${best_wall[$label]:-}" ] || awk -v a="$w" -v b="${best_wall[$label]}" 'BEGIN { exit !(a < b) }'; then
    best_wall[$label]=$w
    best_rss[$label]=$r
  fi
}

report() {
  local label
  for label in "${labels[@]}"; do
    printf '%-28s %8.2f s  %6s MiB\n' "$label" "${best_wall[$label]}" "${best_rss[$label]}"
  done
  echo "(best wall time of $runs rounds; peak RSS of that run)"
}

# SHA-1 bytes per second of all cores together, from openssl's speed test on 16 KiB blocks.
sha1_limit() {
  openssl speed -seconds 2 -bytes 16384 sha1 2>/dev/null |
    awk -v cores="$cores" '/^sha1/ { v = $NF; sub(/k$/, "", v); printf "%.0f", v * 1000 * cores }'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# Builds the distribution (./mim does it when the sources changed) before anything is timed.
build_mim() {
  "$root/mim" --version > /dev/null
}

# start_mim_seed TORRENT LISTEN: mim seeding $file from $work/seed, logging to $work/mim-seed.log; sets
# mim_seed_pid. mim keeps its resume state next to the data: it seeds a link to the file, not the shared
# data folder.
start_mim_seed() {
  mkdir -p "$work/seed"
  ln "$file" "$work/seed/part0.bin" 2>/dev/null || cp "$file" "$work/seed/part0.bin"
  "$mim" download "$1" -o "$work/seed" --overwrite --listen-addr "$2" --disable-dht > "$work/mim-seed.log" 2>&1 &
  mim_seed_pid=$!
  started+=("$mim_seed_pid")
}

# The pids of the programs a benchmark started; stop_all stops them (a script traps it on EXIT).
started=()
stop_all() {
  local pid
  for pid in ${started[@]+"${started[@]}"}; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  started=()
}

# wait_line FILE TEXT PID: waits until FILE holds TEXT, failing if PID ends first or after 120 s.
wait_line() {
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -aq "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: no '$2' in $1:" >&2
  tail -n 20 "$1" >&2
  exit 1
}

# hwm PID: the process's peak resident memory so far, in MiB.
hwm() {
  awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}
