#!/usr/bin/env bash
# Incremental runs against full runs of the same tree, side by side: the reference target's jars unpacked into class
# directories; for 1, 10 and 100 edited classes (a no-op in a method body, or a new dependency on another analysed
# class: bench/ClassEdit.java), the run that reuses the previous run's per-class results (the default with a cache)
# and a full run (--no-cache) of the edited tree: time, peak RSS, timings.mode, and whether the findings are identical.
# Before each edit the cache is brought to the unedited tree with --full, so each change is measured on its own.
#   bench/incremental.sh [CONTRACT-PACKS] [ROUNDS]        (SIZES="1 10 100" and EDITS="body dep" by default)
# CONTRACT-PACKS (default "lock saga": every rule re-checks by class) is a space-separated list of builtin packs;
# "generic lock cache pool saga" is bench/vs-archunit.sh's contract, whose graph-wide rules (cycles, callers) make
# every run full (the mode says why).
set -euo pipefail
packs="${1:-lock saga}"
rounds="${2:-1}"
source "$(dirname "${BASH_SOURCE[0]}")/reference.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pristine"
for j in "$cache"/*.jar; do
  d="$work/pristine/$(basename "$j" .jar)"; mkdir -p "$d"; unzip -q -o "$j" -d "$d"; rm -rf "$d/META-INF/versions"
done
dirs=$(ls -d "$work"/pristine/* | sed "s|$work/pristine|tree|; s/.*/\"&\"/" | paste -sd, -)
extends=$(for p in $packs; do printf 'builtin:%s, ' "$p"; done | sed 's/, $//')
printf 'version: 1\nname: bench-incremental\nextends: [%s]\nanalyze:\n  classes: [%s]\n' "$extends" "$dirs" > "$work/archgov.yaml"
export ARCHGOV_CACHE_DIR="$work/cache"
# shellcheck disable=SC2086
run() { # $1 label, rest: archgov arguments; appends "seconds KiB mode" to $work/$1
  /usr/bin/time -f "%e %M" -o "$work/time" java $opts -jar "$jar" check "$work/archgov.yaml" --format json -o "$work/out-$1" "${@:2}" \
      > /dev/null 2> "$work/err" || [ $? -eq 1 ] || { tail -3 "$work/err" >&2; exit 3; }
  mode=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings"]["mode"])' "$work/out-$1/archgov-report.json")
  echo "$(tail -1 "$work/time") $mode" > "$work/last-$1"
}
same() { # identical findings (rule, fingerprint, path, line, detail), rule counts and class counts?
  python3 - "$work/out-inc/archgov-report.json" "$work/out-full/archgov-report.json" <<'EOF'
import json, sys
def summary(f):
    r = json.load(open(f))
    return (r["target"]["classes"], sorted((x["ruleId"], x["fingerprint"], x["path"], x["line"], x["detail"]) for x in r["findings"]),
            [(x["id"], x["checked"], x["findings"], x.get("unmatched")) for x in r["rules"]])
print("identical" if summary(sys.argv[1]) == summary(sys.argv[2]) else "DIFFERENT")
EOF
}
printf 'contract: %s; %s classes; JVM options: %s\n' "$extends" "$(find "$work/pristine" -name '*.class' | wc -l)" "$opts"
printf '%-6s %5s  %9s %9s %6s  %8s %8s  %-10s %s\n' edit size "incr s" "full s" ratio "incr MiB" "full MiB" findings mode
for r in $(seq 1 "$rounds"); do
  for size in ${SIZES:-1 10 100}; do
    for edit in ${EDITS:-body dep}; do
      rm -rf "$work/tree"; cp -r "$work/pristine" "$work/tree"
      run warm --full
      # shellcheck disable=SC2046
      java -cp "$jar" "$here/bench/ClassEdit.java" "$edit" "$size" "$((r * 1000 + size))" $(ls -d "$work"/tree/*) > /dev/null
      run inc; read -r ti mi modei < <(cat "$work/last-inc")
      run full --no-cache; read -r tf mf _ < <(cat "$work/last-full")
      printf '%-6s %5d  %9.2f %9.2f %6.3f  %8.0f %8.0f  %-10s %s\n' "$edit" "$size" "$ti" "$tf" "$(echo "$ti/$tf" | bc -l)" \
          "$(echo "$mi/1024" | bc -l)" "$(echo "$mf/1024" | bc -l)" "$(same)" "$modei"
    done
  done
done
