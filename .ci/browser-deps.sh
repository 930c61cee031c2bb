#!/bin/sh
# Install what tests/test_browser.py needs on a fresh Debian machine:
# Debian's own Chromium (/usr/bin/chromium) and the Playwright Python package.
# Playwright's bundled browsers are NOT downloaded (`playwright install` is
# never run): the test launches /usr/bin/chromium through executable_path.
#
# Usage (as root, or with sudo available):  sh .ci/browser-deps.sh
set -eu

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium

"${PYTHON:-python}" -m pip install playwright

/usr/bin/chromium --version
"${PYTHON:-python}" -c "import playwright.sync_api; print('playwright ok')"
