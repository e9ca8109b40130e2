#!/usr/bin/env bash
# Installs what is missing, idempotently: libzmq5 (and python3-zmq for interop tests) from apt,
# Deno, Bun and TypeScript from npm into tools/node_modules. Quick once set up.
# With --bench (or SETUP_BENCH=1) also the benchmark's peers (bench/README.md): libzmq3-dev and a
# C compiler for the C anchor, and zeromq.js into bench/node_modules. The tests need neither.
set -euo pipefail
cd "$(dirname "$0")/.."
bench="${SETUP_BENCH:-0}"
for arg in "$@"; do [ "$arg" = --bench ] && bench=1; done

have_libzmq() {
  [ -n "${LIBZMQ_PATH:-}" ] && [ -e "$LIBZMQ_PATH" ] && return 0
  # Not `grep -q`: it exits at the first match, ldconfig then dies of SIGPIPE, and pipefail makes
  # the whole test fail (setup then ran apt-get on every call).
  ldconfig -p 2>/dev/null | grep 'libzmq\.so\.5' >/dev/null && return 0
  for d in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/local/lib /usr/lib64 /usr/lib /opt/homebrew/lib; do
    { [ -e "$d/libzmq.so.5" ] || [ -e "$d/libzmq.5.dylib" ]; } && return 0
  done
  return 1
}

apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ ! -f /tmp/.zmq-ffi-apt-updated ]; then
    $sudo apt-get update -qq >/dev/null && touch /tmp/.zmq-ffi-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

missing_apt=()
if ! have_libzmq; then missing_apt+=(libzmq5); fi
if [ "${SETUP_INTEROP:-1}" = 1 ] && [ -x /usr/bin/python3 ] && ! /usr/bin/python3 -c 'import zmq' 2>/dev/null; then
  missing_apt+=(python3-zmq)
fi
if [ "$bench" = 1 ]; then
  [ -f /usr/include/zmq.h ] || missing_apt+=(libzmq3-dev)
  command -v cc >/dev/null 2>&1 || missing_apt+=(gcc libc6-dev)
fi
if [ ${#missing_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${missing_apt[*]} with apt-get" >&2
    apt_install "${missing_apt[@]}"
  elif ! have_libzmq; then
    echo "setup: libzmq is missing; install it (macOS: brew install zeromq) or set LIBZMQ_PATH" >&2
    exit 1
  fi
fi

# The development tools live in tools/ (tools/package.json), never in the published package:
# installing the package (by name, tarball or folder) brings the library alone.
need_npm=0
[ -x tools/node_modules/.bin/deno ] || command -v deno >/dev/null 2>&1 || need_npm=1
[ -x tools/node_modules/.bin/bun ] || command -v bun >/dev/null 2>&1 || need_npm=1
[ -x tools/node_modules/.bin/tsc ] && [ -d tools/node_modules/@types/bun ] && [ -d tools/node_modules/@types/node ] || need_npm=1
if [ "$need_npm" = 1 ]; then
  echo "setup: installing Deno, Bun and TypeScript from npm into tools/node_modules" >&2
  npm ci --prefix tools --no-audit --no-fund --loglevel=error >/dev/null
fi

if [ "$bench" = 1 ] && [ ! -d bench/node_modules/zeromq ]; then
  echo "setup: installing zeromq.js into bench/node_modules (the Node peer of the benchmark)" >&2
  npm ci --prefix bench --no-audit --no-fund --loglevel=error >/dev/null
fi
