#!/usr/bin/env bash
# Two builds of archgov side by side on the reference target, every pack on, same JVM flags (the launcher's),
# alternating: for a change to the engine or the rules, A = the jar before it, B = after. Prints median wall time
# and peak RSS of each, B/A, and whether both found exactly the same findings (fingerprints).
#   bench/ab.sh A.jar [B.jar] [ROUNDS]      (B defaults to cli/target/archgov.jar, ROUNDS to 3)
# To get A: git stash / checkout the earlier commit, mvn -q -DskipTests package, cp cli/target/archgov.jar /tmp/a.jar.
set -euo pipefail
a_jar="${1:?usage: bench/ab.sh A.jar [B.jar] [ROUNDS]}"
source "$(dirname "${BASH_SOURCE[0]}")/reference.sh"
b_jar="${2:-$jar}"
rounds="${3:-3}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf 'version: 1\nname: bench\nextends: [builtin:generic, builtin:lock, builtin:cache, builtin:pool, builtin:saga]\nanalyze:\n  classes: [%s]\n' "$classes" > "$work/all.yaml"
run() { # $1 jar, $2 name → appends "seconds KiB" to $work/$2, findings to $work/$2.json
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$work/time" java $opts -jar "$1" check "$work/all.yaml" --no-cache --format json > "$work/$2.json" 2> "$work/err" \
      || [ $? -eq 1 ] || { tail -3 "$work/err" >&2; exit 3; }
  tail -1 "$work/time" >> "$work/$2"
}
fingerprints() { python3 -c 'import json,sys; print("\n".join(sorted(f["ruleId"]+" "+f["fingerprint"] for f in json.load(open(sys.argv[1]))["findings"])))' "$1"; }
: > "$work/a"; : > "$work/b"
for r in $(seq 1 "$rounds"); do
  run "$a_jar" a; run "$b_jar" b
  echo "round $r: A $(tail -1 "$work/a")  B $(tail -1 "$work/b")   (s KiB)" >&2
done
ta=$(cut -d' ' -f1 "$work/a" | median); tb=$(cut -d' ' -f1 "$work/b" | median)
ma=$(cut -d' ' -f2 "$work/a" | median); mb=$(cut -d' ' -f2 "$work/b" | median)
same=$([ "$(fingerprints "$work/a.json")" = "$(fingerprints "$work/b.json")" ] && echo yes || echo NO)
printf 'A  %s\nB  %s\n' "$a_jar" "$b_jar"
printf 'median time   A %6.2f s   B %6.2f s   B/A %.3f\n' "$ta" "$tb" "$(echo "$tb / $ta" | bc -l)"
printf 'peak RSS      A %6.0f MiB B %6.0f MiB B/A %.3f\n' "$(echo "$ma / 1024" | bc -l)" "$(echo "$mb / 1024" | bc -l)" "$(echo "$mb / $ma" | bc -l)"
printf 'same findings %s (%s)\n' "$same" "$(fingerprints "$work/b.json" | wc -l)"
[ "$same" = yes ]
