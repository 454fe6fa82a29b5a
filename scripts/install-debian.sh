#!/bin/sh
# Debian packages the project needs beyond PyPI, installed only when COMMAND is missing:
#   scripts/install-debian.sh COMMAND PACKAGE...
# chromium for the browser tests (Playwright's own browser download cannot be reached from
# these machines, so the tests drive the distribution's build) and wrk for the benchmarks.
set -eu
command="$1"
shift
if command -v "$command" >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "$command is missing: run 'sudo apt-get install -y $*' (or this script as root)" >&2
    exit 1
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
