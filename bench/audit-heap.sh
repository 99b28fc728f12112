#!/usr/bin/env bash
# The heap over a long audit of a reference-sized target: an audit runs one analysis per commit in one JVM, so
# whatever an analysis keeps after it ends accumulates. Builds a throw-away git repository of N commits that each
# analyse the reference target (bench/reference-target.txt, ~10,400 classes, every pack) plus one class that changes
# per commit (so no commit reuses another's analysis), audits it with the launcher's JVM options and a GC log, and
# prints the live heap after each commit's analysis (old generation after the full collection the audit asks for
# between commits) with the ratio of the last to the first.
#   bench/audit-heap.sh [N]      (default 20 commits)
set -euo pipefail
n="${1:-20}"
source "$(dirname "${BASH_SOURCE[0]}")/reference.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
repo="$work/repo"; mkdir -p "$repo/src/bench"
git -C "$repo" init -q -b main
printf 'version: 1\nname: heap\nextends: [builtin:generic, builtin:lock, builtin:cache, builtin:pool, builtin:saga]\nanalyze:\n  classes: [classes, %s]\n' \
    "$classes" > "$repo/archgov.yaml"
for i in $(seq 1 "$n"); do
  printf 'package bench;\npublic class Marker { public static final int COMMIT = %d; }\n' "$i" > "$repo/src/bench/Marker.java"
  rm -rf "$repo/classes"; javac -d "$repo/classes" "$repo/src/bench/Marker.java"
  git -C "$repo" add -A -f && git -C "$repo" -c user.name=bench -c user.email=bench@example.org commit -q -m "commit $i"
done
# shellcheck disable=SC2086
java $opts -Darchgov.audit.gcBetweenCommits=true -Xlog:gc:file="$work/gc.log" -jar "$jar" audit "$repo" --last "$n" --build true \
    --history "$work/history.db" --progress plain --format json --output "$work/trend" 2> "$work/audit.err" > /dev/null \
    || { tail -5 "$work/audit.err" >&2; exit 3; }
grep "done in" "$work/audit.err"
# the heap after each full collection (one per commit, requested between commits)
grep -E "Pause Full \(System.gc\(\)\)" "$work/gc.log" | sed -E 's/.*->([0-9]+)M\(.*/\1/' > "$work/live"
awk '{printf "after commit %2d: %5d MiB\n", NR, $1}' "$work/live"
first=$(head -1 "$work/live"); last=$(tail -1 "$work/live")
printf 'live heap, last/first: %.3f (%s -> %s MiB over %s commits)\n' "$(echo "$last / $first" | bc -l)" "$first" "$last" "$(wc -l < "$work/live")"
