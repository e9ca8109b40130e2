/**
 * Per-call overhead of the library's hot synchronous paths against the raw FFI calls they wrap,
 * on the same sockets with the library's own bindings (so the difference is the library's JS).
 *
 *   deno bench -A bench/overhead.bench.ts        Deno's bench runner (each case loops 1000 calls)
 *   BENCH_LOOP=1 deno run -A bench/overhead.bench.ts [--quick]   plain timing loop, RESULT lines
 *   bun bench/overhead.bench.ts [--quick]        the same timing loop under Bun
 *
 * Timing loop: batches of 1000 calls, raw and library alternating; the overhead is the median of
 * the paired differences (lib batch minus the raw batch just before it).
 *
 * Cases (raw vs library):
 * - recv-eagain: zmq_msg_recv(DONTWAIT) on an empty PULL  vs  pull.tryReceive() -> null
 * - send-eagain: zmq_send(DONTWAIT) on a PUSH with no peer  vs  push.trySend(64 B) -> false
 * - pair-64B:    zmq_send + zmq_msg_recv of 64 B over an inproc PAIR  vs  a.trySend(buf) + b.tryReceive()
 *                (two calls per iteration: the RESULT line reports ns per call, i.e. per pair / 2;
 *                the library's receive also copies the frame out: zmq_msg_data + memcpy + zmq_msg_more)
 * - ffi-call:    zmq_send(NULL, ...) -> ENOTSOCK: the bare cost of one FFI call with 4 arguments
 */
import process from "node:process";
import { Pair, Pull, Push } from "../mod.ts";
import { native } from "../src/ffi/mod.ts";

const DONTWAIT = 1;
const INNER = 1000;
const quick = process.argv.includes("--quick");
const isDeno = typeof (globalThis as { Bun?: unknown }).Bun === "undefined";
const { zmq } = native;

const pull = new Pull({ linger: 0 });
pull.bind("inproc://overhead-pull");
const push = new Push({ linger: 0 });
push.bind("inproc://overhead-push"); // no peer: every send would block
const a = new Pair({ linger: 0 });
const b = new Pair({ linger: 0 });
a.bind("inproc://overhead-pair");
b.connect("inproc://overhead-pair");

const msg = new Uint8Array(64);
zmq.zmq_msg_init(msg);
const buf = new Uint8Array(64);
const len = native.size(64);
const hPull = pull.unsafeHandle,
  hPush = push.unsafeHandle,
  hA = a.unsafeHandle,
  hB = b.unsafeHandle;
const nullSocket = native.pointerFrom(0n);

// Sanity: the raw calls do what the cases claim.
if (
  zmq.zmq_msg_recv(msg, hPull, DONTWAIT) !== -1 || pull.tryReceive() !== null
) throw new Error("pull not empty");
if (zmq.zmq_send(hPush, buf, len, DONTWAIT) !== -1 || push.trySend(buf)) {
  throw new Error("push did not block");
}
if (
  zmq.zmq_send(hA, buf, len, DONTWAIT) !== 64 ||
  zmq.zmq_msg_recv(msg, hB, DONTWAIT) !== 64
) throw new Error("pair");
if (!a.trySend(buf) || b.tryReceive()?.[0].length !== 64) {
  throw new Error("pair (library)");
}

type Case = { name: string; raw: () => void; lib: () => void; calls?: number };
const cases: Case[] = [
  {
    name: "recv-eagain",
    raw: () => {
      for (let i = 0; i < INNER; i++) zmq.zmq_msg_recv(msg, hPull, DONTWAIT);
    },
    lib: () => {
      for (let i = 0; i < INNER; i++) pull.tryReceive();
    },
  },
  {
    name: "send-eagain",
    raw: () => {
      for (let i = 0; i < INNER; i++) zmq.zmq_send(hPush, buf, len, DONTWAIT);
    },
    lib: () => {
      for (let i = 0; i < INNER; i++) push.trySend(buf);
    },
  },
  {
    name: "pair-64B",
    calls: 2,
    raw: () => {
      for (let i = 0; i < INNER; i++) {
        zmq.zmq_send(hA, buf, len, DONTWAIT);
        zmq.zmq_msg_recv(msg, hB, DONTWAIT);
      }
    },
    lib: () => {
      for (let i = 0; i < INNER; i++) {
        a.trySend(buf);
        b.tryReceive();
      }
    },
  },
];
const ffiCall = () => {
  for (let i = 0; i < INNER; i++) zmq.zmq_send(nullSocket, buf, len, DONTWAIT);
};

if (isDeno && !process.env.BENCH_LOOP) {
  const D = (globalThis as unknown as { Deno: typeof Deno }).Deno;
  D.bench({
    name: `ffi-call raw (x${INNER})`,
    group: "ffi-call",
    baseline: true,
  }, ffiCall);
  for (const c of cases) {
    D.bench({
      name: `${c.name} raw FFI (x${INNER})`,
      group: c.name,
      baseline: true,
    }, c.raw);
    D.bench({ name: `${c.name} library (x${INNER})`, group: c.name }, c.lib);
  }
} else {
  // Timing loop: warm up, then alternate raw and library batches; median ns per call.
  const batches = quick ? 100 : 1000;
  const time = (fn: () => void): number => {
    const t = performance.now();
    fn();
    return (performance.now() - t) * 1e6 / INNER;
  };
  const med = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1];
  for (let w = 0; w < (quick ? 50 : 300); w++) {
    ffiCall();
    for (const c of cases) {
      c.raw();
      c.lib();
    }
  }
  const ffi: number[] = [];
  for (let i = 0; i < batches; i++) ffi.push(time(ffiCall));
  console.log(
    `RESULT ${JSON.stringify({ name: "ffi-call", raw_ns: med(ffi) })}`,
  );
  for (const c of cases) {
    const raw: number[] = [], lib: number[] = [];
    for (let i = 0; i < batches; i++) {
      raw.push(time(c.raw));
      lib.push(time(c.lib));
    }
    // Overhead: median of the paired differences (adjacent batches share the machine's load).
    const diff = lib.map((x, i) => x - raw[i]);
    const k = c.calls ?? 1;
    const r = med(raw) / k, l = med(lib) / k, d = med(diff) / k;
    console.log(
      `RESULT ${JSON.stringify({ name: c.name, raw_ns: r, lib_ns: l, overhead_ns: d })}`,
    );
  }
  for (const s of [pull, push, a, b]) s.close();
  zmq.zmq_msg_close(msg);
  process.exit(0);
}
