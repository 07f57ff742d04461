#!/usr/bin/env bash
# scripts/zerocost.sh — evidence that a build pays nothing for the hooks it does not
# need: compares, object file by object file, the machine code of the core compiled for
# two variants (default gil and none). For each file it counts the instructions whose
# mnemonic differs after an alignment-insensitive diff (nop padding and operands such
# as field offsets are ignored: the builds' thread states differ in size, which moves
# field offsets without changing the code).
#
#   scripts/zerocost.sh [VARIANT_A [VARIANT_B]]     (after `make`)
set -euo pipefail
cd "$(dirname "$0")/.."
a=${1:-gil} b=${2:-none}
for v in "$a" "$b"; do
  [ -d "build/obj/$v/core" ] || { echo "build/obj/$v/core missing: run make first" >&2; exit 2; }
done
mnemonics() {
  objdump -d --no-show-raw-insn "$1" |
    awk -F'\t' 'NF >= 2 { split($2, w, " "); m = w[1]; if (m !~ /^(nop|data16|cs|xchg)/) print m }'
}
printf '%-14s %12s %10s\n' file instructions differing
total=0 differ=0
for o in build/obj/"$a"/core/*.o; do
  f=$(basename "$o")
  [ -f "build/obj/$b/core/$f" ] || continue
  mnemonics "$o" > "${TMPDIR:-/tmp}/zc.$$.a"
  mnemonics "build/obj/$b/core/$f" > "${TMPDIR:-/tmp}/zc.$$.b"
  n=$(wc -l < "${TMPDIR:-/tmp}/zc.$$.a")
  d=$(diff "${TMPDIR:-/tmp}/zc.$$.a" "${TMPDIR:-/tmp}/zc.$$.b" | grep -c '^[<>]' || true)
  printf '%-14s %12d %10d\n' "${f%.o}" "$n" "$d"
  total=$((total + n)); differ=$((differ + d))
done
rm -f "${TMPDIR:-/tmp}/zc.$$.a" "${TMPDIR:-/tmp}/zc.$$.b"
printf '%-14s %12d %10d\n' total "$total" "$differ"
