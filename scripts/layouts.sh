#!/usr/bin/env bash
# scripts/layouts.sh — single-thread overhead of the builds against the GIL build,
# measured over several code layouts instead of one.
#
#   scripts/layouts.sh [-p PADS] [-v VARIANTS] [-s SIZE] [-n REPS] [-w WORKLOADS]
#                      [-d DB]
#
#   -p PADS       eval-loop shifts in bytes beside the default layout (0), comma-
#                 separated multiples of 16 below 64 (default 16,32,48)
#   -v VARIANTS   parvm builds (default gil,nogil,stm; gil is the baseline)
#   -s SIZE       workload size (default small)
#   -n REPS       repetitions per cell and layout (default 5)
#   -w WORKLOADS  comma-separated workload names (default every workload)
#   -d DB         results database (default results/layouts.db; sessions accumulate)
#
# Why: where an interpreter's hot loop falls within its cache lines moves a workload's
# time by several percent either way (docs/speed.md, "Code layout"), as much as the
# overheads being measured. Each layout is the same source built with the eval loop's
# body shifted by PAD bytes (make LAYOUT_PAD=PAD, into build/layoutPAD; pad 0 is the
# normal build in build/bin). Every layout is one `parvm-bench run` session in DB, so
# each stays reportable on its own (parvm-bench report --db DB --session ID), and the
# build flags recorded with it name the layout. The summary gives, per layout, the
# geometric-mean overhead of every build; then, per workload, the time averaged over
# the layouts (geometric mean of the per-layout medians) of each build, its overhead
# against gil averaged the same way, and the spread (slowest layout over fastest) of
# each build's time. The layout-averaged overhead does not depend on which layout of
# one build is paired with which of another.
set -euo pipefail
cd "$(dirname "$0")/.."
pads=16,32,48 variants=gil,nogil,stm size=small reps=5 workloads="" db=results/layouts.db
while getopts "p:v:s:n:w:d:h" o; do
  case $o in
    p) pads=$OPTARG ;; v) variants=$OPTARG ;; s) size=$OPTARG ;;
    n) reps=$OPTARG ;; w) workloads=$OPTARG ;; d) db=$OPTARG ;;
    h) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { echo "layouts.sh: unexpected argument '$1' (see -h)" >&2; exit 2; }
IFS=, read -ra padlist <<<"$pads"
for p in "${padlist[@]}"; do
  [[ $p =~ ^[0-9]+$ ]] && [ "$p" -gt 0 ] && [ "$p" -lt 64 ] && [ $((p % 16)) -eq 0 ] ||
    { echo "layouts.sh: -p: '$p' is not 16, 32 or 48" >&2; exit 2; }
done
case ",$variants," in *,gil,*) ;; *) echo "layouts.sh: -v must include gil (the baseline)" >&2; exit 2 ;; esac

echo "== building the default layout and ${#padlist[@]} shifted ones (${pads})"
make -s all
for p in "${padlist[@]}"; do make -s LAYOUT_PAD="$p" variants; done

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$db")"
sessions=()
for p in 0 "${padlist[@]}"; do
  bindir=build/bin; [ "$p" = 0 ] || bindir=build/layout$p/bin
  echo "== layout $p ($bindir): $variants; size $size, one thread, $reps repetitions -> $db"
  build/bin/parvm-bench run --db "$db" --bin-dir "$bindir" --variants "$variants" \
    --sizes "$size" --threads 1 --reps "$reps" ${workloads:+--workloads "$workloads"}
  sid=$(sqlite3 "$db" "SELECT max(id) FROM sessions")
  sessions+=("$sid")
  build/bin/parvm-bench report --db "$db" --session "$sid" --format csv |
    awk -v pad="$p" -v sid="$sid" 'NR > 1 { print pad "," sid "," $0 }' >>"$tmp/all.csv"
done

echo "== sessions ${sessions[*]} (layouts 0 ${padlist[*]})"
# The per-layout reports, combined in SQLite (its math functions give the logs).
sqlite3 :memory: <<EOF
CREATE TABLE r (pad INTEGER, session INTEGER, workload TEXT, size TEXT, variant TEXT,
  threads INTEGER, n INTEGER, failed INTEGER, median_s REAL, median_s_lo, median_s_hi,
  speedup, speedup_lo, speedup_hi, vs_gil1, vs_gil1_lo, vs_gil1_hi,
  overhead REAL, overhead_lo, overhead_hi, abort_rate);
.mode csv
.import $tmp/all.csv r
.mode column
.headers on
DELETE FROM r WHERE median_s = '' OR workload LIKE 'geomean%' OR CAST(n AS INTEGER) = 0;

SELECT pad, session, variant, count(*) AS workloads,
       printf('%.3f', exp(avg(ln(overhead)))) AS overhead_geomean
  FROM r WHERE threads = 1 AND variant <> 'gil' AND overhead <> ''
  GROUP BY pad, variant ORDER BY variant, pad;
-- Per workload and build: geometric mean over layouts of the median time, and spread.
CREATE TABLE a AS
  SELECT workload, size, variant, count(*) AS layouts,
         exp(avg(ln(median_s))) AS t, max(median_s) / min(median_s) AS spread
    FROM r WHERE threads = 1 GROUP BY workload, size, variant;
SELECT a.workload, a.variant, a.layouts,
       printf('%.1f', a.t * 1000) AS ms_layout_avg,
       printf('%.3f', a.t / g.t) AS overhead_layout_avg,
       printf('%.3f', a.spread) AS spread
  FROM a JOIN a g ON g.workload = a.workload AND g.size = a.size AND g.variant = 'gil'
  ORDER BY a.workload, a.variant;
SELECT a.variant, count(*) AS workloads,
       printf('%.3f', exp(avg(ln(a.t / g.t)))) AS overhead_layout_avg_geomean,
       printf('%.3f', max(a.spread)) AS worst_spread
  FROM a JOIN a g ON g.workload = a.workload AND g.size = a.size AND g.variant = 'gil'
  GROUP BY a.variant ORDER BY a.variant;
EOF
