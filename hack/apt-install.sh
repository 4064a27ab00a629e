#!/usr/bin/env bash
# Usage: hack/install-chromium.sh   (hack/docs_browser_check.py runs it when chromium is missing)
#
# Install Debian's chromium package for the docs browser check. CI runs as root on a fresh machine
# whose package lists are empty, hence apt-get update first; the lock timeout lets it wait for another
# apt run instead of failing. Exits non-zero, saying why on stderr, when chromium cannot be installed.
set -euo pipefail

if command -v chromium >/dev/null; then
    exit 0
fi
if ((EUID != 0)); then
    echo "install-chromium: chromium is not installed, and installing it (apt-get install chromium) needs root" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null; then
    echo "install-chromium: chromium is not installed, and there is no apt-get to install it with" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -q -o DPkg::Lock::Timeout=300)
echo "install-chromium: installing chromium with apt-get"
"${apt[@]}" update
"${apt[@]}" install -y --no-install-recommends chromium
command -v chromium >/dev/null
