/**
 * The wake paths of bench/wake: ways for the JS thread to wait until a socket's ZMQ_FD is readable
 * after an operation returned EAGAIN. Each returns a function that waits once (the caller retries
 * its ZMQ_DONTWAIT operation afterwards, as ZMQ_FD is edge-triggered).
 *
 *   ppoll200     floor B: ppoll(ZMQ_FD) for at most 200 µs on the JS thread (synchronous)
 *   nb           Deno: poll(2) as a `nonblocking` FFI call (Deno's blocking pool; today's Deno park)
 *   worker-aw    a Worker blocked in FFI poll(2), armed and answered through a SharedArrayBuffer:
 *                Atomics.notify -> main thread Atomics.waitAsync (today's Bun park)
 *   worker-pm    a Worker blocked in FFI poll(2), armed and answered with postMessage
 *   worker-et    a Worker that stays in FFI epoll_wait(2) on ZMQ_FD registered edge-triggered
 *                (EPOLLET: one event per libzmq signal, so nobody has to re-arm it), answering
 *                every edge with Atomics.notify; the JS thread never wakes the Worker, it only
 *                awaits Atomics.waitAsync when no edge came since its last wait (2 thread wakes
 *                per wait instead of worker-aw's 3)
 *   worker-tscb  Deno: the Worker of worker-aw answers by calling a Deno.UnsafeCallback.threadSafe
 *                of the main thread (through Deno.UnsafeFnPointer)
 *   ring-tscb    a native thread with no JS (zmq_threadstart + a makecontext ring, ring.ts: no C)
 *                polls and calls a thread-safe callback (Deno UnsafeCallback.threadSafe, Bun
 *                JSCallback threadsafe: true)
 *   cc-tscb      Bun: the same native thread written in C (native_poll.c), compiled at load time by
 *                bun:ffi's cc (TinyCC), calling a JSCallback with threadsafe: true
 */
import { bunFfi, POLLIN, type Raw, runtime } from "./ffi.ts";
import { startRing } from "./ring.ts";

export type Wait = () => Promise<unknown> | void;

export const PATHS: Record<"deno" | "bun", string[]> = {
  deno: ["block", "ppoll200", "nb", "worker-aw", "worker-et", "worker-pm", "worker-tscb", "ring-tscb"],
  bun: ["block", "ppoll200", "worker-aw", "worker-et", "worker-pm", "cc-tscb", "ring-tscb"],
};

interface WorkerLike {
  postMessage(msg: unknown): void;
  onmessage: ((ev: MessageEvent) => void) | null;
}

/** Starts the helper Worker and waits for its "ready". */
async function startWorker(init: Record<string, unknown>): Promise<WorkerLike> {
  const w = new Worker(new URL("./helper_worker.ts", import.meta.url).href, {
    type: "module",
  }) as unknown as WorkerLike;
  await new Promise<void>((resolve) => {
    w.onmessage = () => resolve();
    w.postMessage(init);
  });
  return w;
}

/** A thread-safe callback (callable from any thread) and its address. */
async function threadSafeCallback(fn: () => void): Promise<bigint> {
  if (runtime === "deno") {
    const cb = Deno.UnsafeCallback.threadSafe({ parameters: [], result: "void" } as const, fn);
    return BigInt(Deno.UnsafePointer.value(cb.pointer));
  }
  const { JSCallback } = await bunFfi<{
    JSCallback: new (fn: () => void, def: Record<string, unknown>) => { ptr: number };
  }>();
  const cb = new JSCallback(fn, { args: [], returns: "void", threadsafe: true });
  keep.push(cb);
  // A threadsafe JSCallback does not keep Bun's event loop alive. With nothing else ref'd, a call
  // from a native thread reached JS only after ~8 ms (p50, measured here; the process also burned
  // ~3 ms of CPU per round trip); a ref'd handle puts the loop back in its normal wait and
  // wakes are prompt. A library would ref something while a wait is pending; this keeps one for
  // the life of the process.
  keep.push(setInterval(() => {}, 1 << 30));
  return BigInt(cb.ptr);
}
const keep: unknown[] = [];

export async function makeWait(raw: Raw, path: string, fd: number): Promise<Wait> {
  const pollfd = new Uint8Array(8);
  new Int32Array(pollfd.buffer)[0] = fd;
  new Int16Array(pollfd.buffer)[2] = POLLIN;
  const one = raw.size(1);
  let pending: (() => void) | null = null;
  const settle = () => {
    const r = pending;
    pending = null;
    r?.();
  };

  switch (path) {
    case "ppoll200": {
      const ts = new BigInt64Array([0n, 200_000n]);
      return () => void raw.libc.ppoll(pollfd, one, ts, null);
    }
    case "nb": {
      if (!raw.pollNb) throw new Error("nb is Deno only");
      const pollNb = raw.pollNb;
      return () => pollNb(pollfd, 1n, -1);
    }
    case "worker-aw":
    case "worker-tscb": {
      const ctrl = new Int32Array(new SharedArrayBuffer(16));
      const shared = new Uint8Array(new SharedArrayBuffer(8));
      shared.set(pollfd);
      if (path === "worker-aw") {
        await startWorker({ mode: "aw", ctrl, pollfds: shared });
        return async () => {
          const answered = Atomics.load(ctrl, 1);
          ctrl[2] = 1;
          Atomics.add(ctrl, 0, 1);
          Atomics.notify(ctrl, 0);
          const w = Atomics.waitAsync(ctrl, 1, answered);
          if (w.async) await w.value;
        };
      }
      if (runtime !== "deno") throw new Error("worker-tscb is Deno only");
      const callback = await threadSafeCallback(settle);
      await startWorker({ mode: "cb", ctrl, pollfds: shared, callback });
      return () =>
        new Promise<void>((resolve) => {
          pending = resolve;
          ctrl[2] = 1;
          Atomics.add(ctrl, 0, 1);
          Atomics.notify(ctrl, 0);
        });
    }
    case "worker-et": {
      // ctrl[1] counts the edges the Worker saw. An edge after the last one this thread saw may
      // have come after the EAGAIN that led here: return at once (the caller tries again).
      const ctrl = new Int32Array(new SharedArrayBuffer(16));
      await startWorker({ mode: "et", ctrl, pollfds: new Uint8Array(new SharedArrayBuffer(8)), fd });
      let seen = 0;
      return async () => {
        if (Atomics.load(ctrl, 1) === seen) {
          const w = Atomics.waitAsync(ctrl, 1, seen);
          if (w.async) await w.value;
        }
        seen = Atomics.load(ctrl, 1);
      };
    }
    case "worker-pm": {
      const shared = new Uint8Array(new SharedArrayBuffer(8));
      shared.set(pollfd);
      const w = await startWorker({ mode: "pm", ctrl: new Int32Array(new SharedArrayBuffer(16)), pollfds: shared });
      w.onmessage = settle;
      return () =>
        new Promise<void>((resolve) => {
          pending = resolve;
          w.postMessage(0);
        });
    }
    case "ring-tscb": {
      const ring = startRing(raw, fd, await threadSafeCallback(settle));
      return () =>
        new Promise<void>((resolve) => {
          pending = resolve;
          ring.arm();
        });
    }
    case "cc-tscb": {
      if (runtime !== "bun") throw new Error("cc-tscb is Bun only");
      const { cc } = await bunFfi<{
        cc(o: Record<string, unknown>): { symbols: { start_waiter(fd: number, cb: number): number } };
      }>();
      const lib = cc({
        source: new URL("./native_poll.c", import.meta.url).pathname,
        symbols: { start_waiter: { args: ["int", "ptr"], returns: "int" } },
      });
      keep.push(lib);
      const gate = lib.symbols.start_waiter(fd, Number(await threadSafeCallback(settle)));
      if (gate < 0) throw new Error("start_waiter failed");
      const byte = new Uint8Array(1);
      return () =>
        new Promise<void>((resolve) => {
          pending = resolve;
          raw.libc.write(gate, byte, one);
        });
    }
  }
  throw new Error(`unknown wake path ${path} (${runtime}: ${PATHS[runtime].join(", ")})`);
}
