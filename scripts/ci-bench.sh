#!/bin/sh
# scripts/ci-bench.sh — the single-thread overhead check that CI runs. Called by
# `make ci-bench` and `make baseline`.
#
#   scripts/ci-bench.sh --variants L --reference REV --db DB [options]
#   scripts/ci-bench.sh --variants L --reference-bin DIR --db DB [options]
#   scripts/ci-bench.sh --baseline B --db DB --replay DB1[,DB2] [options]
#   scripts/ci-bench.sh --write-reference FILE
#
# Builds the parvm variants of git revision REV (from `git archive`, release mode,
# cached in build/ref/COMMIT) and measures them on this machine, right after measuring
# the current builds L: every workload (or --workloads W), size small (or --size S),
# 1 thread, N repetitions (default 80 / number of builds), interleaved by the harness.
# Each build's overhead against gil now is compared with the same build's overhead in
# the reference through `parvm-bench compare` (docs/ci.md). Verdicts:
#   * any failed run of the current builds (crash, timeout, error, wrong result, bad
#     record; warm-ups included) fails CI (exit 1), naming variant, workload and failure;
#     a failed run of the reference stops the check (exit 1): it cannot judge;
#   * a regression is an overhead ratio (variant/gil now over variant/gil in the
#     reference) beyond the threshold whose 95% bootstrap interval lies above 1. Time
#     ratios are printed, not judged: the two sessions run one after the other, and a
#     machine-wide drift between them moves every build's time but no overhead;
#   * a suspected regression is measured once more (its workloads, both sides); CI
#     fails (exit 1) only when the same cell regresses in both measurements.
# Exit status: 0 pass, 1 failed runs, a failed reference build or a confirmed
# regression, 2 bad arguments (an unknown revision included).
#
# Options:
#   --bench P            the harness (default build/bin/parvm-bench)
#   --variants L         current builds, comma-separated (in build/bin)
#   --reference REV      a git revision: the accepted state to compare with
#   --reference-bin DIR  already built reference builds instead of REV
#   --baseline B         a stored database or SQL dump instead of a live reference: its
#                        newest session is the reference; time ratios are then judged
#                        too when it was measured on this machine (same name and CPU)
#   --db DB              where the current sessions are appended (the reference's too)
#   --reps N, --size S, --workloads W, --threshold PCT (default 10)
#   --replay DB1[,DB2]   measure nothing: measurement i is the sessions of DBi, merged
#                        into DB (needs --baseline). Runs the whole decision in seconds
#                        on prepared databases (tests/harness/e2e.sh does so).
#   --write-reference F  record HEAD's commit in F as the new reference and exit

set -eu

bench=build/bin/parvm-bench
variants=""; reps=""; db=""; baseline=""; threshold=10; replay=""; size=small
workloads=""; ref=""; refbin=""; write=""; refgiven=0
while [ $# -gt 0 ]; do
    case "$1" in
        --bench|--variants|--reps|--db|--baseline|--threshold|--replay|--size|--workloads|\
        --reference|--reference-bin|--write-reference)
            [ $# -ge 2 ] || { echo "ci-bench.sh: $1 needs a value (try --help)" >&2; exit 2; }
            case "$1" in
                --bench) bench=$2 ;; --variants) variants=$2 ;; --reps) reps=$2 ;;
                --db) db=$2 ;; --baseline) baseline=$2 ;; --threshold) threshold=$2 ;;
                --replay) replay=$2 ;; --size) size=$2 ;; --workloads) workloads=$2 ;;
                --reference) ref=$2; refgiven=1 ;; --reference-bin) refbin=$2 ;;
                --write-reference) write=$2 ;;
            esac
            shift 2 ;;
        -h|--help) sed -n '2,42p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "ci-bench.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

# --- make baseline: the reference becomes HEAD ---------------------------------------
if [ -n "$write" ]; then
    commit=$(git rev-parse --verify HEAD 2>/dev/null) || {
        echo "ci-bench.sh: --write-reference: not in a git repository with a commit" >&2; exit 2; }
    if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        echo "ci-bench.sh: note: the working tree differs from HEAD; the reference is HEAD as committed" >&2
    fi
    mkdir -p "$(dirname "$write")"
    {
        echo "# The commit whose builds \`make ci-bench\` measures beside the current ones (docs/ci.md)."
        echo "# Written by \`make baseline\` on $(date -u +%Y-%m-%dT%H:%M:%SZ): $(git log -1 --format=%s "$commit")"
        echo "$commit"
    } > "$write"
    echo "reference written: $write -> $commit; commit it with the change that explains it"
    exit 0
fi

[ "$refgiven" = 0 ] || [ -n "$ref" ] || {
    echo "ci-bench.sh: --reference: no revision given (make ci-bench reads it from results/ci-reference, which make baseline writes)" >&2; exit 2; }
nsrc=0
for s in "$ref" "$refbin" "$baseline"; do [ -z "$s" ] || nsrc=$((nsrc + 1)); done
[ "$nsrc" = 1 ] || { echo "ci-bench.sh: give exactly one of --reference, --reference-bin, --baseline" >&2; exit 2; }
[ -z "$replay" ] || [ -n "$baseline" ] || { echo "ci-bench.sh: --replay needs --baseline" >&2; exit 2; }
[ -n "$variants" ] || [ -n "$replay" ] || { echo "ci-bench.sh: --variants is required" >&2; exit 2; }
[ -n "$db" ] || { echo "ci-bench.sh: --db is required" >&2; exit 2; }
[ -x "$bench" ] || { echo "ci-bench.sh: no harness '$bench' (run 'make' first)" >&2; exit 1; }
nv=$(echo "$variants" | tr ',' '\n' | grep -c . || true)
[ -n "$reps" ] || reps=$(( nv > 0 && 80 / nv > 10 ? 80 / nv : 10 ))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$db")"

# --- the reference builds ------------------------------------------------------------
if [ -n "$ref" ]; then
    commit=$(git rev-parse --verify --quiet "$ref^{commit}" 2>/dev/null) || {
        echo "ci-bench.sh: --reference: '$ref' is not a commit of this repository" >&2
        [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ] &&
            echo "ci-bench.sh: this clone is shallow: git fetch --unshallow" >&2
        exit 2; }
    refdir=build/ref/$commit
    if [ ! -f "$refdir/.built" ]; then
        echo "== ci-bench: building the reference $(git log -1 --format='%h (%s)' "$commit") in $refdir"
        rm -rf "$refdir"; mkdir -p "$refdir"
        git archive "$commit" | tar -x -C "$refdir"
        start=$(date +%s)
        if ! make -C "$refdir" -j"$(nproc)" MODE=release GIT_COMMIT="$commit" GIT_DIRTY=0 \
                variants > "$refdir/build.log" 2>&1; then
            echo "ci-bench: FAILED: the reference $commit does not build here (last lines of $refdir/build.log):"
            tail -15 "$refdir/build.log" | sed 's/^/   /'
            exit 1
        fi
        touch "$refdir/.built"
        echo "== built in $(( $(date +%s) - start )) s"
    fi
    refbin=$refdir/build/bin
fi
refvariants=""
if [ -n "$refbin" ]; then
    [ -x "$refbin/parvm-gil" ] || { echo "ci-bench.sh: no reference build '$refbin/parvm-gil'" >&2; exit 2; }
    # A build the reference does not have (a new variant) is measured, not judged.
    for v in $(echo "$variants" | tr ',' ' '); do
        if [ -x "$refbin/parvm-$v" ]; then refvariants=$refvariants${refvariants:+,}$v
        else echo "note: the reference has no '$v' build: its runs are checked for failures, its overhead is not judged"; fi
    done
fi

# measure DB BINDIR VARIANTS [WORKLOADS] — one session of the overhead matrix (or, with
# --replay, the next replayed database merged into DB).
nmeasured=0
measure() {
    if [ -n "$replay" ]; then
        nmeasured=$((nmeasured + 1))
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
    w=${4:-$workloads}
    echo "== ci-bench: $size size, 1 thread, $3 from $2, $reps repetitions${w:+, workloads $w} -> $1"
    start=$(date +%s)
    "$bench" run --db "$1" --bin-dir "$2" --variants "$3" --sizes "$size" --threads 1 \
        --reps "$reps" --warmups 1 --quiet ${w:+--workloads "$w"}
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

# fail_on_failed_runs DB WHAT — a measurement in which a build crashed, hung or computed
# a wrong result fails CI: compare would only leave its cells out.
fail_on_failed_runs() {
    failed_runs "$1" > "$tmp/failed"
    [ -s "$tmp/failed" ] || return 0
    echo "ci-bench: FAILED: runs of $2 failed (crash, timeout, error or wrong result):"
    cat "$tmp/failed"
    echo "ci-bench: see their error and stderr_tail in $1 (table runs, newest session)"
    exit 1
}

# The reference: a stored one is loaded once; a live one is measured at every check,
# into its own database DB-without-.db.reference.db (kept beside DB for the record).
if [ -n "$baseline" ]; then
    [ -f "$baseline" ] || { echo "ci-bench.sh: no baseline '$baseline'" >&2; exit 1; }
    case "$baseline" in
        *.sql) sqlite3 -batch "$tmp/base.db" < "$baseline" ;;
        *) cp "$baseline" "$tmp/base.db" ;;
    esac
fi
refdb=${db%.db}.reference.db
where="SELECT machine || ' / ' || cpu_model FROM sessions ORDER BY id DESC LIMIT 1"
newest="SELECT max(id) FROM sessions"

# check N [WORKLOADS] — measure (the current builds, then the live reference), compare
# the current session with the reference's; prints the table and leaves the regressed
# cells (workload variant t=threads metric) in $tmp/regressed.N.
check() {
    n=$1; cw=${2:-}
    measure "$db" "$(dirname "$bench")" "$variants" $cw
    fail_on_failed_runs "$db" "the current builds"
    cur=$(sqlite3 -batch -noheader "$db" "$newest")
    judge_time=0
    if [ -n "$baseline" ]; then
        base=$tmp/base.db; basesess=$(sqlite3 -batch -noheader "$base" "$newest")
        [ "$(sqlite3 -batch -noheader "$db" "$where")" = "$(sqlite3 -batch -noheader "$base" "$where")" ] && judge_time=1
    else
        base=$refdb
        [ -n "$refvariants" ] || { echo "ci-bench: the reference has none of the builds $variants: nothing to judge"; return 0; }
        measure "$base" "$refbin" "$refvariants" $cw
        fail_on_failed_runs "$base" "the reference builds ($refbin): it cannot judge"
        basesess=$(sqlite3 -batch -noheader "$base" "$newest")
    fi
    set -- --db "$db" --session "$cur" --baseline "$base" --baseline-session "$basesess" \
        --threshold "$threshold"
    # compare's own count of regressions includes time ratios; where those are not
    # judged it would mislead, so only its other messages are passed on.
    "$bench" compare "$@" 2> "$tmp/cmp.err" || true
    if [ "$judge_time" = 0 ]; then grep -v 'significant regression' "$tmp/cmp.err" >&2 || true
    else cat "$tmp/cmp.err" >&2; fi
    "$bench" compare "$@" --format csv > "$tmp/cmp.$n.csv" 2>/dev/null || true
    sqlite3 -batch -noheader "$tmp/cmp.db" <<SQL > "$tmp/regressed.$n"
DROP TABLE IF EXISTS cmp$n;
.import --csv '$tmp/cmp.$n.csv' cmp$n
SELECT workload || ' ' || variant || ' t=' || threads || ' overhead' FROM cmp$n WHERE overhead_verdict = 'regression'
UNION ALL
SELECT workload || ' ' || variant || ' t=' || threads || ' time' FROM cmp$n WHERE time_verdict = 'regression' AND $judge_time;
SQL
    if [ "$judge_time" = 0 ]; then
        echo "note: only the overhead verdicts count here; time ratios are shown, not judged (docs/ci.md)"
    fi
    echo "ci-bench: $(grep -c . "$tmp/regressed.$n" || true) significant regression(s) beyond $threshold% in measurement $n"
}

check 1
if [ ! -s "$tmp/regressed.1" ]; then
    echo "ci-bench: no significant regression beyond $threshold%"
    exit 0
fi
echo "ci-bench: suspected regression, measuring again to confirm:"
sed 's/^/   /' "$tmp/regressed.1"
check 2 "$(cut -d' ' -f1 "$tmp/regressed.1" | sort -u | paste -sd, -)"
confirmed=$(sort "$tmp/regressed.1" | comm -12 - "$(sort "$tmp/regressed.2" > "$tmp/r2"; echo "$tmp/r2")")
if [ -z "$confirmed" ]; then
    echo "ci-bench: not confirmed by the second measurement (noise); passing"
    exit 0
fi
echo "ci-bench: REGRESSION confirmed beyond $threshold% (95% interval above 1) in both measurements:"
echo "$confirmed" | sed 's/^/   /'
exit 1
