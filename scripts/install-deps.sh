#!/bin/sh
# scripts/install-deps.sh — make sure the Debian/Ubuntu packages parvm needs are
# installed. Quiet and exit 0 when they all are. Otherwise, as root, installs the
# missing ones with apt-get; as another user, prints the exact command and exits 1.
#
#   scripts/install-deps.sh            check, install what is missing (root)
#   scripts/install-deps.sh --check    only check; exit 1 and name what is missing
#
# pypy3 is optional: the reference interpreter the benchmarks compare with. It is
# installed when available and reported, never required. An optional package for which
# apt's lists (as already fetched) have no installation candidate is skipped with one
# line and costs no apt-get update, so repeated runs on a machine whose sources lack it
# stay quick; it is looked for again whenever an update runs for another package.

set -u

# valgrind counts instructions for `make icount` and the CI check `make ci-icount`
# (docs/ci.md); nothing else uses it.
REQUIRED="gcc make libpapi-dev papi-tools libsqlite3-dev sqlite3 gnuplot-nox libcmocka-dev python3 valgrind"
OPTIONAL="pypy3"

# installed PKG -> status 0 when dpkg knows PKG as installed.
installed() {
    dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed
}

# available PKG -> status 0 when apt has a candidate version for PKG.
available() {
    apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'
}

# have_lists -> status 0 when apt has fetched package lists at all (on a fresh image it
# has none, and no package has a candidate until apt-get update).
have_lists() {
    apt-cache policy 2>/dev/null | grep -q ' Packages$'
}

skip_note() {
    echo "install-deps.sh: optional $1 has no installation candidate in apt's sources; skipped (benchmarks run without it)" >&2
}

check_only=0
case "${1:-}" in
    --check) check_only=1 ;;
    "") ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-deps.sh: dpkg-query not found; this script knows Debian/Ubuntu only." >&2
    echo "  Install by hand: $REQUIRED (optional: $OPTIONAL)" >&2
    exit 1
fi

missing=""
for p in $REQUIRED; do installed "$p" || missing="$missing $p"; done
missing_opt=""
for p in $OPTIONAL; do installed "$p" || missing_opt="$missing_opt $p"; done

[ -z "$missing" ] && [ -z "$missing_opt" ] && exit 0

# Optional packages worth an apt-get update (a candidate, or no lists fetched yet to
# tell), and those without a candidate, which are skipped.
want_opt=""; skip_opt=""
for p in $missing_opt; do
    if available "$p" || ! have_lists; then want_opt="$want_opt $p"; else skip_opt="$skip_opt $p"; fi
done

if [ "$check_only" = 1 ]; then
    [ -n "$missing" ] && echo "missing packages:$missing"
    [ -n "$want_opt" ] && echo "missing optional packages:$want_opt"
    [ -n "$skip_opt" ] && echo "missing optional packages without an installation candidate (skipped):$skip_opt"
    [ -z "$missing" ]; exit $?
fi

if [ "$(id -u)" != 0 ]; then
    for p in $skip_opt; do skip_note "$p"; done
    if [ -n "$missing" ]; then
        echo "parvm needs packages that are not installed:$missing" >&2
        echo "Install them with:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y$missing$want_opt" >&2
        exit 1
    fi
    if [ -n "$want_opt" ]; then
        echo "note: optional$want_opt not installed (reference interpreter; benchmarks run without it)." >&2
        echo "  sudo apt-get update && sudo apt-get install -y$want_opt" >&2
    fi
    exit 0
fi

if [ -z "$missing" ] && [ -z "$want_opt" ]; then
    for p in $skip_opt; do skip_note "$p"; done
    exit 0
fi

echo "install-deps.sh: installing$missing$want_opt"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || { echo "install-deps.sh: apt-get update failed" >&2; exit 1; }
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    apt-get install -y -q $missing || { echo "install-deps.sh: apt-get install failed" >&2; exit 1; }
fi
# After the update every optional package is looked for again, the skipped ones too.
for p in $missing_opt; do
    if available "$p"; then
        apt-get install -y -q "$p" || echo "install-deps.sh: optional $p failed to install; continuing" >&2
    else
        skip_note "$p"
    fi
done
exit 0
