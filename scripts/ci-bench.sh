#!/bin/sh
# scripts/ci-bench.sh — the single-thread overhead check that CI runs, and the
# baseline it compares with. Called by `make ci-bench` and `make baseline`.
#
#   scripts/ci-bench.sh --variants L [--bench P] [--reps N] --db DB --baseline B [--threshold PCT]
#                       [--replay DB1[,DB2]]
#   scripts/ci-bench.sh --variants L [--bench P] [--reps N] --write-baseline B
#
# Measures every workload at size small, 1 thread, on the parvm builds L (interleaved
# by the harness), N repetitions (default 80 / number of builds: about 5 minutes on
# a 2-core machine) into DB, and compares with B through `parvm-bench compare`.
# Verdicts (threshold AND 95% bootstrap interval above 1, see docs/ci.md):
#   * any failed run in a measurement (crash, timeout, error, wrong result, bad
#     record; warm-ups included) fails CI (exit 1), naming variant, workload and failure;
#   * overhead ratios (variant/gil now vs then) count always: they hold across machines;
#   * time ratios count only when B was measured on the same machine (name and CPU).
# A suspected regression is measured once more (its workloads only); CI fails (exit 1)
# only when the same cell regresses in both measurements. The table is printed always.
# Exit status: 0 pass, 1 failed runs or a confirmed regression, 2 bad arguments.
#
# --replay DB1[,DB2] measures nothing: measurement i is instead the sessions of DBi,
# merged into DB with `parvm-bench merge` (its newest session is then judged). It runs
# the whole decision in seconds on prepared databases (tests/harness/e2e.sh does so)
# or re-judges a measurement taken elsewhere. A second measurement that is needed but
# has no DB2 is an error (exit 2). --variants and --reps are then not needed.

set -eu

bench=build/bin/parvm-bench
variants=""; reps=""; db=""; baseline=""; threshold=10; write=""; replay=""
while [ $# -gt 0 ]; do
    case "$1" in
        --bench) bench=$2; shift 2 ;;
        --variants) variants=$2; shift 2 ;;
        --reps) reps=$2; shift 2 ;;
        --db) db=$2; shift 2 ;;
        --baseline) baseline=$2; shift 2 ;;
        --threshold) threshold=$2; shift 2 ;;
        --write-baseline) write=$2; shift 2 ;;
        --replay) replay=$2; shift 2 ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "ci-bench.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
[ -n "$variants" ] || [ -n "$replay" ] || { echo "ci-bench.sh: --variants is required" >&2; exit 2; }
[ -z "$replay" ] || [ -z "$write" ] || { echo "ci-bench.sh: --replay cannot write a baseline" >&2; exit 2; }
[ -x "$bench" ] || { echo "ci-bench.sh: no harness '$bench' (run 'make' first)" >&2; exit 1; }
nv=$(echo "$variants" | tr ',' '\n' | grep -c . || true)
[ -n "$reps" ] || reps=$(( nv > 0 && 80 / nv > 10 ? 80 / nv : 10 ))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure DB [WORKLOADS] — one session of the overhead matrix (or, with --replay, the
# next replayed database merged into DB).
nmeasured=0
measure() {
    nmeasured=$((nmeasured + 1))
    if [ -n "$replay" ]; then
        src=$(echo "$replay" | awk -F, -v i="$nmeasured" '{ print $i }')
        [ -n "$src" ] || { echo "ci-bench.sh: measurement $nmeasured needed, but --replay '$replay' has no database for it" >&2; exit 2; }
        [ -f "$src" ] || { echo "ci-bench.sh: --replay: no database '$src'" >&2; exit 2; }
        echo "== ci-bench: measurement $nmeasured replayed from $src -> $1"
        before=$(sqlite3 -batch -noheader "$1" "SELECT count(*) FROM sessions" 2>/dev/null || echo 0)
        "$bench" merge --db "$1" "$src" >/dev/null
        after=$(sqlite3 -batch -noheader "$1" "SELECT count(*) FROM sessions")
        [ "$after" -gt "$before" ] || { echo "ci-bench.sh: --replay: '$src' added no new session to '$1' (already merged?)" >&2; exit 2; }
        return 0
    fi
    echo "== ci-bench: small size, 1 thread, $variants, $reps repetitions${2:+, workloads $2} -> $1"
    start=$(date +%s)
    "$bench" run --db "$1" --variants "$variants" --sizes small --threads 1 \
        --reps "$reps" --warmups 1 --quiet ${2:+--workloads "$2"}
    echo "== measured in $(( $(date +%s) - start )) s"
}

# failed_runs DB — one line per (variant, workload, status, error) of the newest session's
# failed runs, with how many of the cell's runs failed so.
failed_runs() {
    sqlite3 -batch -noheader "$1" "SELECT '   ' || variant || ' ' || workload || ' (' || size || ', ' || threads
            || (CASE WHEN threads = 1 THEN ' thread' ELSE ' threads' END) || '): '
            || count(*) || ' of ' || (SELECT count(*) FROM runs r2 WHERE r2.session_id = r.session_id
                AND r2.variant = r.variant AND r2.workload = r.workload AND r2.size = r.size
                AND r2.threads = r.threads)
            || ' runs ' || status || coalesce(': ' || error, '')
        FROM runs r WHERE session_id = (SELECT max(id) FROM sessions) AND ok = 0
        GROUP BY variant, workload, size, threads, status, error
        ORDER BY variant, workload, threads, status"
}

# fail_on_failed_runs DB — a measurement in which a build crashed, hung or computed a
# wrong result fails CI: compare would only leave its cells out.
fail_on_failed_runs() {
    failed_runs "$1" > "$tmp/failed"
    [ -s "$tmp/failed" ] || return 0
    echo "ci-bench: FAILED: runs of this measurement failed (crash, timeout, error or wrong result):"
    cat "$tmp/failed"
    echo "ci-bench: see their error and stderr_tail in $1 (table runs, newest session)"
    exit 1
}

# --- make baseline ----------------------------------------------------------------
if [ -n "$write" ]; then
    measure "$tmp/base.db"
    # A baseline without a cell would stop that cell from being checked.
    failed_runs "$tmp/base.db" > "$tmp/failed"
    if [ -s "$tmp/failed" ]; then
        cat "$tmp/failed"
        echo "ci-bench: baseline not written: these runs failed" >&2
        exit 1
    fi
    # Only what compare reads is kept: sessions, builds, runs. The counters of a
    # 1-thread overhead run are not part of the baseline and would make it megabytes.
    sqlite3 -batch "$tmp/base.db" "DELETE FROM counters; DELETE FROM events; VACUUM;"
    mkdir -p "$(dirname "$write")"
    sqlite3 -batch "$tmp/base.db" .dump > "$write"
    "$bench" report --db "$tmp/base.db"
    echo "baseline written: $write ($(wc -c < "$write") bytes); commit it with the change that explains it"
    exit 0
fi

if [ -z "$db" ] || [ -z "$baseline" ]; then echo "ci-bench.sh: --db and --baseline are required" >&2; exit 2; fi
[ -f "$baseline" ] || { echo "ci-bench.sh: no baseline '$baseline' (make baseline)" >&2; exit 1; }
mkdir -p "$(dirname "$db")"

# Same machine? Then absolute times are comparable too.
case "$baseline" in
    *.sql) sqlite3 -batch "$tmp/base.db" < "$baseline" ;;
    *) cp "$baseline" "$tmp/base.db" ;;
esac
where="SELECT machine || ' / ' || cpu_model FROM sessions ORDER BY id DESC LIMIT 1"
base_machine=$(sqlite3 -batch -noheader "$tmp/base.db" "$where")

# check N — compare the newest session of DB with the baseline; prints the table and
# leaves the regressed cells (workload variant t=threads metric) in $tmp/regressed.N.
check() {
    "$bench" compare --db "$db" --baseline "$tmp/base.db" --threshold "$threshold" || true
    "$bench" compare --db "$db" --baseline "$tmp/base.db" --threshold "$threshold" --format csv \
        > "$tmp/cmp.$1.csv" 2>/dev/null || true
    cur_machine=$(sqlite3 -batch -noheader "$db" "$where")
    same=0; [ "$cur_machine" = "$base_machine" ] && same=1
    sqlite3 -batch -noheader "$tmp/cmp.db" <<SQL > "$tmp/regressed.$1"
DROP TABLE IF EXISTS cmp$1;
.import --csv '$tmp/cmp.$1.csv' cmp$1
SELECT workload || ' ' || variant || ' t=' || threads || ' overhead' FROM cmp$1 WHERE overhead_verdict = 'regression'
UNION ALL
SELECT workload || ' ' || variant || ' t=' || threads || ' time' FROM cmp$1 WHERE time_verdict = 'regression' AND $same;
SQL
    if [ "$same" = 0 ]; then
        echo "note: baseline from '$base_machine', this is '$cur_machine': only overhead ratios are judged"
    fi
}

measure "$db"
check 1
fail_on_failed_runs "$db"
if [ ! -s "$tmp/regressed.1" ]; then
    echo "ci-bench: no significant regression beyond $threshold%"
    exit 0
fi
echo "ci-bench: suspected regression, measuring again to confirm:"
sed 's/^/   /' "$tmp/regressed.1"
again=$(cut -d' ' -f1 "$tmp/regressed.1" | sort -u | paste -sd, -)
measure "$db" "$again"
check 2
fail_on_failed_runs "$db"
confirmed=$(sort "$tmp/regressed.1" | comm -12 - "$(sort "$tmp/regressed.2" > "$tmp/r2"; echo "$tmp/r2")")
if [ -z "$confirmed" ]; then
    echo "ci-bench: not confirmed by the second measurement (noise); passing"
    exit 0
fi
echo "ci-bench: REGRESSION confirmed beyond $threshold% (95% interval above 1) in both measurements:"
echo "$confirmed" | sed 's/^/   /'
exit 1
