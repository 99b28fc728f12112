# Sourced by the benchmarks: the reference target (bench/reference-target.txt, in the repository) fetched through Maven into
# a cache outside the repository (and common.sh: here, jar, opts, median). Sets: cache, classes (the jars as a YAML
# flow list body).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cache="${ARCHGOV_BENCH_CACHE:-$HOME/.cache/archgov-bench}/reference"
target_list="$here/bench/reference-target.txt"
[ -f "$target_list" ] || { echo "missing $target_list" >&2; exit 2; }
mkdir -p "$cache"
grep -v '^#' "$target_list" | grep -v '^\s*$' | while read -r coord; do
  a=$(echo "$coord" | cut -d: -f2); v=$(echo "$coord" | cut -d: -f3)
  [ -f "$cache/$a-$v.jar" ] || mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$coord" -DoutputDirectory="$cache" >&2
done
classes=$(ls "$cache"/*.jar | sed 's/.*/"&"/' | paste -sd, -)
