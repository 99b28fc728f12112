#!/usr/bin/env bash
# Unchanged re-run against first run on the reference target (bench/reference-target.txt), every pack on:
# each round uses an empty result cache, runs check (a miss), then runs it again (a hit). Prints medians and ratios.
#   bench/rerun.sh [ROUNDS]          (default 3; jars cached in ~/.cache/archgov-bench, outside the repository)
set -euo pipefail
rounds="${1:-3}"
source "$(dirname "${BASH_SOURCE[0]}")/reference.sh"

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/all.yaml" <<YAML
version: 1
name: bench
extends: [builtin:generic, builtin:lock, builtin:cache, builtin:pool, builtin:saga]
analyze:
  classes: [$classes]
YAML

run() { # → "seconds kilobytes cache-state"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/time" env ARCHGOV_CACHE_DIR="$work/cache" java $opts -jar "$jar" \
      check "$work/all.yaml" --format json > "$work/out.json" 2> "$work/err" || [ $? -eq 1 ] || { cat "$work/err" >&2; exit 3; }
  echo "$(tail -1 "$work/time") $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings"]["cache"])' "$work/out.json")"
}

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
