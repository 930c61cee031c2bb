#!/bin/sh
# Install what the browser tests need on a fresh Debian machine:
# Debian's own Chromium (/usr/bin/chromium), the Playwright Python package,
# and, for tests/test_saved_widgets.py, @jupyter-widgets/html-manager from
# the npm registry, unpacked into ~/.cache/kerasteach/html-manager (or
# $KERASTEACH_HTML_MANAGER).  Playwright's bundled browsers are NOT
# downloaded (`playwright install` is never run): the tests launch
# /usr/bin/chromium through executable_path.
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

# html-manager renders saved widget state (nbviewer, nbconvert's HTML); its
# dist/embed.js is one self-contained bundle, so no npm install is needed.
HTML_MANAGER_VERSION=1.0.15
HM="${KERASTEACH_HTML_MANAGER:-$HOME/.cache/kerasteach/html-manager}"
if [ "$(cat "$HM/version" 2>/dev/null)" != "$HTML_MANAGER_VERSION" ]; then
    command -v npm > /dev/null || $SUDO apt-get install -y npm
    rm -rf "$HM"
    mkdir -p "$HM"
    (cd "$HM" && npm pack --silent "@jupyter-widgets/html-manager@$HTML_MANAGER_VERSION" \
        && tar xzf "jupyter-widgets-html-manager-$HTML_MANAGER_VERSION.tgz" \
        && rm "jupyter-widgets-html-manager-$HTML_MANAGER_VERSION.tgz")
    echo "$HTML_MANAGER_VERSION" > "$HM/version"
fi
ls "$HM/package/dist/embed.js"

/usr/bin/chromium --version
"${PYTHON:-python}" -c "import playwright.sync_api; print('playwright ok')"
