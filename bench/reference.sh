# Sourced by the benchmarks: the reference target (../shared/bench/reference-target.txt) fetched through Maven into
# a cache outside the repository, and the runnable jar built if missing. Sets: here, jar, cache, classes (the jars
# as a YAML flow list body).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${ARCHGOV_BENCH_CACHE:-$HOME/.cache/archgov-bench}/reference"
target_list="$here/../shared/bench/reference-target.txt"
jar="$here/cli/target/archgov.jar"
[ -f "$jar" ] || (cd "$here" && mvn -q -B -DskipTests package)
[ -f "$target_list" ] || { echo "missing $target_list" >&2; exit 2; }
mkdir -p "$cache"
grep -v '^#' "$target_list" | grep -v '^\s*$' | while read -r coord; do
  a=$(echo "$coord" | cut -d: -f2); v=$(echo "$coord" | cut -d: -f3)
  [ -f "$cache/$a-$v.jar" ] || mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$coord" -DoutputDirectory="$cache" >&2
done
classes=$(ls "$cache"/*.jar | sed 's/.*/"&"/' | paste -sd, -)
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
