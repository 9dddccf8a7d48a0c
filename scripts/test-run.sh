#!/usr/bin/env bash
# Runs every vitest project as two vitest processes side by side. The node project (browser, agent,
# script and load tests) runs one file at a time and spends it waiting on a dev server, Chromium or
# syslog-ng; the workers and detect projects compute on both cores. In one process the node files
# only started once most of the others were done (about 270 s into a 650 s run), so the run took as
# long as both one after the other.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
node_log="test-results/node-project.log"
vitest run --project node --reporter=default --reporter=json --outputFile.json=test-results/vitest-node.json \
  >"$node_log" 2>&1 &
node_pid=$!
vitest run --project workers --project detect --reporter=default --reporter=json \
  --outputFile.json=test-results/vitest.json
compute_status=$?
wait "$node_pid"
node_status=$?
echo "== node project (browser, agents, scripts, load)"
cat "$node_log"
node scripts/test-summary.ts test-results/vitest.json test-results/vitest-node.json
[ "$compute_status" -eq 0 ] && [ "$node_status" -eq 0 ]
