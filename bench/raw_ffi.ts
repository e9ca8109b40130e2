/**
 * The floor: raw blocking zmq_send/zmq_recv through FFI (Deno.dlopen or bun:ffi) in a tight loop
 * on a preallocated Uint8Array, the same call pattern as bench/c/perf.c. Not the library: its own
 * dlopen, size_t passed as BigInt on Deno (a JS number leaves Deno's fast call path).
 *
 * Usage: deno run -A bench/raw_ffi.ts ROLE ENDPOINT SIZE COUNT [PARTS]   (or: bun bench/raw_ffi.ts ...)
 * inproc-*: the peer runs in a Worker sharing the context (two threads, as in C).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type Args, exit, latResult, parseArgs, ready, result, runtime, stdinEof, thrResult } from "./_common.ts";

const ZMQ_PUSH = 8,
  ZMQ_PULL = 7,
  ZMQ_REQ = 3,
  ZMQ_REP = 4,
  ZMQ_SNDMORE = 2,
  ZMQ_LAST_ENDPOINT = 32,
  ZMQ_LINGER = 17;
const LIB = "libzmq.so.5";

type P = unknown;
interface Zmq {
  zmq_ctx_new(): P;
  zmq_socket(ctx: P, type: number): P;
  zmq_close(s: P): number;
  zmq_bind(s: P, ep: Uint8Array): number;
  zmq_connect(s: P, ep: Uint8Array): number;
  zmq_send(s: P, buf: Uint8Array, len: number | bigint, flags: number): number;
  zmq_recv(s: P, buf: Uint8Array, len: number | bigint, flags: number): number;
  zmq_getsockopt(s: P, opt: number, buf: Uint8Array, len: Uint8Array): number;
  zmq_setsockopt(
    s: P,
    opt: number,
    buf: Uint8Array,
    len: number | bigint,
  ): number;
  zmq_errno(): number;
}

async function load(): Promise<
  {
    zmq: Zmq;
    size: (n: number) => number | bigint;
    ptr: (v: bigint) => P;
    val: (p: P) => bigint;
  }
> {
  if (runtime === "deno") {
    const D = (globalThis as unknown as { Deno: typeof Deno }).Deno;
    const lib = D.dlopen(
      LIB,
      {
        zmq_ctx_new: { parameters: [], result: "pointer" },
        zmq_socket: { parameters: ["pointer", "i32"], result: "pointer" },
        zmq_close: { parameters: ["pointer"], result: "i32" },
        zmq_bind: { parameters: ["pointer", "buffer"], result: "i32" },
        zmq_connect: { parameters: ["pointer", "buffer"], result: "i32" },
        zmq_send: {
          parameters: ["pointer", "buffer", "usize", "i32"],
          result: "i32",
        },
        zmq_recv: {
          parameters: ["pointer", "buffer", "usize", "i32"],
          result: "i32",
        },
        zmq_getsockopt: {
          parameters: ["pointer", "i32", "buffer", "buffer"],
          result: "i32",
        },
        zmq_setsockopt: {
          parameters: ["pointer", "i32", "buffer", "usize"],
          result: "i32",
        },
        zmq_errno: { parameters: [], result: "i32" },
      } as const,
    );
    return {
      zmq: lib.symbols as unknown as Zmq,
      size: BigInt,
      ptr: (v) => D.UnsafePointer.create(v),
      val: (p) => BigInt(D.UnsafePointer.value(p as Deno.PointerValue)),
    };
  }
  const spec = "bun:ffi";
  const { dlopen } = await import(spec);
  const lib = dlopen(LIB, {
    zmq_ctx_new: { args: [], returns: "ptr" },
    zmq_socket: { args: ["ptr", "i32"], returns: "ptr" },
    zmq_close: { args: ["ptr"], returns: "i32" },
    zmq_bind: { args: ["ptr", "ptr"], returns: "i32" },
    zmq_connect: { args: ["ptr", "ptr"], returns: "i32" },
    zmq_send: { args: ["ptr", "ptr", "usize", "i32"], returns: "i32" },
    zmq_recv: { args: ["ptr", "ptr", "usize", "i32"], returns: "i32" },
    zmq_getsockopt: { args: ["ptr", "i32", "ptr", "ptr"], returns: "i32" },
    zmq_setsockopt: { args: ["ptr", "i32", "ptr", "usize"], returns: "i32" },
    zmq_errno: { args: [], returns: "i32" },
  });
  return {
    zmq: lib.symbols as Zmq,
    size: (n) => n,
    ptr: (v) => Number(v),
    val: (p) => BigInt(p as number),
  };
}

const { zmq, size, ptr, val } = await load();
const enc = new TextEncoder();
const cstr = (s: string) => enc.encode(s + "\0");

function fail(what: string): never {
  throw new Error(`${what} failed (errno ${zmq.zmq_errno()})`);
}

function bindSocket(
  ctx: P,
  type: number,
  endpoint: string,
): { s: P; endpoint: string } {
  const s = zmq.zmq_socket(ctx, type);
  if (zmq.zmq_bind(s, cstr(endpoint)) !== 0) fail("zmq_bind");
  const buf = new Uint8Array(512);
  const len = new BigUint64Array([512n]);
  if (
    zmq.zmq_getsockopt(
      s,
      ZMQ_LAST_ENDPOINT,
      buf,
      new Uint8Array(len.buffer),
    ) !== 0
  ) fail("getsockopt");
  return {
    s,
    endpoint: new TextDecoder().decode(buf.subarray(0, Number(len[0]) - 1)),
  };
}

function connectSocket(ctx: P, type: number, endpoint: string): P {
  const s = zmq.zmq_socket(ctx, type);
  if (zmq.zmq_connect(s, cstr(endpoint)) !== 0) fail("zmq_connect");
  return s;
}

function closeNow(s: P): void {
  const zero = new Int32Array(1);
  zmq.zmq_setsockopt(s, ZMQ_LINGER, new Uint8Array(zero.buffer), size(4));
  zmq.zmq_close(s);
}

function loops(a: Pick<Args, "size" | "count" | "parts">) {
  const buf = new Uint8Array(Math.max(a.size, 1));
  const len = size(a.size);
  const parts = a.parts;
  const recvMsg = (s: P) => {
    for (let p = 0; p < parts; p++) {
      if (zmq.zmq_recv(s, buf, len, 0) < 0) fail("zmq_recv");
    }
  };
  const sendMsg = (s: P) => {
    for (let p = 0; p < parts; p++) {
      if (zmq.zmq_send(s, buf, len, p + 1 < parts ? ZMQ_SNDMORE : 0) < 0) {
        fail("zmq_send");
      }
    }
  };
  return {
    pull(s: P) {
      recvMsg(s);
      const t0 = performance.now();
      for (let i = 1; i < a.count; i++) recvMsg(s);
      result(thrResult(a.count, a.size, parts, t0, performance.now()));
    },
    push(s: P) {
      for (let i = 0; i < a.count; i++) sendMsg(s);
    },
    rep(s: P) {
      for (let i = 0; i <= a.count; i++) {
        recvMsg(s);
        sendMsg(s);
      }
    },
    req(s: P) {
      sendMsg(s);
      recvMsg(s);
      const rtt = new Float64Array(a.count);
      const start = performance.now();
      for (let i = 0; i < a.count; i++) {
        const t = performance.now();
        sendMsg(s);
        recvMsg(s);
        rtt[i] = performance.now() - t;
      }
      result(latResult(rtt, performance.now() - start));
    },
  };
}

if (!isMainThread) {
  // The inproc peer thread: PUSH (sends COUNT) or REP (binds, answers COUNT+1).
  const { ctx, role, endpoint, size: sz, count, parts } = workerData as {
    ctx: bigint;
    role: string;
    endpoint: string;
    size: number;
    count: number;
    parts: number;
  };
  const l = loops({ size: sz, count, parts });
  if (role === "inproc-thr") {
    const s = connectSocket(ptr(ctx), ZMQ_PUSH, endpoint);
    l.push(s);
  } else {
    const { s } = bindSocket(ptr(ctx), ZMQ_REP, endpoint);
    parentPort!.postMessage("bound");
    l.rep(s);
  }
  // Stays open: the main thread exits the process once it has measured.
} else {
  const a = parseArgs();
  const l = loops(a);
  const ctx = zmq.zmq_ctx_new();
  switch (a.role) {
    case "thr-pull": {
      const { s, endpoint } = bindSocket(ctx, ZMQ_PULL, a.endpoint);
      ready(endpoint);
      l.pull(s);
      closeNow(s);
      break;
    }
    case "lat-rep": {
      const { s, endpoint } = bindSocket(ctx, ZMQ_REP, a.endpoint);
      ready(endpoint);
      l.rep(s);
      await stdinEof();
      closeNow(s);
      break;
    }
    case "thr-push": {
      const s = connectSocket(ctx, ZMQ_PUSH, a.endpoint);
      l.push(s);
      await stdinEof();
      closeNow(s);
      break;
    }
    case "lat-req": {
      const s = connectSocket(ctx, ZMQ_REQ, a.endpoint);
      l.req(s);
      closeNow(s);
      break;
    }
    case "inproc-thr":
    case "inproc-lat": {
      const data = {
        ctx: val(ctx),
        role: a.role,
        endpoint: a.endpoint,
        size: a.size,
        count: a.count,
        parts: a.parts,
      };
      if (a.role === "inproc-thr") {
        const { s } = bindSocket(ctx, ZMQ_PULL, a.endpoint);
        new Worker(new URL(import.meta.url), { workerData: data });
        l.pull(s);
      } else {
        const w = new Worker(new URL(import.meta.url), { workerData: data });
        await new Promise((r) => w.once("message", r));
        const s = connectSocket(ctx, ZMQ_REQ, a.endpoint);
        l.req(s);
      }
      exit(0); // the peer thread may still be blocked in libzmq; the measurement is done
    }
  }
  exit(0);
}
