#!/usr/bin/env bash
# `npm test`: every check, in the order a fresh machine needs them. The reference EVTX readers go
# first so that their output for the reader comparison can be made in the background, at low
# priority, while the single-threaded steps leave a core idle (scripts/evtx-reference-warm.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-evtx-readers.sh
nice -n 19 node scripts/evtx-reference-warm.ts >"${TMPDIR:-/tmp}/edgesiem-evtx-reference-warm.log" 2>&1 &
warm=$!
trap 'kill "$warm" 2>/dev/null || true' EXIT
npm run typecheck
npm run lint
npm run build:ui
bash scripts/ensure-chromium.sh
bash scripts/ensure-python3.sh
bash scripts/ensure-syslog-ng.sh
npm run test:deno
npm run test:run
