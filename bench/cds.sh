#!/usr/bin/env bash
# What class-data sharing (AppCDS, a dynamic archive of archgov's classes) buys at start-up, side by side and
# alternating, same JVM flags otherwise (the launcher's): short runs, where start-up is most of the time.
#   bench/cds.sh [ROUNDS]     (default 5)
# Workloads: `validate` of the shop's contract, `check` of the shop analysed afresh (--no-cache), and `check` of the
# shop served from the result cache (the common pipeline re-run).
set -euo pipefail
rounds="${1:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export ARCHGOV_CACHE_DIR="$work/cache"
shop="$here/examples/shop"
# the archive: classes loaded by one training run (a check of the shop), written when that JVM exits
# shellcheck disable=SC2086
java $opts -XX:ArchiveClassesAtExit="$work/archgov.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" check "$shop" --no-cache > /dev/null 2>&1 || true
[ -s "$work/archgov.jsa" ] || { echo "no archive was written" >&2; exit 3; }
echo "archive: $(du -h "$work/archgov.jsa" | cut -f1)" >&2
java $opts -jar "$jar" check "$shop" > /dev/null 2>&1 || true   # fill the result cache for the third workload
run() { # $1 label, rest: archgov arguments → appends "seconds KiB" to $work/$1
  local label="$1"; shift
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/time" java $opts $extra -jar "$jar" "$@" > /dev/null 2> "$work/err" || [ $? -eq 1 ] || { cat "$work/err" >&2; exit 3; }
  tail -1 "$work/time" >> "$work/$label"
}
for w in validate fresh cached; do : > "$work/$w-off"; : > "$work/$w-on"; done
for r in $(seq 1 "$rounds"); do
  for mode in off on; do
    extra=""; [ "$mode" = on ] && extra="-XX:SharedArchiveFile=$work/archgov.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
    run "validate-$mode" validate "$shop"
    run "fresh-$mode" check "$shop" --no-cache
    run "cached-$mode" check "$shop"
  done
  echo "round $r done" >&2
done
printf '%-34s %10s %10s %8s %10s %10s\n' workload "no CDS s" "CDS s" ratio "no CDS MiB" "CDS MiB"
for w in validate fresh cached; do
  t0=$(cut -d' ' -f1 "$work/$w-off" | median); t1=$(cut -d' ' -f1 "$work/$w-on" | median)
  m0=$(cut -d' ' -f2 "$work/$w-off" | median); m1=$(cut -d' ' -f2 "$work/$w-on" | median)
  case $w in validate) name="validate shop";; fresh) name="check shop --no-cache";; cached) name="check shop (result cache hit)";; esac
  printf '%-34s %10.2f %10.2f %8.3f %10.0f %10.0f\n' "$name" "$t0" "$t1" "$(echo "$t1 / $t0" | bc -l)" "$(echo "$m0/1024" | bc -l)" "$(echo "$m1/1024" | bc -l)"
done
