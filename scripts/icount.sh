#!/usr/bin/env bash
# scripts/icount.sh — single-thread cost of each build in instructions executed, a
# measure that does not move with the machine's load: each workload runs once per
# build at one thread under valgrind (cachegrind, cache simulation off), which counts
# every instruction the process executes, start-up included. Two runs of the same
# binary differ by less than 0.001%; wall time on this shared VM moves by 5-30%.
# Instructions are not time (a cache miss costs more than an add), so this answers
# "how much more work does a build do", and wall time "how much longer does it take".
#
#   scripts/icount.sh [-s SIZE] [-w LIST] [-b LIST]
#     -s SIZE   workload size (default small)
#     -w LIST   comma-separated workloads (default: every workloads/*.py)
#     -b LIST   builds, from gil, none, nogil, stm (solo transactions on one thread,
#               the default) and stm-full (--stm-solo 0: the full protocol); default
#               gil,nogil,stm,stm-full. The first one is the baseline of the ratios.
#
# valgrind cannot reserve the heap's normal 64 GiB of address space, so the builds
# measured here are the release builds with a 4 GiB reservation, in build/vg (`make
# BUILD=build/vg`); nothing else differs. Prints one line per workload, then the
# geometric mean of each ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
size=small workloads="" builds=gil,nogil,stm,stm-full
while getopts "s:w:b:h" o; do
  case $o in
    s) size=$OPTARG ;;
    w) workloads=$OPTARG ;;
    b) builds=$OPTARG ;;
    *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; [ "$o" = h ] && exit 0 || exit 2 ;;
  esac
done
command -v valgrind >/dev/null || { echo "icount.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -n "$workloads" ] || workloads=$(ls workloads/*.py | xargs -n1 basename | sed 's/\.py$//' | grep -v '^parvm$' | paste -sd, -)
IFS=, read -ra W <<< "$workloads"
IFS=, read -ra B <<< "$builds"
need=()
for b in "${B[@]}"; do
  case $b in
    gil|none|nogil|stm) need+=("build/vg/bin/parvm-$b") ;;
    stm-full) need+=("build/vg/bin/parvm-stm") ;;
    *) echo "icount.sh: unknown build '$b' (gil, none, nogil, stm, stm-full)" >&2; exit 2 ;;
  esac
done
for w in "${W[@]}"; do
  [ -f "workloads/$w.py" ] || { echo "icount.sh: no workload workloads/$w.py" >&2; exit 2; }
done
make -s BUILD=build/vg CFLAGS=-DPV_HEAP_RESERVE=4294967296UL $(printf '%s\n' "${need[@]}" | sort -u) >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-14s' workload
for b in "${B[@]}"; do printf ' %14s' "$b"; done
for b in "${B[@]:1}"; do printf ' %10s' "$b/${B[0]}"; done
printf '\n'
declare -A logsum
for w in "${W[@]}"; do
  declare -A ir=()
  for b in "${B[@]}"; do
    v=${b%-full} extra=()
    [ "$b" = stm-full ] && extra=(--stm-solo 0)
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
      "build/vg/bin/parvm-$v" --bench "workloads/$w.py" --threads 1 --size "$size" \
      --stats "$tmp/stats" --events none "${extra[@]}" > "$tmp/out" 2> "$tmp/err" ||
      { echo "icount.sh: $w on $b failed:" >&2; tail -5 "$tmp/err" >&2; exit 1; }
    grep -q $'^ok\t1$' "$tmp/stats" || { echo "icount.sh: $w on $b: wrong result" >&2; exit 1; }
    ir[$b]=$(sed -n 's/^==[0-9]*== I *refs: *//p' "$tmp/err" | tr -d ,)
  done
  printf '%-14s' "$w"
  for b in "${B[@]}"; do printf ' %14s' "${ir[$b]}"; done
  for b in "${B[@]:1}"; do
    r=$(awk -v a="${ir[$b]}" -v z="${ir[${B[0]}]}" 'BEGIN { printf "%.4f", a / z }')
    logsum[$b]=$(awk -v s="${logsum[$b]:-0}" -v r="$r" 'BEGIN { printf "%.8f", s + log(r) }')
    printf ' %10s' "$r"
  done
  printf '\n'
  unset ir
done
printf '%-14s' geomean
for b in "${B[@]}"; do printf ' %14s' ""; done
for b in "${B[@]:1}"; do
  awk -v s="${logsum[$b]}" -v n="${#W[@]}" 'BEGIN { printf " %10.4f", exp(s / n) }'
done
printf '\n'
