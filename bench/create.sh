#!/usr/bin/env bash
# Times `mim create` against `mktorrent -t <cores>` and `transmission-create` on the same 4 GiB of
# page-cached data and the same piece length (4 MiB), in one run, and prints the ratios and mim's share
# of the machine's SHA-1 limit (openssl's rate on one core times the cores). On demand, not in the tests.
#   bench/create.sh            BENCH_RUNS=5 bench/create.sh            BENCH_DIR=/data/bench bench/create.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
need mktorrent transmission-create:transmission-cli

make_data
build_mim
out="$bench_dir/out"
mkdir -p "$out"
echo "4 GiB in 4 files, piece length 4 MiB, $cores cores"

for ((round = 0; round < runs; round++)); do
  rm -f "$out/mim.torrent" "$out/mktorrent.torrent" "$out/transmission.torrent"
  once "mim create" "$mim" create "$data" -o "$out/mim.torrent" --piece-length 4M --no-creation-date
  once "mktorrent -t $cores" mktorrent -t "$cores" -l 22 -o "$out/mktorrent.torrent" "$data"
  once "transmission-create" transmission-create -s 4096 -o "$out/transmission.torrent" "$data"
done
report
mim_wall=${best_wall["mim create"]}
mk_wall=${best_wall["mktorrent -t $cores"]}
tr_wall=${best_wall["transmission-create"]}

limit=$(sha1_limit)
echo
echo "mim / mktorrent:           $(ratio "$mim_wall" "$mk_wall")x (goal: at most 1.0x)"
echo "mim / transmission-create: $(ratio "$mim_wall" "$tr_wall")x"
echo "SHA-1 limit: $(awk -v l="$limit" 'BEGIN { printf "%.2f", l / 1e9 }') GB/s on $cores cores;" \
  "mim reached $(awk -v t="$total" -v w="$mim_wall" -v l="$limit" 'BEGIN { printf "%.0f%% (%.2f GB/s)", 100 * t / w / l, t / w / 1e9 }')," \
  "mktorrent $(awk -v t="$total" -v w="$mk_wall" -v l="$limit" 'BEGIN { printf "%.0f%%", 100 * t / w / l }')"
