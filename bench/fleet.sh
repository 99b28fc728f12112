#!/usr/bin/env bash
# Fleet audits by 1, 2 and 3 workers on this machine, side by side: the bundled example's last N commits queued by
# `archgov fleet audit` into a PostgreSQL database (a throw-away cluster from the machine's server binaries; a fresh
# database per worker count), then taken by W `archgov fleet worker --until-idle` processes. Prints wall time (queue to
# the last worker's exit), commits per minute and the speed-up over one worker, and checks that every commit was
# recorded exactly once. docs/scaling.md builds on these figures. Needs initdb/pg_ctl (Debian's postgresql).
#   bench/fleet.sh [N]      (default 12 commits)
set -euo pipefail
n="${1:-12}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
work=$(mktemp -d)
cleanup() { stop_postgres "$work"; rm -rf "$work"; }
trap cleanup EXIT
start_postgres "$work"
sql() { psql -h 127.0.0.1 -p "$pg_port" -U archgov -At "$@"; }
branch=$(git -C "$here" rev-parse --abbrev-ref HEAD)
printf 'version: 1\nrepositories:\n  - name: shop\n    location: %s\n    branch: %s\n    contract: examples/shop/archgov.yaml\n    build: mvn -q -o -B -DskipTests package\n    last: %s\n' \
    "$here" "$branch" "$n" > "$work/fleet.yaml"
one=""
for w in 1 2 3; do
  sql -d postgres -c "CREATE DATABASE fleet$w" >/dev/null
  url="jdbc:postgresql://127.0.0.1:$pg_port/fleet$w?user=archgov"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  java $opts -jar "$jar" fleet audit "$work/fleet.yaml" --history "$url" --cache "$work/cache" > /dev/null
  for k in $(seq 1 "$w"); do
    # shellcheck disable=SC2086
    java $opts -jar "$jar" fleet worker --history "$url" --until-idle --checkin 2s --cache "$work/cache" > "$work/worker-$w-$k.log" 2>&1 &
  done
  wait
  secs=$(echo "$(date +%s.%N) - $start" | bc -l)
  recorded=$(sql -d "fleet$w" -c "SELECT count(*) || ' ' || count(DISTINCT commit_id) FROM reports")
  [ -z "$one" ] && one=$secs
  printf '%d worker%s  %7.1f s  %5.1f commits/min  speed-up %.2f  recorded %s (rows, commits)\n' "$w" "$([ "$w" = 1 ] && echo " " || echo s)" \
      "$secs" "$(echo "$n * 60 / $secs" | bc -l)" "$(echo "$one / $secs" | bc -l)" "$recorded"
done
echo "(N = $n commits of examples/shop, each built offline with Maven and analysed; $(nproc) cores)"
