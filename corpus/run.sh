#!/usr/bin/env bash
# The real-code corpus: builds each application of corpus/apps.tsv from its snapshot at the pinned commit and runs
# archgov check with the four domain packs over it, one JSON report per application.
#
#   corpus/run.sh SNAPSHOTS [APP ...]
#
# SNAPSHOTS holds one directory per application, named owner+name (e.g. TURIN118+SeckillMall), with the repository's
# tree at the manifest's commit (git archive COMMIT | tar -x). Snapshots are not part of this repository: licences
# and size. The build runs inside the snapshot (target/ directories appear there); archgov itself writes only to
# $CORPUS_OUT (default corpus/out, ignored by git): <app>/build.log, <app>/archgov.yaml, <app>/archgov-report.json.
# Then corpus/score.sh compares the reports with the verdicts in corpus/verdicts/.
#   CORPUS_SKIP_BUILD=1  analyse the classes an earlier run built, without building again (iterating on the rules)
#   ARCHGOV_JAR  run this archgov jar (java -jar) instead of the repository's launcher, e.g. a copy that a rebuild
#                of the work tree does not replace while the corpus runs
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
[ $# -ge 1 ] || { echo "usage: corpus/run.sh SNAPSHOTS [APP ...]" >&2; exit 2; }
snapshots="$(cd "$1" && pwd)" || exit 2
shift
out="${CORPUS_OUT:-$here/out}"
mkdir -p "$out"

# smartjavaai's build asks for JDK toolchains by version: declare them, all pointing at the running JDK.
corpus_toolchains() {
  local home; home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  { echo '<toolchains>'
    for v in "$@"; do
      echo "<toolchain><type>jdk</type><provides><version>$v</version></provides><configuration><jdkHome>$home</jdkHome></configuration></toolchain>"
    done
    echo '</toolchains>'; } > .archgov-toolchains.xml
}

wanted=" $* "
summary=()
while IFS=$'\t' read -r app repository commit prepare build classes packs notes; do
  [ "$app" = app ] && continue
  [ $# -eq 0 ] || [[ "$wanted" == *" $app "* ]] || continue
  src="$snapshots/${repository/\//+}"
  dest="$out/$app"
  mkdir -p "$dest"
  if [ ! -d "$src" ]; then
    summary+=("$app: no snapshot at $src (git archive $commit of $repository)")
    continue
  fi
  echo "== $app ($repository @ ${commit:0:12}): $build" >&2
  built=complete
  if [ "${CORPUS_SKIP_BUILD:-0}" = 1 ]; then
    echo "== $app: not built again (CORPUS_SKIP_BUILD)" >&2
  elif ! (cd "$src" && { [ "$prepare" = - ] || eval "$prepare"; } && eval "$build") >"$dest/build.log" 2>&1; then
    built=partial # -fae builds what it can: analyse the modules that compiled, and say so
  fi
  # the contract: every domain pack over the modules' classes that the build produced, with their sources
  cls=(); srcs=()
  IFS=',' read -ra dirs <<<"$classes"
  for d in "${dirs[@]}"; do
    [ -d "$src/$d" ] || continue
    cls+=("\"$src/$d\"")
    module="${d%/target/classes}"; [ "$module" = target/classes ] && module=.
    [ -d "$src/$module/src/main/java" ] && srcs+=("\"$src/$module/src/main/java\"")
  done
  if [ ${#cls[@]} -eq 0 ]; then
    summary+=("$app: the build left none of $classes (see $dest/build.log)")
    continue
  fi
  { echo "version: 1"
    echo "name: $app"
    echo "extends: [builtin:lock, builtin:cache, builtin:pool, builtin:saga]"
    echo "analyze:"
    echo "  classes: [$(IFS=,; echo "${cls[*]}")]"
    echo "  sources: [$(IFS=,; echo "${srcs[*]}")]"
  } >"$dest/archgov.yaml"
  if [ -n "${ARCHGOV_JAR:-}" ]; then archgov=(java -Xmx2g -XX:+UseParallelGC -jar "$ARCHGOV_JAR"); else archgov=("$repo/archgov"); fi
  "${archgov[@]}" check "$dest/archgov.yaml" --format json,text --output "$dest" --no-cache --color never >"$dest/check.log" 2>&1
  rc=$?
  if [ $rc -gt 1 ]; then
    summary+=("$app: archgov exited $rc (see $dest/check.log)")
    continue
  fi
  summary+=("$app: $(grep -m1 -E '^(PASSED|FAILED)' "$dest/check.log")$([ "$built" = partial ] && echo " (partial build: see $dest/build.log)")")
done <"$here/apps.tsv"
printf '%s\n' "${summary[@]}"
