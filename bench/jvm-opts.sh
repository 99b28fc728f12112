#!/usr/bin/env bash
# Launcher JVM options by measurement: `check` with every pack on the reference target under several JVM option
# sets, alternating, result cache off. Prints median time and peak RSS per set and the ratio to the first set.
#   bench/jvm-opts.sh [ROUNDS] ["OPTS A" "OPTS B" ...]     (default: JVM defaults against the launcher's defaults)
set -euo pipefail
rounds="${1:-2}"; shift || true
source "$(dirname "${BASH_SOURCE[0]}")/reference.sh"
if [ $# -eq 0 ]; then
  set -- "" "$launcher_opts"
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf 'version: 1\nname: bench\nextends: [builtin:generic, builtin:lock, builtin:cache, builtin:pool, builtin:saga]\nanalyze:\n  classes: [%s]\n' \
    "$classes" > "$work/all.yaml"
i=0
for opts in "$@"; do : > "$work/set$i"; i=$((i+1)); done
for r in $(seq 1 "$rounds"); do
  i=0
  for opts in "$@"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M" -o "$work/time" java $opts -jar "$jar" check "$work/all.yaml" --no-cache --format json \
        > "$work/out.json" 2> "$work/err" || [ $? -eq 1 ] || { echo "failed with '$opts':" >&2; tail -3 "$work/err" >&2; exit 3; }
    tail -1 "$work/time" >> "$work/set$i"
    echo "round $r [${opts:-JVM defaults}]: $(tail -1 "$work/time") (s KiB)" >&2
    i=$((i+1))
  done
done
i=0; t0=""; m0=""
for opts in "$@"; do
  t=$(cut -d' ' -f1 "$work/set$i" | median); m=$(cut -d' ' -f2 "$work/set$i" | median)
  [ -n "$t0" ] || { t0=$t; m0=$m; }
  printf '%-48s median %6.2f s %7.0f MiB   ratio time %.3f RSS %.3f\n' "${opts:-JVM defaults}" "$t" "$(echo "$m/1024" | bc -l)" \
      "$(echo "$t/$t0" | bc -l)" "$(echo "$m/$m0" | bc -l)"
  i=$((i+1))
done
