#!/usr/bin/env bash
# The browser tests drive Debian's chromium; install it when it is missing (needs root and apt).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: /usr/bin/chromium is missing; install Debian's 'chromium' package (apt-get install chromium)" >&2
  exit 1
fi
echo "installing chromium (apt) for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q chromium >/dev/null
