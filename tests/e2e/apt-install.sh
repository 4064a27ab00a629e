#!/usr/bin/env bash
# Usage: tests/e2e/apt-install.sh COMMAND PACKAGE
#   (tests/e2e/docs_browser_check.py runs it for chromium, tests/e2e/eda_rulebook.py for a Java runtime)
#
# Install Debian's PACKAGE unless COMMAND is already on PATH. CI runs as root on a fresh machine whose
# package lists are empty, hence apt-get update first; the lock timeout lets it wait for another apt run
# instead of failing. Exits non-zero, saying why on stderr, when PACKAGE cannot be installed.
set -euo pipefail

command=${1:?usage: tests/e2e/apt-install.sh COMMAND PACKAGE}
package=${2:?usage: tests/e2e/apt-install.sh COMMAND PACKAGE}
if command -v "$command" >/dev/null; then
    exit 0
fi
if ((EUID != 0)); then
    echo "apt-install: $command is not installed, and installing it (apt-get install $package) needs root" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null; then
    echo "apt-install: $command is not installed, and there is no apt-get to install $package with" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -q -o DPkg::Lock::Timeout=300)
echo "apt-install: installing $package with apt-get"
"${apt[@]}" update
"${apt[@]}" install -y --no-install-recommends "$package"
command -v "$command" >/dev/null
