#!/bin/sh
# The Linux agent is Python 3 (standard library only); this wrapper lets it be started by this name.
exec python3 "$(dirname "$0")/edgesiem-agent.py" "$@"
