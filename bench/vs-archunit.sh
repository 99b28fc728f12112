#!/usr/bin/env bash
# archgov against its floor, side by side on the reference target with the same JVM flags (the launcher's), alternating:
#   (a) a bare ASM parse of every class file; (b) plain ArchUnit: import + the generic rules written against its API
#   (bench/PlainArchUnit.java); (c) archgov check with builtin:generic and every domain pack (result cache off).
# Prints medians, c/b and c/a, peak RSS of each; then (c) on growing subsets of the jars (one run each).
#   bench/vs-archunit.sh [ROUNDS]     (default 3)
set -euo pipefail
rounds="${1:-3}"
source "$(dirname "${BASH_SOURCE[0]}")/reference.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
contract() { # $1 file, $2 jars (YAML list body)
  printf 'version: 1\nname: bench\nextends: [builtin:generic, builtin:lock, builtin:cache, builtin:pool, builtin:saga]\nanalyze:\n  classes: [%s]\n' "$2" > "$1"
}
contract "$work/all.yaml" "$classes"
# shellcheck disable=SC2086
timed() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || [ $? -eq 1 ] || { tail -3 "$work/err" >&2; exit 3; }; tail -1 "$work/time"; }
jars=$(ls "$cache"/*.jar)
: > "$work/a"; : > "$work/b"; : > "$work/c"
for r in $(seq 1 "$rounds"); do
  # shellcheck disable=SC2086
  timed java $opts -cp "$jar" "$here/bench/PlainArchUnit.java" asm $jars >> "$work/a"
  # shellcheck disable=SC2086
  timed java $opts -cp "$jar" "$here/bench/PlainArchUnit.java" archunit $jars >> "$work/b"
  # shellcheck disable=SC2086
  timed java $opts -jar "$jar" check "$work/all.yaml" --no-cache --format json >> "$work/c"
  echo "round $r: asm $(tail -1 "$work/a")  archunit $(tail -1 "$work/b")  archgov $(tail -1 "$work/c")   (s KiB)" >&2
done
for x in a b c; do
  eval "t$x=$(cut -d' ' -f1 "$work/$x" | median); m$x=$(cut -d' ' -f2 "$work/$x" | median)"
done
printf 'JVM options: %s\n' "$opts"
printf '(a) bare ASM parse         median %6.2f s %6.0f MiB\n' "$ta" "$(echo "$ma/1024" | bc -l)"
printf '(b) plain ArchUnit         median %6.2f s %6.0f MiB\n' "$tb" "$(echo "$mb/1024" | bc -l)"
printf '(c) archgov, all packs     median %6.2f s %6.0f MiB\n' "$tc" "$(echo "$mc/1024" | bc -l)"
printf 'c/b time %.3f RSS %.3f   c/a time %.1f RSS %.1f   (%s rounds, alternating)\n' \
    "$(echo "$tc/$tb" | bc -l)" "$(echo "$mc/$mb" | bc -l)" "$(echo "$tc/$ta" | bc -l)" "$(echo "$mc/$ma" | bc -l)" "$rounds"

echo "growth of (c) over subsets (jars smallest first, one run each):"
: > "$work/list"
for j in $(ls -S -r "$cache"/*.jar); do
  echo "\"$j\"" >> "$work/list"
  contract "$work/sub.yaml" "$(paste -sd, "$work/list")"
  # shellcheck disable=SC2086
  t=$(timed java $opts -jar "$jar" check "$work/sub.yaml" --no-cache --format json)
  n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["target"]["classes"])' "$work/out")
  printf '  %6d classes  %6.2f s  %6.0f MiB  %6.2f ms/class\n' "$n" "${t% *}" "$(echo "${t#* }/1024" | bc -l)" "$(echo "${t% *}*1000/$n" | bc -l)"
done
