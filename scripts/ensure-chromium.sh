#!/usr/bin/env bash
# The browser tests drive Debian's chromium; install it when it is missing (needs root and apt).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
"$(dirname "$0")/apt-install.sh" "chromium (for the browser tests)" chromium
