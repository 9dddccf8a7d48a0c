#!/usr/bin/env bash
# The EVTX parser is checked against two independent readers from Debian: python3-evtx's
# evtx_dump.py and libevtx-utils' evtxexport (test/scripts/evtx-readers.test.ts).
set -euo pipefail
if command -v evtx_dump.py >/dev/null 2>&1 && command -v evtxexport >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "The EVTX reader comparison needs Debian's python3-evtx and libevtx-utils: run 'sudo apt-get install -y python3-evtx libevtx-utils' first." >&2
  exit 1
fi
echo "Installing Debian's python3-evtx and libevtx-utils for the EVTX reader comparison..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-evtx libevtx-utils >/dev/null
