#!/usr/bin/env bash
# Fuzzes mim's decoders with Jazzer, one after the other for a set time each, and prints for each the
# executions, executions a second and coverage (libFuzzer's final figures: cov counts the edges reached
# in mim's classes, ft the finer features), and the finding that stopped it, if any, with where its
# input was written: into the fuzz test's inputs folder under src/test/resources, from where the unit
# tests replay it ever after. Each fuzzer starts from its stored inputs and the corpus it grew in earlier
# runs ($BENCH_DIR/fuzz/NAME/corpus); its full output is $BENCH_DIR/fuzz/NAME/log. An input running
# longer than 10 s counts as a hang. After fuzzing, the whole corpus runs once more without Jazzer's
# hooks, which allocate at every hooked call, so that the fuzz tests' allocation limits hold exactly
# (see AllocationLimit); that log is NAME/replay.log. On demand, not in the tests.
#   bench/fuzz.sh                 every fuzzer, 5 minutes each
#   bench/fuzz.sh wire mse        the fuzzers whose names contain "wire" or "mse"
#   FUZZ_SECONDS=3600 bench/fuzz.sh metainfo
set -euo pipefail
source "$(dirname "$0")/common.sh"
need java:openjdk-17-jdk-headless mvn:maven

seconds=${FUZZ_SECONDS:-300}
work="$bench_dir/fuzz"

# name, module, fuzz test class, method
fuzzers=(
  "bencode      core                 mim.core.bencode.BencodeReaderFuzzTest           read"
  "metainfo     core                 mim.core.metainfo.MetainfoFuzzTest               parse"
  "magnet       core                 mim.core.magnet.MagnetLinkFuzzTest               parse"
  "wire         core                 mim.core.wire.PeerWireFuzzTest                   receive"
  "mse          core                 mim.core.wire.mse.MseResponderFuzzTest           receive"
  "ut_metadata  core                 mim.core.metadata.MetadataMessageFuzzTest        decode"
  "ut_pex       plugins/pex          mim.plugin.pex.PexMessageFuzzTest                decode"
  "krpc         plugins/dht          mim.plugin.dht.KrpcCodecFuzzTest                 decode"
  "tracker-udp  plugins/tracker-udp  mim.plugin.tracker.udp.ReplyDecoderFuzzTest      decode"
  "tracker-http plugins/tracker-http mim.plugin.tracker.http.AnnounceParserFuzzTest   parse"
)

selected=()
for f in "${fuzzers[@]}"; do
  read -r name _ <<< "$f"
  if [ $# -eq 0 ]; then
    selected+=("$f")
  else
    for want in "$@"; do
      if [[ $name == *"$want"* ]]; then
        selected+=("$f")
        break
      fi
    done
  fi
done
if [ ${#selected[@]} -eq 0 ]; then
  echo "bench: no fuzzer matches $*; there are:" $(for f in "${fuzzers[@]}"; do read -r n _ <<< "$f"; echo "$n"; done) >&2
  exit 2
fi

# The test classes and each module's test class path, from the sources in this tree (-am: nothing of
# mim's is taken from the local Maven repository). Maven's output is shown only when the build fails.
modules=$(for f in "${selected[@]}"; do read -r _ module _ <<< "$f"; echo "$module"; done | sort -u | paste -sd, -)
echo "bench: compiling the fuzz tests of $modules" >&2
log=$(mktemp "${TMPDIR:-/tmp}/mim-fuzz-build.XXXXXX")
if ! (cd "$root" && mvn -B -ntp -Dstyle.color=never -pl "$modules" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test) > "$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  echo "bench: the build failed (Maven's output above)" >&2
  exit 1
fi
rm -f "$log"

# last_number PATTERN FILE: the number after the last match of PATTERN (a sed regex ending where it starts).
last_number() {
  sed -n "s/.*$1 *\([0-9][0-9]*\).*/\1/p" "$2" | tail -n 1
}

# jazzer LOG ARGS...: runs Jazzer on the current fuzz test from its module's folder (Jazzer writes findings
# into src/test/resources below the working directory). Netty's leak detector is off: every fuzz test
# checks its buffers itself, after each input.
jazzer() {
  local out=$1
  shift
  (cd "$root/$module" && java -Xmx2g -Dio.netty.leakDetection.level=disabled ${jvm[@]+"${jvm[@]}"} \
    -cp "target/test-classes:target/classes:$(cat target/fuzz.classpath)" com.code_intelligence.jazzer.Jazzer \
    --target_class="$class" --target_method="$method" -timeout=10 -print_final_stats=1 "$@") > "$out" 2>&1 || true
}

# finding LOG: the finding a Jazzer log reports and where its input went, or nothing.
finding() {
  local written what
  written=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$1" | tail -n 1)
  if [ -n "$written" ]; then
    what=$(grep -a -m 1 -E '^== Java Exception:|ERROR: libFuzzer:' "$1" || echo "a finding")
    echo "FINDING: ${what#== } -> ${written#"$root"/}"
  elif ! grep -aq 'Done [0-9]* runs' "$1"; then
    echo "FINDING: it did not run to the end (see $1)"
  fi
}

results=()
found=0
for f in "${selected[@]}"; do
  read -r name module class method <<< "$f"
  dir="$work/$name"
  mkdir -p "$dir/corpus"
  echo "bench: fuzzing $name ($class#$method) for $seconds s" >&2
  start=$(date +%s)
  jvm=()
  jazzer "$dir/log" -max_total_time="$seconds" "$dir/corpus"
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$dir/log" | tail -n 1)
  [ -n "$took" ] || took=$(($(date +%s) - start))
  result=$(finding "$dir/log")
  replayed=
  if [ -z "$result" ]; then
    echo "bench: replaying the corpus of $name without hooks" >&2
    jvm=(-Djazzer.hooks=false)
    jazzer "$dir/replay.log" -runs=0 "$dir/corpus"
    replayed=$(sed -n 's/^#\([0-9][0-9]*\).*DONE.*/\1/p' "$dir/replay.log" | tail -n 1)
    result=$(finding "$dir/replay.log")
    if [ -n "$result" ]; then
      result="$result (in the replay without hooks)"
    fi
  fi
  if [ -n "$result" ]; then
    found=$((found + 1))
  fi

  runs=$(last_number 'stat::number_of_executed_units:' "$dir/log")
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$dir/log" | tail -n 1)
  rate=$(last_number 'stat::average_exec_per_sec:' "$dir/log")
  [ -n "$rate" ] || rate=$(last_number 'exec\/s:' "$dir/log")
  cov=$(last_number ' cov:' "$dir/log")
  ft=$(last_number ' ft:' "$dir/log")
  results+=("$(printf '%-13s %6s %12s %8s %6s %7s  %s' "$name" "$took" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
    "${result:-no finding; ${replayed:-?} inputs replayed without hooks}")")
done

echo
printf '%-13s %6s %12s %8s %6s %7s  %s\n' fuzzer seconds executions exec/s cov ft result
printf '%s\n' "${results[@]}"
if [ "$found" -gt 0 ]; then
  echo "(a finding's input is now a regression input of its fuzz test: fix the code, keep the input)"
  exit 1
fi
