#!/usr/bin/env bash
# scripts/icount.sh — single-thread cost of each build in instructions executed, a
# measure that does not move with the machine's load: each workload runs once per
# build at one thread under valgrind (cachegrind, cache simulation off), which counts
# every instruction the process executes, start-up included. Two runs of the same
# binary differ by less than 0.001%; wall time on this shared VM moves by 5-30%.
# Instructions are not time (a cache miss costs more than an add), so this answers
# "how much more work does a build do", and wall time "how much longer does it take".
#
#   scripts/icount.sh [-s SIZE] [-w LIST] [-b LIST] [-r REV [-t PCT]] [-o FILE]
#   scripts/icount.sh -b LIST -R NOW,REF [-t PCT]
#     -s SIZE   workload size (default small)
#     -w LIST   comma-separated workloads (default: every workloads/*.py)
#     -b LIST   builds, from gil, none, nogil, stm (solo transactions on one thread,
#               the default) and stm-full (--stm-solo 0: the full protocol); default
#               gil,nogil,stm,stm-full. The first one is the baseline of the ratios.
#     -r REV    also measure git revision REV (extracted and built in build/ref/COMMIT,
#               the same workloads run on both) and judge: a build whose ratio to the
#               baseline grew by more than PCT per cent on any workload since REV is a
#               regression (exit 1). The baseline's own count is shown, not judged.
#     -t PCT    that threshold (default 2; the counts are exact, so it can be tight)
#     -o FILE   also keep the counts, one line "workload build instructions" each
#               (with -r, the reference's go to FILE.ref)
#     -R NOW,REF  measure nothing: judge two such files (-o's), as -r would; how the
#               decision is tested (tests/harness/e2e.sh)
#
# valgrind cannot reserve the heap's normal 64 GiB of address space, so the builds
# measured here are the release builds with a 4 GiB reservation, in build/vg (`make
# BUILD=build/vg`); nothing else differs. Prints one line per workload, then the
# geometric mean of each ratio. Exit status: 0, 1 (a failed run, a failed reference
# build, a regression), 2 (bad arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
size=small workloads="" builds=gil,nogil,stm,stm-full ref="" threshold=2 keep="" replay=""
while getopts "s:w:b:r:t:o:R:h" o; do
  case $o in
    s) size=$OPTARG ;;
    w) workloads=$OPTARG ;;
    b) builds=$OPTARG ;;
    r) ref=$OPTARG ;;
    t) threshold=$OPTARG ;;
    o) keep=$OPTARG ;;
    R) replay=$OPTARG ;;
    *) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; [ "$o" = h ] && exit 0 || exit 2 ;;
  esac
done
IFS=, read -ra B <<< "$builds"
need=()
for b in "${B[@]}"; do
  case $b in
    gil|none|nogil|stm) need+=("build/vg/bin/parvm-$b") ;;
    stm-full) need+=("build/vg/bin/parvm-stm") ;;
    *) echo "icount.sh: unknown build '$b' (gil, none, nogil, stm, stm-full)" >&2; exit 2 ;;
  esac
done
[[ $threshold =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || { echo "icount.sh: -t: '$threshold' is not a number" >&2; exit 2; }
tmp=$(mktemp -d)
refpid=""
trap '[ -z "$refpid" ] || kill "$refpid" 2>/dev/null; rm -rf "$tmp"' EXIT
havref=""
if [ -n "$replay" ]; then
  IFS=, read -r nowf reff <<< "$replay"
  for f in "$nowf" "$reff"; do
    [ -n "$f" ] && [ -f "$f" ] || { echo "icount.sh: -R: needs NOW,REF, two files of counts ('$replay')" >&2; exit 2; }
  done
  cp "$nowf" "$tmp/now"; cp "$reff" "$tmp/ref"; havref=1
else
command -v valgrind >/dev/null || { echo "icount.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -n "$workloads" ] || workloads=$(ls workloads/*.py | xargs -n1 basename | sed 's/\.py$//' | grep -v '^parvm$' | paste -sd, -)
IFS=, read -ra W <<< "$workloads"
for w in "${W[@]}"; do
  [ -f "workloads/$w.py" ] || { echo "icount.sh: no workload workloads/$w.py" >&2; exit 2; }
done
need=($(printf '%s\n' "${need[@]}" | sort -u))
vgmake() { make -s -C "$1" BUILD=build/vg CFLAGS=-DPV_HEAP_RESERVE=4294967296UL "${need[@]}" >&2; }
refdir=""
if [ -n "$ref" ]; then
  commit=$(git rev-parse --verify --quiet "$ref^{commit}" 2>/dev/null) ||
    { echo "icount.sh: -r: '$ref' is not a commit of this repository" >&2; exit 2; }
fi
vgmake .
if [ -n "$ref" ]; then
  refdir=build/ref/$commit
  if [ ! -f "$refdir/Makefile" ]; then
    mkdir -p "$refdir"
    git archive "$commit" | tar -x -C "$refdir"
  fi
  echo "== icount: reference $(git log -1 --format='%h (%s)' "$commit"), built in $refdir/build/vg" >&2
  vgmake "$refdir" || { echo "icount.sh: FAILED: the reference $commit does not build" >&2; exit 1; }
  havref=1
fi

# measure ROOT OUT: one line "workload build instructions" per cell into OUT, with
# ROOT/build/vg's binaries and this tree's workloads.
measure() {
  local root=$1 out=$2 w b v
  : > "$out"
  for w in "${W[@]}"; do
    for b in "${B[@]}"; do
      v=${b%-full}
      local extra=()
      [ "$b" = stm-full ] && extra=(--stm-solo 0)
      if ! valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
          "$root/build/vg/bin/parvm-$v" --bench "workloads/$w.py" --threads 1 --size "$size" \
          --stats "$out.stats" --events none "${extra[@]}" > /dev/null 2> "$out.err"; then
        echo "icount.sh: $w on $b ($root) failed:" >&2; tail -5 "$out.err" >&2; return 1
      fi
      grep -q $'^ok\t1$' "$out.stats" || { echo "icount.sh: $w on $b ($root): wrong result" >&2; return 1; }
      echo "$w $b $(sed -n 's/^==[0-9]*== I *refs: *//p' "$out.err" | tr -d ,)" >> "$out"
    done
  done
}

# The two sides at once: the counts do not depend on the load, and there are two cores.
if [ -n "$refdir" ]; then measure "$refdir" "$tmp/ref" & refpid=$!; fi
measure . "$tmp/now"
if [ -n "$refdir" ]; then wait "$refpid" || { refpid=""; exit 1; }; refpid=""; fi
if [ -n "$keep" ]; then cp "$tmp/now" "$keep"; [ -z "$refdir" ] || cp "$tmp/ref" "$keep.ref"; fi
fi

awk -v base="${B[0]}" -v builds="$builds" -v haveref="$havref" -v thr="$threshold" '
  FILENAME ~ /now$/ { now[$1, $2] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++nw] = $1 } }
  FILENAME ~ /ref$/ { ref[$1, $2] = $3 }
  function cell(a, w, b) {   # a count, or exit 2 naming the cell that lacks one
    if (!((w, b) in a) || a[w, b] + 0 <= 0) { printf "icount.sh: no count for %s on %s\n", w, b > "/dev/stderr"; exit 2 }
    return a[w, b]
  }
  END {
    nb = split(builds, B, ",")
    if (nw == 0) { print "icount.sh: no counts to judge" > "/dev/stderr"; exit 2 }
    for (i = 1; i <= nw; i++) for (j = 1; j <= nb; j++) {
      cell(now, order[i], B[j])
      if (haveref) cell(ref, order[i], B[j])
    }
    printf "%-14s", "workload"
    for (j = 1; j <= nb; j++) printf " %14s", B[j]
    for (j = 2; j <= nb; j++) printf " %12s", B[j] "/" base
    if (haveref) for (j = 2; j <= nb; j++) printf " %14s", B[j] " vs ref"
    printf "\n"
    bad = 0
    for (i = 1; i <= nw; i++) {
      w = order[i]
      printf "%-14s", w
      for (j = 1; j <= nb; j++) printf " %14s", now[w, B[j]]
      for (j = 2; j <= nb; j++) {
        r = now[w, B[j]] / now[w, base]; lr[j] += log(r)
        printf " %12.4f", r
      }
      if (haveref) for (j = 2; j <= nb; j++) {
        c = (now[w, B[j]] / now[w, base]) / (ref[w, B[j]] / ref[w, base]); lc[j] += log(c)
        flag = c > 1 + thr / 100 ? "!" : " "
        if (flag == "!") { bad++; worst = worst sprintf("  %s on %s: %+.2f%% against the reference\n", B[j], w, (c - 1) * 100) }
        printf " %13.4f%s", c, flag
      }
      printf "\n"
    }
    printf "%-14s", "geomean"
    for (j = 1; j <= nb; j++) printf " %14s", ""
    for (j = 2; j <= nb; j++) printf " %12.4f", exp(lr[j] / nw)
    if (haveref) for (j = 2; j <= nb; j++) printf " %14.4f", exp(lc[j] / nw)
    printf "\n"
    if (haveref) {
      printf "%s itself against the reference (not judged):", base
      for (i = 1; i <= nw; i++) { w = order[i]; g += log(now[w, base] / ref[w, base]) }
      printf " geometric mean %.4f\n", exp(g / nw)
      if (bad) { printf "icount: %d regression(s) beyond %s%% (ratio to %s, against the reference):\n%s", bad, thr, base, worst; exit 1 }
      printf "icount: no build'"'"'s instructions grew beyond %s%% against the reference\n", thr
    }
  }' "$tmp/now" ${havref:+"$tmp/ref"}
