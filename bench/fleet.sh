#!/usr/bin/env bash
# Audits shared by 1, 2 and 3 workers on this machine, side by side: the bundled example's last N commits, each worker an
# `archgov audit --shard K/W` process (as a CI matrix or a Kubernetes Indexed Job runs them), all recording into one
# PostgreSQL database (a throw-away cluster from the machine's server binaries; a fresh database per worker count).
# Prints wall time, commits per minute and the speed-up over one worker, and checks that every commit was recorded
# exactly once. docs/scaling.md builds on these figures. Needs initdb/pg_ctl (Debian's postgresql).
#   bench/fleet.sh [N]      (default 12 commits)
set -euo pipefail
n="${1:-12}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
work=$(mktemp -d)
cleanup() { stop_postgres "$work"; rm -rf "$work"; }
trap cleanup EXIT
start_postgres "$work"
sql() { psql -h 127.0.0.1 -p "$pg_port" -U archgov -At "$@"; }
tip=$(git -C "$here" rev-parse HEAD)   # every shard selects the same commits
one=""
for w in 1 2 3; do
  sql -d postgres -c "CREATE DATABASE fleet$w" >/dev/null
  url="jdbc:postgresql://127.0.0.1:$pg_port/fleet$w?user=archgov"
  start=$(date +%s.%N)
  for k in $(seq 1 "$w"); do
    # shellcheck disable=SC2086
    java $opts -jar "$jar" audit "$here/examples/shop" --last "$n" --branch "$tip" --shard "$k/$w" --history "$url" \
        --build "mvn -q -o -B -DskipTests package" --progress none --format json --output "$work/out-$w-$k" > /dev/null 2> "$work/err-$w-$k" &
  done
  wait
  secs=$(echo "$(date +%s.%N) - $start" | bc -l)
  recorded=$(sql -d "fleet$w" -c "SELECT count(*) || ' ' || count(DISTINCT commit_id) FROM reports")
  [ -z "$one" ] && one=$secs
  printf '%d worker%s  %7.1f s  %5.1f commits/min  speed-up %.2f  recorded %s (rows, commits)\n' "$w" "$([ "$w" = 1 ] && echo " " || echo s)" \
      "$secs" "$(echo "$n * 60 / $secs" | bc -l)" "$(echo "$one / $secs" | bc -l)" "$recorded"
done
echo "(N = $n commits of examples/shop, each built offline with Maven and analysed; $(nproc) cores)"
