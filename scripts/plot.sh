#!/bin/sh
# scripts/plot.sh — draw every figure of a results database with gnuplot.
#
#   scripts/plot.sh [--bench PARVM-BENCH] [--session ID] [--size S] DB [OUTDIR]
#
# Figures go to OUTDIR (default results/plots) as PNG (screens) and PDF (papers); what
# each shows is in docs/plots.md. Medians and 95% intervals are the harness's own
# (`parvm-bench report --format csv`, imported per session into OUTDIR/summary.db, a
# cache rebuilt when a session gains runs); counters are read from DB directly. The
# figures of one session (default: the newest) use one size (default: the size with
# the most successful runs in it); the history figure uses every session at that size.

set -eu

bench=build/bin/parvm-bench
session=
size=
while [ $# -gt 0 ]; do
    case "$1" in
        --bench) bench=$2; shift 2 ;;
        --session) session=$2; shift 2 ;;
        --size) size=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "plot.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: scripts/plot.sh [--bench P] [--session ID] [--size S] DB [OUTDIR]" >&2; exit 2; }
db=$1
out=${2:-results/plots}
here=$(cd "$(dirname "$0")" && pwd)

[ -f "$db" ] || { echo "plot.sh: no database '$db' (run 'make bench' first)" >&2; exit 1; }
[ -x "$bench" ] || { echo "plot.sh: no harness '$bench' (run 'make' first)" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot not found (scripts/install-deps.sh)" >&2; exit 1; }

q() { sqlite3 -batch -noheader "$db" "$@"; }

[ -n "$session" ] || session=$(q "SELECT max(id) FROM sessions")
[ -n "$session" ] || { echo "plot.sh: '$db' holds no session" >&2; exit 1; }
[ -n "$size" ] || size=$(q "SELECT size FROM runs WHERE session_id = $session AND ok = 1 AND NOT warmup
                           GROUP BY size ORDER BY count(*) DESC LIMIT 1")
[ -n "$size" ] || { echo "plot.sh: session $session has no successful run" >&2; exit 1; }

mkdir -p "$out"
sum=$out/summary.db

# --- the summary: the harness's report of every session, typed -----------------------
sqlite3 -batch "$sum" <<'SQL'
CREATE TABLE IF NOT EXISTS report (
    session_id INTEGER, workload TEXT, size TEXT, variant TEXT, threads INTEGER,
    n INTEGER, failed INTEGER, median_s REAL, median_s_lo REAL, median_s_hi REAL,
    speedup REAL, speedup_lo REAL, speedup_hi REAL, vs_gil1 REAL, vs_gil1_lo REAL,
    vs_gil1_hi REAL, overhead REAL, overhead_lo REAL, overhead_hi REAL, abort_rate REAL);
CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, uuid TEXT, started_at TEXT,
    machine TEXT, cpu_model TEXT, cores INTEGER, kernel TEXT, git_commit TEXT,
    git_dirty INTEGER, runs INTEGER);
SQL

# A session is (re)imported when the summary does not have it with the same uuid and
# number of runs (a resumed or merged session changes both).
for sid in $(q "SELECT id FROM sessions ORDER BY id"); do
    key=$(q "SELECT uuid || ' ' || (SELECT count(*) FROM runs WHERE session_id = $sid) FROM sessions WHERE id = $sid")
    have=$(sqlite3 -batch -noheader "$sum" "SELECT uuid || ' ' || runs FROM sessions WHERE id = $sid")
    [ "$key" = "$have" ] && continue
    csv=$out/.report-$sid.csv
    "$bench" report --db "$db" --session "$sid" --format csv > "$csv"
    sqlite3 -batch "$sum" <<SQL
DELETE FROM report WHERE session_id = $sid;
DELETE FROM sessions WHERE id = $sid;
DROP TABLE IF EXISTS import;
.import --csv '$csv' import
INSERT INTO report SELECT $sid, workload, size, variant, threads, n, nullif(failed, ''),
    nullif(median_s, ''), nullif(median_s_lo, ''), nullif(median_s_hi, ''),
    nullif(speedup, ''), nullif(speedup_lo, ''), nullif(speedup_hi, ''),
    nullif(vs_gil1, ''), nullif(vs_gil1_lo, ''), nullif(vs_gil1_hi, ''),
    nullif(overhead, ''), nullif(overhead_lo, ''), nullif(overhead_hi, ''),
    nullif(abort_rate, '') FROM import;
DROP TABLE import;
ATTACH '$db' AS raw;
INSERT INTO sessions SELECT id, uuid, started_at, machine, cpu_model, cores, kernel,
    git_commit, git_dirty, (SELECT count(*) FROM raw.runs WHERE session_id = $sid)
    FROM raw.sessions WHERE id = $sid;
SQL
    rm -f "$csv"
done

# --- footnote: where the numbers come from -------------------------------------------
reps=$(q "SELECT coalesce(max(c), 0) FROM (SELECT count(*) c FROM runs WHERE session_id = $session
          AND size = '$size' AND ok = 1 AND NOT warmup GROUP BY variant, workload, threads)")
foot1=$(q "SELECT printf('parvm %s%s, session %d of %s, %s; %s size, median of <= %d runs, 95%% bootstrap CI',
             substr(coalesce(git_commit, 'unknown'), 1, 10),
             CASE git_dirty WHEN 1 THEN ' (dirty)' ELSE '' END, id, '$(basename "$db")',
             substr(started_at, 1, 10), '$size', $reps)
           FROM sessions WHERE id = $session" | tr "'\"" '  ')
foot2=$(q "SELECT printf('machine %s: %s, %d cores, %s', machine, cpu_model, cores,
             CASE WHEN instr(kernel, ' #') > 0 THEN substr(kernel, 1, instr(kernel, ' #') - 1) ELSE kernel END)
           FROM sessions WHERE id = $session" | tr "'\"" '  ')

gp() {
    gnuplot -e "dir='$here/plots'; sum='$sum'; db='$db'; out='$out'; session=$session; size='$size'; foot1='$foot1'; foot2='$foot2'" "$@"
}

gp -e "metric='speedup'" "$here/plots/scaling.gp"
gp -e "metric='time'" "$here/plots/scaling.gp"
for f in overhead counters history; do gp "$here/plots/$f.gp"; done

npng=0; npdf=0
for f in "$out"/*.png; do [ -e "$f" ] && npng=$((npng + 1)); done
for f in "$out"/*.pdf; do [ -e "$f" ] && npdf=$((npdf + 1)); done
echo "plots of session $session ($size) in $out/: $npng PNG and $npdf PDF"
