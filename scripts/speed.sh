#!/usr/bin/env bash
# scripts/speed.sh — single-thread speed of parvm builds against CPython 3.11 (and PyPy
# when installed) on the CPU-bound workloads, measured side by side.
#
#   scripts/speed.sh [-n REPS] [-s SIZE] [-b BUILD_DIR] [WORKLOAD...]
#
# Each program runs as run(1, SIZES[SIZE]) in benchmark mode (parvm) or through
# scripts/pyrun.py (CPython, PyPy), REPS times, interleaved; the table gives the fastest
# wall time of the measured region per interpreter and the ratio parvm/CPython (below 1
# means parvm is faster), with the geometric mean over programs. Fastest-of-N is used
# because the question is the interpreter's speed, not the machine's noise.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=5 size=small bindir=build/bin
while getopts "n:s:b:h" o; do
  case $o in
    n) reps=$OPTARG ;; s) size=$OPTARG ;; b) bindir=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
progs=("$@")
[ ${#progs[@]} -gt 0 ] || progs=(richards spectralnorm fannkuch nbody wordcount raytrace nqueens mandelbrot bintrees)
interps=()
for v in gil none; do [ -x "$bindir/parvm-$v" ] && interps+=("parvm-$v"); done
interps+=(cpython)
command -v pypy3 >/dev/null && interps+=(pypy)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

wall() {   # interp file -> wall ns of the measured region
  local i=$1 f=$2 out="$tmp/rec"
  case $i in
    parvm-*) "$bindir/$i" --bench "$f" --threads 1 --size "$size" --stats "$out" --events none >/dev/null ;;
    cpython) python3 scripts/pyrun.py --bench "$f" --threads 1 --size "$size" --stats "$out" >/dev/null ;;
    pypy)    pypy3 scripts/pyrun.py --bench "$f" --threads 1 --size "$size" --stats "$out" >/dev/null ;;
  esac
  grep -q '^ok	1' "$out" || { echo "wrong result: $i $f" >&2; exit 1; }
  awk -F'\t' '$1=="wall_ns"{print $2}' "$out"
}

file_of() { if [ -f "workloads/$1.py" ]; then echo "workloads/$1.py"; else echo "bench/$1.py"; fi; }

printf '%-14s' program; for i in "${interps[@]}"; do printf '%14s' "$i"; done
for i in "${interps[@]}"; do [ "$i" = cpython ] || printf '%15s' "$i/cpy"; done; echo
declare -A logsum
for p in "${progs[@]}"; do
  f=$(file_of "$p")
  declare -A best=()
  for ((r = 0; r < reps; r++)); do
    for i in "${interps[@]}"; do
      w=$(wall "$i" "$f")
      if [ -z "${best[$i]:-}" ] || [ "$w" -lt "${best[$i]}" ]; then best[$i]=$w; fi
    done
  done
  printf '%-14s' "$p"
  for i in "${interps[@]}"; do awk -v w="${best[$i]}" 'BEGIN{printf "%13.3fs", w / 1e9}'; done
  for i in "${interps[@]}"; do
    [ "$i" = cpython ] && continue
    ratio=$(awk -v a="${best[$i]}" -v b="${best[cpython]}" 'BEGIN{printf "%.6f", a / b}')
    logsum[$i]=$(awk -v s="${logsum[$i]:-0}" -v r="$ratio" 'BEGIN{printf "%.9f", s + log(r)}')
    printf '%15.2f' "$ratio"
  done
  echo
  unset best
done
printf '%-14s' geomean; for i in "${interps[@]}"; do printf '%14s' ""; done
for i in "${interps[@]}"; do
  [ "$i" = cpython ] && continue
  awk -v s="${logsum[$i]}" -v n="${#progs[@]}" 'BEGIN{printf "%15.2f", exp(s / n)}'
done
echo
