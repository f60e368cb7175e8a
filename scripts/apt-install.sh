#!/usr/bin/env bash
# Installs Debian packages that a script of this folder needs and finds missing (needs root and apt):
#
#   scripts/apt-install.sh [--no-recommends] WHAT PACKAGE...
#
# WHAT names what is missing in the messages ("chromium for the browser tests"). Without root or apt it
# says which package to install and exits 1. Everything it says goes to stderr: the callers print their
# own results (a URL, a path) on stdout.
set -euo pipefail
RECOMMENDS=()
if [ "${1:-}" = --no-recommends ]; then RECOMMENDS=(--no-install-recommends); shift; fi
if [ $# -lt 2 ]; then
  echo "usage: $0 [--no-recommends] WHAT PACKAGE..." >&2
  exit 2
fi
WHAT="$1"
shift
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: $WHAT is not installed; install Debian's '$*' (apt-get install $*)" >&2
  exit 1
fi
echo "installing $WHAT (apt: $*)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${RECOMMENDS[@]}" "$@" >/dev/null
