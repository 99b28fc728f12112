#!/usr/bin/env bash
# Unchanged re-run against first run on the reference target (../shared/bench/reference-target.txt), every pack on:
# each round uses an empty result cache, runs check (a miss), then runs it again (a hit). Prints medians and ratios.
#   bench/rerun.sh [ROUNDS]          (default 3; jars cached in ~/.cache/archgov-bench, outside the repository)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
cache="${ARCHGOV_BENCH_CACHE:-$HOME/.cache/archgov-bench}/reference"
target_list="$here/../shared/bench/reference-target.txt"
jar="$here/cli/target/archgov.jar"
[ -f "$jar" ] || (cd "$here" && mvn -q -B -DskipTests package)
[ -f "$target_list" ] || { echo "missing $target_list" >&2; exit 2; }
mkdir -p "$cache"
grep -v '^#' "$target_list" | grep -v '^\s*$' | while read -r coord; do
  a=$(echo "$coord" | cut -d: -f2); v=$(echo "$coord" | cut -d: -f3)
  [ -f "$cache/$a-$v.jar" ] || mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$coord" -DoutputDirectory="$cache" >&2
done

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
classes=$(ls "$cache"/*.jar | sed 's/.*/"&"/' | paste -sd, -)
cat > "$work/all.yaml" <<YAML
version: 1
name: bench
extends: [builtin:generic, builtin:lock, builtin:cache, builtin:pool, builtin:saga]
analyze:
  classes: [$classes]
YAML

run() { # → "seconds kilobytes cache-state"
  /usr/bin/time -f "%e %M" -o "$work/time" env ARCHGOV_CACHE_DIR="$work/cache" java ${ARCHGOV_JAVA_OPTS:-} -jar "$jar" \
      check "$work/all.yaml" --format json > "$work/out.json" 2> "$work/err" || [ $? -eq 1 ] || { cat "$work/err" >&2; exit 3; }
  echo "$(tail -1 "$work/time") $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings"]["cache"])' "$work/out.json")"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$work/first"; : > "$work/again"
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/cache"
  run >> "$work/first"
  run >> "$work/again"
  echo "round $r: first $(tail -1 "$work/first")  re-run $(tail -1 "$work/again")   (s KiB cache)" >&2
done
grep -q ' miss$' "$work/first" && ! grep -vq ' hit$' "$work/again" || { echo "unexpected cache states" >&2; exit 3; }
tf=$(cut -d' ' -f1 "$work/first" | median); ta=$(cut -d' ' -f1 "$work/again" | median)
mf=$(cut -d' ' -f2 "$work/first" | median); ma=$(cut -d' ' -f2 "$work/again" | median)
printf 'first run   median  %6.2f s  %7.0f MiB\n' "$tf" "$(echo "$mf/1024" | bc -l)"
printf 're-run      median  %6.2f s  %7.0f MiB\n' "$ta" "$(echo "$ma/1024" | bc -l)"
printf 'ratio time %.3f   ratio peak RSS %.3f   (%s rounds)\n' "$(echo "$ta/$tf" | bc -l)" "$(echo "$ma/$mf" | bc -l)" "$rounds"
