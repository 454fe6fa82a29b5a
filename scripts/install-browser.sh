#!/bin/sh
# Debian's chromium for the browser tests: Playwright's own browser download cannot be
# reached from these machines, so the tests drive the distribution's build instead.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing: run 'sudo apt-get install -y chromium' (or this script as root)" >&2
    exit 1
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk
