#!/usr/bin/env bash
# An audit and the same audit again, side by side: the second is served from the history store (no build, no
# analysis). Audits this repository's bundled example over its last N commits, each built offline with Maven in a
# temporary tree, into a fresh store outside the repository; prints wall time and peak RSS of both runs and the ratios.
#   bench/audit-rerun.sh [N]      (default 8 commits)
set -euo pipefail
n="${1:-8}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
run() { # $1 label → "seconds KiB" in $work/$1
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/$1" java $opts -jar "$jar" audit "$here/examples/shop" --last "$n" --history "$work/history.db" \
      --build "mvn -q -o -B -DskipTests package" --progress plain --format json --output "$work/$1-trend" 2> "$work/$1.err" > /dev/null \
      || { tail -5 "$work/$1.err" >&2; exit 3; }
  grep "done in" "$work/$1.err" >&2
}
run first
run second
read -r t1 m1 < "$work/first"; read -r t2 m2 < "$work/second"
printf 'first audit   %7.2f s %6.0f MiB\n' "$t1" "$(echo "$m1 / 1024" | bc -l)"
printf 'same again    %7.2f s %6.0f MiB\n' "$t2" "$(echo "$m2 / 1024" | bc -l)"
printf 'ratio time %.3f   ratio peak RSS %.3f   (%s commits)\n' "$(echo "$t2 / $t1" | bc -l)" "$(echo "$m2 / $m1" | bc -l)" "$n"
cmp -s <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("generatedAt"); print(json.dumps(d, sort_keys=True))' "$work/first-trend/archgov-trend.json") \
       <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("generatedAt"); print(json.dumps(d, sort_keys=True))' "$work/second-trend/archgov-trend.json") \
  && echo "same trend: yes" || { echo "same trend: NO"; exit 1; }
