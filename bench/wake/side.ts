/**
 * One side of the wake-path round trip (bench/wake/run.ts starts two): REQ or REP, 64 B over tcp,
 * raw FFI (ffi.ts), no library code. Every path but `block` works as an async library would:
 * `await send()` then `await receive()`, each an async function that tries with ZMQ_DONTWAIT and,
 * on EAGAIN, waits through the chosen wake path (waits.ts) and tries again. `block` is floor A:
 * blocking zmq_send/zmq_recv in a synchronous loop.
 *
 * Usage: deno run -A bench/wake/side.ts req|rep ENDPOINT COUNT --path=PATH [--size=64]
 *        bun bench/wake/side.ts ...
 * rep binds ENDPOINT, prints "READY <endpoint>", echoes COUNT+1 requests, exits at stdin EOF.
 * req connects, makes one untimed round trip, then COUNT timed ones, and prints
 * "RESULT {json}" (mean, p50, p99 µs; CPU µs of the whole process per round trip).
 */
import process from "node:process";
import { latResult, ready, result, schedCpuMs, stdinEof } from "../_common.ts";
import {
  EAGAIN,
  EINTR,
  type Handle,
  load,
  runtime,
  ZMQ_DONTWAIT,
  ZMQ_FD,
  ZMQ_LAST_ENDPOINT,
  ZMQ_LINGER,
  ZMQ_REP,
  ZMQ_REQ,
} from "./ffi.ts";
import { makeWait, type Wait } from "./waits.ts";

const argv = process.argv.slice(2);
const pos = argv.filter((a) => !a.startsWith("--"));
const flags = Object.fromEntries(
  argv.filter((a) => a.startsWith("--")).map((a) => {
    const [k, v = "1"] = a.slice(2).split("=");
    return [k, v];
  }),
);
const [role, endpoint, countArg] = pos;
const count = Number(countArg);
const path = flags.path ?? "block";
const size = Number(flags.size ?? 64);
if ((role !== "req" && role !== "rep") || !endpoint || !(count > 0)) {
  console.error("usage: side.ts req|rep ENDPOINT COUNT --path=PATH [--size=64]");
  process.exit(2);
}

const raw = await load();
const { zmq } = raw;
const enc = new TextEncoder();
const fail = (what: string): never => {
  throw new Error(`${what} failed: errno ${zmq.zmq_errno()}`);
};

const ctx = zmq.zmq_ctx_new();
const sock: Handle = zmq.zmq_socket(ctx, role === "req" ? ZMQ_REQ : ZMQ_REP);
if (role === "rep") {
  if (zmq.zmq_bind(sock, enc.encode(endpoint + "\0")) !== 0) fail("zmq_bind");
} else if (zmq.zmq_connect(sock, enc.encode(endpoint + "\0")) !== 0) fail("zmq_connect");

const buf = new Uint8Array(Math.max(size, 1));
const len = raw.size(size);
const optLen = new BigUint64Array(1);
const fdBuf = new Int32Array(1);
optLen[0] = 4n;
if (zmq.zmq_getsockopt(sock, ZMQ_FD, new Uint8Array(fdBuf.buffer), new Uint8Array(optLen.buffer)) !== 0) {
  fail("getsockopt(ZMQ_FD)");
}
const wait: Wait | null = path === "block" ? null : await makeWait(raw, path, fdBuf[0]);

let waits = 0;
async function send(): Promise<void> {
  for (;;) {
    if (zmq.zmq_send(sock, buf, len, ZMQ_DONTWAIT) >= 0) return;
    const e = zmq.zmq_errno();
    if (e !== EAGAIN && e !== EINTR) fail("zmq_send");
    waits++;
    const p = wait!();
    if (p) await p;
  }
}
async function receive(): Promise<void> {
  for (;;) {
    if (zmq.zmq_recv(sock, buf, len, ZMQ_DONTWAIT) >= 0) return;
    const e = zmq.zmq_errno();
    if (e !== EAGAIN && e !== EINTR) fail("zmq_recv");
    waits++;
    const p = wait!();
    if (p) await p;
  }
}
function sendBlocking(): void {
  if (zmq.zmq_send(sock, buf, len, 0) < 0) fail("zmq_send");
}
function receiveBlocking(): void {
  if (zmq.zmq_recv(sock, buf, len, 0) < 0) fail("zmq_recv");
}

function closeAndExit(): never {
  const zero = new Int32Array(1);
  zmq.zmq_setsockopt(sock, ZMQ_LINGER, new Uint8Array(zero.buffer), raw.size(4));
  zmq.zmq_close(sock);
  process.exit(0);
}

if (role === "rep") {
  const epBuf = new Uint8Array(256);
  optLen[0] = 256n;
  if (zmq.zmq_getsockopt(sock, ZMQ_LAST_ENDPOINT, epBuf, new Uint8Array(optLen.buffer)) !== 0) {
    fail("getsockopt(ZMQ_LAST_ENDPOINT)");
  }
  ready(new TextDecoder().decode(epBuf.subarray(0, Number(optLen[0]) - 1)));
  if (wait === null) {
    for (let i = 0; i <= count; i++) {
      receiveBlocking();
      sendBlocking();
    }
  } else {
    for (let i = 0; i <= count; i++) {
      await receive();
      await send();
    }
  }
  await stdinEof();
  closeAndExit();
}

// REQ: one untimed round trip, then COUNT timed ones.
const rtt = new Float64Array(count);
let start: number, total: number, cpu0: number | null, cpu1: number | null;
if (wait === null) {
  sendBlocking();
  receiveBlocking();
  cpu0 = schedCpuMs();
  start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    sendBlocking();
    receiveBlocking();
    rtt[i] = performance.now() - t;
  }
  total = performance.now() - start;
  cpu1 = schedCpuMs();
} else {
  await send();
  await receive();
  waits = 0;
  cpu0 = schedCpuMs();
  start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await send();
    await receive();
    rtt[i] = performance.now() - t;
  }
  total = performance.now() - start;
  cpu1 = schedCpuMs();
}
result({
  ...latResult(rtt, total),
  path,
  runtime,
  waits_per_rt: +(waits / count).toFixed(3),
  cpu_us_per_rt: cpu0 !== null && cpu1 !== null ? +((cpu1 - cpu0) * 1000 / count).toFixed(2) : null,
});
closeAndExit();
