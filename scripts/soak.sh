#!/usr/bin/env bash
# The fault, soak and fuzz scenarios of issue 8 at full length, under Deno and then under Bun:
# one line of figures per scenario (messages, loss, duration, peak RSS) and notes. Each scenario
# runs in a process of its own with a time limit. The short versions run in the test suite
# (tests/faults.test.ts).
# Usage: scripts/soak.sh [--scale ci|full] [scenario...]   (order kill partition slow chaos gc fuzz hostile workers frames)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"

deno --version | head -1
bun --version | sed 's/^/bun /'
echo "libzmq: $(deno eval 'import { version } from "./mod.ts"; const v = version(); console.log(`${v.major}.${v.minor}.${v.patch}`)' 2>&1)"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

rc=0
echo "=== deno ==="
timeout -s KILL 3600 deno run -A soak/run.ts "$@" || rc=1
echo "=== bun ==="
timeout -s KILL 3600 bun soak/run.ts "$@" || rc=1
exit $rc
