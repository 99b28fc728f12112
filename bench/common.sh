# Sourced by every benchmark: here (the repository), jar (the runnable jar, built if missing), launcher_opts (the
# launcher's default JVM options), opts (ARCHGOV_JAVA_OPTS, else the launcher's), median (of numbers on stdin).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/archgov.jar"
[ -f "$jar" ] || (cd "$here" && mvn -q -B -DskipTests package)
launcher_opts="$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$here/archgov")"
opts="${ARCHGOV_JAVA_OPTS:-$launcher_opts}"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# start_postgres DIR: a throw-away PostgreSQL cluster in DIR from the machine's server binaries (Debian's postgresql; run
# as the postgres user when we are root, which PostgreSQL refuses), user archgov, no password. Sets pg_port and
# pg_url (the postgres database); stop_postgres DIR stops it (call it from the script's EXIT trap).
start_postgres() {
  pg_bin=$(dirname "$(readlink -f "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")")
  pg_as=(); [ "$(id -u)" -ne 0 ] || { pg_as=(runuser -u postgres --); chown postgres "$1"; chmod 755 "$1"; }
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${pg_as[@]}" "$pg_bin/initdb" -D "$1/pg" -A trust -U archgov -E UTF8 >/dev/null
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$1/pg" -w -l "$1/pg.log" -o "-p $pg_port -k $1 -c listen_addresses=127.0.0.1" start >/dev/null
  pg_url="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=archgov"
}
stop_postgres() { [ -z "${pg_bin:-}" ] || "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$1/pg" -m immediate stop >/dev/null 2>&1 || true; }
