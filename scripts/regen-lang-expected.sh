#!/bin/sh
# Regenerate the expected output of the language conformance corpus with CPython.
#
# For every tests/lang/NAME.py (helper modules _*.py and the parvm.py shim excluded)
# run `python3 NAME.py` from inside tests/lang and write
#   NAME.out     its standard output, byte for byte
#   NAME.status  only when the exit status is not 0: the status on line 1 and the last
#                non-empty line of stderr on line 2 (e.g. "ZeroDivisionError: division by zero")
# A stale NAME.status is removed when the program now exits 0.
#
# The programs in tests/lang/deviations/ and tests/lang/syntax/ have hand-written
# expectations and are not touched.  Each program is run twice and the two outputs must
# agree, to catch output that depends on hash seeds, timing or thread scheduling.
#
# usage: scripts/regen-lang-expected.sh [NAME...]      (default: every program)
set -eu

PY=${PYTHON:-python3}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here/tests/lang"
export PYTHONDONTWRITEBYTECODE=1

if [ $# -gt 0 ]; then
    names="$*"
else
    names=$(ls *.py | grep -v '^_' | grep -vx 'parvm.py' | sed 's/\.py$//')
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unstable=0
for n in $names; do
    n=${n%.py}
    for run in 1 2; do
        set +e
        timeout 60 "$PY" "$n.py" >"$tmp/out$run" 2>"$tmp/err$run"
        echo $? >"$tmp/rc$run"
        set -e
        grep -v '^[[:space:]]*$' "$tmp/err$run" | tail -n 1 >"$tmp/last$run" || true
    done
    if ! cmp -s "$tmp/out1" "$tmp/out2" || ! cmp -s "$tmp/rc1" "$tmp/rc2" \
       || ! cmp -s "$tmp/last1" "$tmp/last2"; then
        echo "regen-lang: $n: output differs between two runs (not deterministic)" >&2
        unstable=1
    fi
    cp "$tmp/out1" "$n.out"
    rc=$(cat "$tmp/rc1")
    if [ "$rc" -ne 0 ]; then
        { echo "$rc"; cat "$tmp/last1"; } >"$n.status"
        echo "regen-lang: $n: exit $rc: $(cat "$tmp/last1")"
    else
        rm -f "$n.status"
    fi
done
exit $unstable
