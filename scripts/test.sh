#!/usr/bin/env bash
# Runs the whole suite under Deno and under Bun and ends with one line "N passed, N failed".
# Usage: scripts/test.sh [test files...]   (default: every tests/*.test.ts)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
mkdir -p .cache
out=$(mktemp -d .cache/test.XXXXXX)   # per run: concurrent runs must not mix their reports
trap 'rm -rf "$out"' EXIT

files=("$@")
[ ${#files[@]} -gt 0 ] || files=(tests/*.test.ts)

deno --version | head -1
bun --version | sed 's/^/bun /'
echo "libzmq: $(deno eval 'import { version } from "./mod.ts"; const v = version(); console.log(`${v.major}.${v.minor}.${v.patch}`)' 2>&1)"

echo "=== deno test ==="
deno test -A --junit-path="$out/deno.xml" "${files[@]}"
deno_rc=$?
echo "=== bun test ==="
bun test --timeout 120000 --reporter=junit --reporter-outfile="$out/bun.xml" "${files[@]/#/./}" 2>&1
bun_rc=$?

node scripts/junit-count.mjs "$out/deno.xml" "$out/bun.xml" "$deno_rc" "$bun_rc"
