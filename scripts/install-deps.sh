#!/bin/sh
# scripts/install-deps.sh — make sure the Debian/Ubuntu packages parvm needs are
# installed. Quiet and exit 0 when they all are. Otherwise, as root, installs the
# missing ones with apt-get; as another user, prints the exact command and exits 1.
#
#   scripts/install-deps.sh            check, install what is missing (root)
#   scripts/install-deps.sh --check    only check; exit 1 and name what is missing
#
# pypy3 is optional: the reference interpreter the benchmarks compare with. It is
# installed when available and reported, never required.

set -u

REQUIRED="gcc make libpapi-dev papi-tools libsqlite3-dev sqlite3 gnuplot-nox libcmocka-dev python3"
OPTIONAL="pypy3"

# installed PKG -> status 0 when dpkg knows PKG as installed.
installed() {
    dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed
}

# available PKG -> status 0 when apt has a candidate version for PKG.
available() {
    apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'
}

check_only=0
case "${1:-}" in
    --check) check_only=1 ;;
    "") ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

if [ "$check_only" = 1 ]; then
    [ -n "$missing" ] && echo "missing packages:$missing"
    [ -n "$missing_opt" ] && echo "missing optional packages:$missing_opt"
    [ -z "$missing" ]; exit $?
fi

if [ "$(id -u)" != 0 ]; then
    if [ -n "$missing" ]; then
        echo "parvm needs packages that are not installed:$missing" >&2
        echo "Install them with:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y$missing$missing_opt" >&2
        exit 1
    fi
    echo "note: optional$missing_opt not installed (reference interpreter; benchmarks run without it)." >&2
    echo "  sudo apt-get install -y$missing_opt" >&2
    exit 0
fi

echo "install-deps.sh: installing$missing$missing_opt"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || { echo "install-deps.sh: apt-get update failed" >&2; exit 1; }
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    apt-get install -y -q $missing || { echo "install-deps.sh: apt-get install failed" >&2; exit 1; }
fi
for p in $missing_opt; do
    if available "$p"; then
        apt-get install -y -q "$p" || echo "install-deps.sh: optional $p failed to install; continuing" >&2
    else
        echo "install-deps.sh: optional $p has no candidate in apt's sources; continuing without it" >&2
    fi
done
exit 0
