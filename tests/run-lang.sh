#!/bin/sh
# Run the language conformance corpus (tests/lang/) with one interpreter binary.
#
# usage: tests/run-lang.sh [--deviations] [--syntax] BIN [NAME...]
#
#   BIN           interpreter to test: build/bin/parvm-gil, python3, pypy3, ...  A path
#                 (relative or absolute) or a command found in PATH.
#   NAME...       run only these programs (file name without .py; looked up in every
#                 enabled set).  Default: all of them.
#   --deviations  also run tests/lang/deviations/: behaviour where parvm deliberately
#                 differs from CPython (64-bit ints).  Only meaningful for parvm builds.
#   --syntax      also run tests/lang/syntax/: malformed programs.  BIN must exit 1 and
#                 stderr must mention NAME.py, "line L" (L from NAME.expect) and
#                 SyntaxError (CPython says IndentationError for indentation faults,
#                 a subclass of SyntaxError; either word is accepted).
#
# A program NAME.py passes when, run from inside its folder with a 10 s timeout,
#   - its stdout equals NAME.out exactly,
#   - its exit status is 0, or, when NAME.status exists, equals line 1 of NAME.status,
#   - and then the last non-empty stderr line equals line 2 of NAME.status; a line 2
#     ending in '*' is a prefix match (e.g. "OverflowError*").
# One line per failing program (plus a short diff), then exactly one summary line
# "lang: N passed, N failed".  Exit status 1 if anything failed.
#
# python3 (CPython 3.11, the reference) passes everything, with --syntax too.
# pypy3 (7.3.11, a Python 3.9) fails 9 programs, all for reasons that are not bugs in
# the corpus: exception messages worded differently (builtins_numeric: min() of an
# empty sequence; builtins_types: len() of an int; del_stmt and list_methods: list
# assignment index; float_arith: float floor division by zero; range_ops: zero step;
# str_methods: str.index; str_split_join: str.join of a non-str), and
# syntax/missing_colon_if, whose missing ':' PyPy reports one line later.
set -u

TIMEOUT=${LANG_TIMEOUT:-10}
deviations=0
syntax=0
bin=
names=
for a in "$@"; do
    case $a in
        --deviations) deviations=1 ;;
        --syntax) syntax=1 ;;
        --help|-h) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --*) echo "run-lang: unknown option $a" >&2; exit 2 ;;
        *) if [ -z "$bin" ]; then bin=$a; else names="$names $a"; fi ;;
    esac
done
if [ -z "$bin" ]; then
    echo "usage: tests/run-lang.sh [--deviations] [--syntax] BIN [NAME...]" >&2
    exit 2
fi

# Resolve BIN before changing directory: a path becomes absolute, a bare name is
# looked up in PATH.
case $bin in
    */*) if [ ! -x "$bin" ]; then echo "run-lang: $bin is not executable" >&2; exit 2; fi
         bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
    *)   r=$(command -v "$bin") || { echo "run-lang: $bin not found in PATH" >&2; exit 2; }
         bin=$r ;;
esac

root=$(cd "$(dirname "$0")/lang" && pwd)
export PYTHONDONTWRITEBYTECODE=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

fail() {   # fail LABEL REASON [DIFF-FILE]
    failed=$((failed + 1))
    echo "FAIL $1: $2"
    if [ $# -ge 3 ] && [ -s "$3" ]; then
        head -n 15 "$3" | sed 's/^/    /'
        n=$(wc -l <"$3")
        if [ "$n" -gt 15 ]; then echo "    ... ($n diff lines)"; fi
    fi
}

signame() {   # signame STATUS: " (killed by signal N)" for a status above 128
    if [ "$1" -gt 128 ]; then echo " (killed by signal $(($1 - 128)))"; fi
}

selected() {   # selected NAME: true when NAME was asked for (or nothing was)
    [ -z "$names" ] && return 0
    for s in $names; do
        [ "${s%.py}" = "$1" ] && return 0
    done
    return 1
}

run_prog() {   # run_prog DIR NAME: an output-checked program
    dir=$1; n=$2
    label=${dir#"$root"}; label=${label#/}; label=${label:+$label/}$n
    if [ ! -f "$dir/$n.out" ]; then fail "$label" "no expected output $n.out"; return; fi
    (cd "$dir" && timeout -k 5 "$TIMEOUT" "$bin" "$n.py" >"$tmp/out" 2>"$tmp/err" </dev/null)
    rc=$?
    if [ $rc -eq 124 ]; then fail "$label" "timed out after ${TIMEOUT}s"; return; fi
    want_rc=0; want_err=
    if [ -f "$dir/$n.status" ]; then
        want_rc=$(sed -n 1p "$dir/$n.status")
        want_err=$(sed -n 2p "$dir/$n.status")
    fi
    if ! cmp -s "$dir/$n.out" "$tmp/out"; then
        diff -u "$dir/$n.out" "$tmp/out" | tail -n +3 >"$tmp/diff"
        extra=
        if [ $rc -ne "$want_rc" ]; then
            extra=" (and exit status $rc$(signame $rc), expected $want_rc: $(grep -v '^[[:space:]]*$' "$tmp/err" | tail -n 1))"
        fi
        fail "$label" "stdout differs$extra" "$tmp/diff"
        return
    fi
    if [ $rc -ne "$want_rc" ]; then
        fail "$label" "exit status $rc$(signame $rc), expected $want_rc; stderr: $(grep -v '^[[:space:]]*$' "$tmp/err" | tail -n 1)"
        return
    fi
    if [ "$want_rc" -ne 0 ]; then
        got_err=$(grep -v '^[[:space:]]*$' "$tmp/err" | tail -n 1)
        case $want_err in
            *\*) prefix=${want_err%\*}
                 case $got_err in
                     "$prefix"*) ;;
                     *) fail "$label" "last stderr line '$got_err', expected prefix '$prefix'"; return ;;
                 esac ;;
            *)   if [ "$got_err" != "$want_err" ]; then
                     fail "$label" "last stderr line '$got_err', expected '$want_err'"; return
                 fi ;;
        esac
    fi
    passed=$((passed + 1))
}

run_syntax() {   # run_syntax DIR NAME: a malformed program
    dir=$1; n=$2
    if [ ! -f "$dir/$n.expect" ]; then fail "syntax/$n" "no $n.expect"; return; fi
    line=$(awk 'NR==1 {print $1}' "$dir/$n.expect")
    (cd "$dir" && timeout -k 5 "$TIMEOUT" "$bin" "$n.py" >"$tmp/out" 2>"$tmp/err" </dev/null)
    rc=$?
    if [ $rc -eq 124 ]; then fail "syntax/$n" "timed out after ${TIMEOUT}s"; return; fi
    if [ $rc -ne 1 ]; then fail "syntax/$n" "exit status $rc$(signame $rc), expected 1"; return; fi
    if ! grep -q "$n\.py" "$tmp/err"; then
        fail "syntax/$n" "stderr does not name $n.py" "$tmp/err"; return
    fi
    if ! grep -Eq "line $line([^0-9]|\$)" "$tmp/err"; then
        fail "syntax/$n" "stderr does not say 'line $line'" "$tmp/err"; return
    fi
    if ! grep -Eq 'SyntaxError|IndentationError' "$tmp/err"; then
        fail "syntax/$n" "stderr does not say SyntaxError" "$tmp/err"; return
    fi
    passed=$((passed + 1))
}

progs() {   # progs DIR: the runnable programs of DIR, without .py
    for f in "$1"/*.py; do
        [ -f "$f" ] || continue
        b=$(basename "$f" .py)
        case $b in _*|parvm) continue ;; esac
        echo "$b"
    done
}

for n in $(progs "$root"); do
    selected "$n" && run_prog "$root" "$n"
done
if [ $deviations -eq 1 ]; then
    for n in $(progs "$root/deviations"); do
        selected "$n" && run_prog "$root/deviations" "$n"
    done
fi
if [ $syntax -eq 1 ]; then
    for n in $(progs "$root/syntax"); do
        selected "$n" && run_syntax "$root/syntax" "$n"
    done
fi

echo "lang: $passed passed, $failed failed"
[ $failed -eq 0 ]
