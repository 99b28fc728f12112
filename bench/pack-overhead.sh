#!/usr/bin/env bash
# What rule packs add to `archgov check` on the benchmark reference target (bench/reference-target.txt):
# runs `check` with builtin:generic alone (baseline) and with builtin:generic + the packs, alternating, same JVM
# flags, and prints medians of wall time and peak RSS and their ratios.
#   usage: bench/pack-overhead.sh [PACK[,PACK…]] [ROUNDS]     (default: lock 3; e.g. lock,cache,pool,saga)
#   ARCHGOV_BENCH_CACHE  where the reference jars are fetched (default ~/.cache/archgov-bench)
#   ARCHGOV_JAVA_OPTS    JVM options for both runs (default: the launcher's)
set -euo pipefail
pack="${1:-lock}"
rounds="${2:-3}"
source "$(dirname "${BASH_SOURCE[0]}")/reference.sh"

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
contract() { # $1 file, $2 extends list
  cat > "$1" <<YAML
version: 1
name: bench
extends: [$2]
analyze:
  classes: [$classes]
YAML
}
contract "$work/baseline.yaml" "builtin:generic"
contract "$work/with-pack.yaml" "builtin:generic$(echo ",$pack" | sed 's/,/, builtin:/g')"

run() { # $1 contract → "seconds kilobytes findings"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/time" java $opts -jar "$jar" check "$1" --format json --no-cache \
      > "$work/out.json" 2> "$work/err" || [ $? -eq 1 ] || { cat "$work/err" >&2; exit 3; }
  echo "$(tail -1 "$work/time") $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["summary"]["findings"], d["target"]["classes"])' "$work/out.json")"
}

: > "$work/a"; : > "$work/b"
for r in $(seq 1 "$rounds"); do
  run "$work/baseline.yaml" >> "$work/a"
  run "$work/with-pack.yaml" >> "$work/b"
  echo "round $r: baseline $(tail -1 "$work/a")  with $pack $(tail -1 "$work/b")   (s KiB findings classes)" >&2
done
ta=$(cut -d' ' -f1 "$work/a" | median); tb=$(cut -d' ' -f1 "$work/b" | median)
ma=$(cut -d' ' -f2 "$work/a" | median); mb=$(cut -d' ' -f2 "$work/b" | median)
printf 'classes analysed          %s\n' "$(tail -1 "$work/a" | cut -d' ' -f4)"
printf 'generic only      median  %6.2f s  %7.0f MiB  (%s findings)\n' "$ta" "$(echo "$ma/1024" | bc -l)" "$(tail -1 "$work/a" | cut -d' ' -f3)"
printf 'generic + %-7s median  %6.2f s  %7.0f MiB  (%s findings)\n' "$pack" "$tb" "$(echo "$mb/1024" | bc -l)" "$(tail -1 "$work/b" | cut -d' ' -f3)"
printf 'ratio time %.3f   ratio peak RSS %.3f   (%s rounds, alternating)\n' "$(echo "$tb/$ta" | bc -l)" "$(echo "$mb/$ma" | bc -l)" "$rounds"
