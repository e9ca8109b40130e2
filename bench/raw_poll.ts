/**
 * The latency-mode floor (issue 15): a raw-FFI REQ/REP loop that waits the way the library's
 * latency budget does, with none of its code. Every send and receive first tries ZMQ_DONTWAIT;
 * on EAGAIN the JS thread blocks in ppoll(2) on ZMQ_FD for at most 200 µs (again while nothing
 * arrived), and an `await` separates operations as in any async program. Only the library's FFI
 * bindings are used (src/ffi), not its sockets or reactor.
 *
 * Usage: deno run -A bench/raw_poll.ts lat-req|lat-rep ENDPOINT SIZE COUNT   (or: bun bench/raw_poll.ts ...)
 */
import { native } from "../src/ffi/mod.ts";
import { exit, latResult, parseArgs, ready, result, stdinEof } from "./_common.ts";

const { zmq, libc } = native;
const ZMQ_REQ = 3, ZMQ_REP = 4, ZMQ_DONTWAIT = 1, ZMQ_FD = 14, ZMQ_LAST_ENDPOINT = 32, ZMQ_LINGER = 17;
const EAGAIN = native.os === "darwin" ? 35 : 11;
const BUDGET_NS = 200_000n;

const a = parseArgs();
if (a.role !== "lat-req" && a.role !== "lat-rep") {
  console.error("raw_poll.ts runs the latency roles only (lat-req, lat-rep)");
  exit(2);
}
const encoder = new TextEncoder();
const buf = new Uint8Array(Math.max(a.size, 1));
const len = native.size(a.size);
const ctx = zmq.zmq_ctx_new();
const s = zmq.zmq_socket(ctx, a.role === "lat-req" ? ZMQ_REQ : ZMQ_REP);
const ep = encoder.encode(a.endpoint + "\0");

function option(id: number, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const n = new BigUint64Array([BigInt(bytes)]);
  if (zmq.zmq_getsockopt(s, id, out, new Uint8Array(n.buffer)) !== 0) throw new Error(`getsockopt ${id}`);
  return out.subarray(0, Number(n[0]));
}

const fd = new Int32Array(option(ZMQ_FD, 4).slice().buffer)[0];
const pollfd = new Uint8Array(8);
new Int32Array(pollfd.buffer)[0] = fd;
const timespec = new BigInt64Array([0n, BUDGET_NS]);

/** Blocks in ppoll on ZMQ_FD for at most the budget. */
function waitFd(): void {
  new Int16Array(pollfd.buffer)[2] = 1; // POLLIN
  new Int16Array(pollfd.buffer)[3] = 0;
  libc.ppoll!(pollfd, native.size(1), timespec, null);
}

async function send(): Promise<void> {
  while (zmq.zmq_send(s, buf, len, ZMQ_DONTWAIT) < 0) {
    if (zmq.zmq_errno() !== EAGAIN) throw new Error(`zmq_send: ${zmq.zmq_errno()}`);
    waitFd();
  }
  await null;
}

const msg = new Uint8Array(64);
zmq.zmq_msg_init(msg);

async function receive(): Promise<void> {
  let n: number;
  while ((n = zmq.zmq_msg_recv(msg, s, ZMQ_DONTWAIT)) < 0) {
    if (zmq.zmq_errno() !== EAGAIN) throw new Error(`zmq_msg_recv: ${zmq.zmq_errno()}`);
    waitFd();
  }
  if (n > 0) libc.memcpy(buf, zmq.zmq_msg_data(msg), native.size(n)); // as zmq_recv would copy
  await null;
}

if (a.role === "lat-rep") {
  if (zmq.zmq_bind(s, ep) !== 0) throw new Error("zmq_bind");
  ready(new TextDecoder().decode(option(ZMQ_LAST_ENDPOINT, 512)).replace(/\0$/, ""));
  for (let i = 0; i <= a.count; i++) {
    await receive();
    await send();
  }
  await stdinEof();
} else {
  if (zmq.zmq_connect(s, ep) !== 0) throw new Error("zmq_connect");
  await send();
  await receive();
  const rtt = new Float64Array(a.count);
  const start = performance.now();
  for (let i = 0; i < a.count; i++) {
    const t = performance.now();
    await send();
    await receive();
    rtt[i] = performance.now() - t;
  }
  result(latResult(rtt, performance.now() - start));
}
zmq.zmq_setsockopt(s, ZMQ_LINGER, new Uint8Array(4), native.size(4));
zmq.zmq_close(s);
exit(0);
