#!/usr/bin/env bash
# Installs a browser for Odoo's browser tours when none is there (compose service "tests", as
# .ci/run does on Debian). The odoo:19.0 image is Ubuntu, whose "chromium" package only installs the
# snap, which cannot run in a container: there it installs Google Chrome's .deb instead (amd64).
# Without a browser ./run-tests still runs and reports the tours as skipped.
set -euo pipefail
for browser in google-chrome chromium chromium-browser google-chrome-stable; do
    if command -v "$browser" > /dev/null 2>&1; then
        exit 0
    fi
done
export DEBIAN_FRONTEND=noninteractive
# shellcheck source=/dev/null
. /etc/os-release
echo "install-browser: no Chrome/Chromium: installing one for the browser tours (once per container)"
if [ "${ID:-}" = debian ]; then
    apt-get update -q < /dev/null && apt-get install -y -q chromium < /dev/null
elif [ "$(dpkg --print-architecture)" = amd64 ]; then
    deb=$(mktemp --suffix=.deb)
    curl -fsSL -o "$deb" https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb
    apt-get update -q < /dev/null && apt-get install -y -q "$deb" < /dev/null
    rm -f "$deb"
else
    echo "install-browser: no Chrome build for $(dpkg --print-architecture) on ${ID:-this system}:" \
         "the browser tours will be reported as skipped"
fi
