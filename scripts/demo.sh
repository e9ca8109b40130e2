#!/usr/bin/env bash
# The demo: a pipeline and a broker as real processes on Deno and Bun (examples/demo/main.ts).
# Usage: scripts/demo.sh [--short]      (DEMO_SHORT=1 also gives the short run; DEMO_RUNTIME=bun
# runs the orchestrator on Bun instead of Deno)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"

runtime="${DEMO_RUNTIME:-}"
if [ -z "$runtime" ]; then
  if command -v deno >/dev/null 2>&1; then runtime=deno
  elif command -v bun >/dev/null 2>&1; then runtime=bun
  else echo "demo: neither deno nor bun found; run: npm run setup" >&2; exit 1
  fi
fi
case "$runtime" in
  deno) exec deno run -A examples/demo/main.ts "$@" ;;
  bun) exec bun examples/demo/main.ts "$@" ;;
  *) echo "demo: DEMO_RUNTIME must be deno or bun, not $runtime" >&2; exit 1 ;;
esac
