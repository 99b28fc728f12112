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
bin=$(dirname "$(readlink -f "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")")
as_pg=(); [ "$(id -u)" -ne 0 ] || { as_pg=(runuser -u postgres --); chown postgres "$work"; chmod 755 "$work"; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$work/pg" -A trust -U archgov -E UTF8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/pg" -w -l "$work/pg.log" -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
url="jdbc:postgresql://127.0.0.1:$port/postgres?user=archgov"
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
size=$(psql -h 127.0.0.1 -p "$port" -U archgov -d postgres -At -c "SELECT pg_total_relation_size('reports')")
printf 'PostgreSQL reports table: %.1f MiB for %d reports, %.1f MiB per 10,000; SQLite file: %.1f MiB\n' "$(echo "$size / 1048576" | bc -l)" \
    "$total" "$(echo "$size / 1048576 * 10000 / $total" | bc -l)" "$(echo "$(stat -c %s "$work/history.db") / 1048576" | bc -l)"
