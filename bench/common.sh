# Sourced by every benchmark: here (the repository), jar (the runnable jar, built if missing), launcher_opts (the
# launcher's default JVM options), opts (ARCHGOV_JAVA_OPTS, else the launcher's), median (of numbers on stdin).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/archgov.jar"
[ -f "$jar" ] || (cd "$here" && mvn -q -B -DskipTests package)
launcher_opts="$(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$here/archgov")"
opts="${ARCHGOV_JAVA_OPTS:-$launcher_opts}"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
