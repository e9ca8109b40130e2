#!/bin/bash
# CPU per message of a PUSH -> PULL pair of processes: where a cross-process throughput cell's
# time goes on a machine whose cores the two processes share (issue 16, bench/README.md).
#
#   bash bench/cpu_pair.sh [ROUNDS]
#
# For ipc and tcp at 64 KiB and 1 KiB, runs C (bench/c/perf.c, built by bench/run.ts into
# .cache/bench/perf), this library on Deno and on Bun (lib_async.ts; the PULL side with --into,
# the best of its receive APIs for a stream) and the raw-FFI floor (raw_ffi.ts: blocking
# zmq_send/zmq_recv on the JS thread, which the library must not do), both ends the same, and
# prints per run: msgs/s measured by the PULL side, user+sys CPU seconds of each process
# (/usr/bin/time, start-up included) and CPU microseconds per message of the two together.
set -u
ROUNDS=${1:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$ROOT/tools/node_modules/.bin:$PATH"
cd "$ROOT"
C=.cache/bench/perf
[ -x "$C" ] || { echo "no $C: run 'deno run -A bench/run.ts --quick --impls=c' once to build it" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pair() { # NAME PULLCMD PUSHCMD ENDPOINT SIZE COUNT [PULL EXTRA...]
  local name=$1 pull=$2 push=$3 ep=$4 size=$5 count=$6
  shift 6
  rm -f /tmp/zmq-cpu-pair.ipc "$TMP"/*
  /usr/bin/time -f "%U %S" -o "$TMP/t.pull" $pull thr-pull "$ep" "$size" "$count" 1 "$@" >"$TMP/p.out" 2>/dev/null &
  local pp=$! i
  for i in $(seq 1 200); do grep -q READY "$TMP/p.out" 2>/dev/null && break; sleep 0.05; done
  local bound
  bound=$(grep READY "$TMP/p.out" | head -1 | sed 's/READY //')
  mkfifo "$TMP/stdin"
  # The PUSH side ends when its stdin closes, after the PULL side has measured.
  /usr/bin/time -f "%U %S" -o "$TMP/t.push" $push thr-push "$bound" "$size" "$count" 1 <"$TMP/stdin" >/dev/null 2>&1 &
  local sp=$!
  exec 9>"$TMP/stdin"
  wait $pp
  exec 9>&-
  wait $sp
  local rate
  rate=$(grep RESULT "$TMP/p.out" | sed 's/.*"msgs_per_s":\([0-9.]*\).*/\1/')
  python3 - "$name" "${rate:-0}" "$count" "$TMP/t.pull" "$TMP/t.push" <<'PY'
import sys
name, rate, n = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
cpu = lambda f: sum(map(float, open(f).read().split()[:2]))
pull, push = cpu(sys.argv[4]), cpu(sys.argv[5])
print(f"{name:6} {rate/1000:6.0f}k msg/s  pull {pull:5.2f} s  push {push:5.2f} s  {1e6*(pull+push)/n:6.1f} us CPU/msg")
PY
}

D="deno run -A bench/lib_async.ts"
B="bun bench/lib_async.ts"
DR="deno run -A bench/raw_ffi.ts"
BR="bun bench/raw_ffi.ts"
for r in $(seq 1 "$ROUNDS"); do
  for cell in "ipc:///tmp/zmq-cpu-pair.ipc 65536 80000" "tcp://127.0.0.1:* 65536 80000" \
    "ipc:///tmp/zmq-cpu-pair.ipc 1024 1500000" "tcp://127.0.0.1:* 1024 1500000"; do
    set -- $cell
    echo "== round $r: ${1%%:*} $2 B, $3 messages"
    pair c "$C" "$C" "$1" "$2" "$3"
    pair deno "$D" "$D" "$1" "$2" "$3" --into
    pair bun "$B" "$B" "$1" "$2" "$3" --into
    pair d-raw "$DR" "$DR" "$1" "$2" "$3"
    pair b-raw "$BR" "$BR" "$1" "$2" "$3"
  done
done
