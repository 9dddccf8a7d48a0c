#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core never downloads a browser of its own).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Browser tests need Debian's Chromium: run 'sudo apt-get install -y chromium' first." >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
