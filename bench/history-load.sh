#!/usr/bin/env bash
# The history store under load, side by side: TOTAL reports (the bundled example's real report, ~105 findings) recorded
# by WRITERS concurrent writers into (a) the embedded SQLite file and (b) a PostgreSQL database (a throw-away cluster
# started from the machine's server binaries, as the tests do); prints throughput, p50 and p99 of one record, the
# ratios, and the database's size per 10,000 reports. Needs initdb/pg_ctl (Debian's postgresql).
#   bench/history-load.sh [TOTAL] [WRITERS]      (default 10000 8)
set -euo pipefail
total="${1:-10000}"; writers="${2:-8}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
work=$(mktemp -d)
cleanup() { stop_postgres "$work"; rm -rf "$work"; }
trap cleanup EXIT
start_postgres "$work"
url="$pg_url"
# shellcheck disable=SC2086
java $opts -jar "$jar" check "$here/examples/shop" --no-cache --format json > "$work/report.json" 2>/dev/null || [ $? -eq 1 ]
load() { # $1 location → the result line
  # shellcheck disable=SC2086
  java $opts -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" "$here/bench/HistoryLoad.java" "$1" "$total" "$writers" "$work/report.json"
}
a=$(load "$work/history.db"); echo "(a) SQLite file     $a"
b=$(load "$url");             echo "(b) PostgreSQL      $b"
rate() { sed -E 's/.* ([0-9.]+) reports\/s.*/\1/' <<< "$1"; }
p99() { sed -E 's/.*p99 ([0-9.]+) ms.*/\1/' <<< "$1"; }
printf 'b/a throughput %.2f   p99 %.2f\n' "$(echo "$(rate "$b") / $(rate "$a")" | bc -l)" "$(echo "$(p99 "$b") / $(p99 "$a")" | bc -l)"
size=$(psql -h 127.0.0.1 -p "$pg_port" -U archgov -d postgres -At -c "SELECT pg_total_relation_size('reports')")
printf 'PostgreSQL reports table: %.1f MiB for %d reports, %.1f MiB per 10,000; SQLite file: %.1f MiB\n' "$(echo "$size / 1048576" | bc -l)" \
    "$total" "$(echo "$size / 1048576 * 10000 / $total" | bc -l)" "$(echo "$(stat -c %s "$work/history.db") / 1048576" | bc -l)"
