#!/usr/bin/env bash
# The Linux agent's tests run agents/linux/edgesiem-agent.py with Debian's python3.
set -euo pipefail
if command -v python3 >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "The agent tests need python3: run 'sudo apt-get install -y python3' first." >&2
  exit 1
fi
echo "Installing Debian's python3 for the agent tests..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 >/dev/null
