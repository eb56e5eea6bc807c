#!/usr/bin/env bash
# Times `mim verify` against libtorrent's recheck (python3-libtorrent: the torrent added paused with the
# data's save path, a forced recheck, waiting until checking ends) on the same 4 GiB of page-cached data,
# in one run, and prints the ratio and mim's share of the machine's SHA-1 limit. On demand, not in the tests.
#   bench/verify.sh            BENCH_RUNS=5 bench/verify.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_libtorrent

make_data
build_mim
out="$bench_dir/out"
mkdir -p "$out"
torrent="$out/verify.torrent"
"$mim" create "$data" -o "$torrent" --piece-length 4M --no-creation-date --force > /dev/null
echo "4 GiB in 4 files, piece length 4 MiB, $cores cores; libtorrent with hashing_threads=$cores"

for ((round = 0; round < runs; round++)); do
  once "mim verify" "$mim" verify "$torrent" "$data"
  once "libtorrent recheck" /usr/bin/python3 "$root/bench/lt_recheck.py" "$torrent" "$bench_dir" "$cores"
done
report
mim_wall=${best_wall["mim verify"]}
lt_wall=${best_wall["libtorrent recheck"]}

limit=$(sha1_limit)
echo
echo "mim / libtorrent: $(ratio "$mim_wall" "$lt_wall")x (goal: at most 0.3x)"
echo "SHA-1 limit: $(awk -v l="$limit" 'BEGIN { printf "%.2f", l / 1e9 }') GB/s on $cores cores;" \
  "mim reached $(awk -v t="$total" -v w="$mim_wall" -v l="$limit" 'BEGIN { printf "%.0f%% (%.2f GB/s)", 100 * t / w / l, t / w / 1e9 }')"
