/** The Bun backend: `bun:ffi`, pointers as numbers, size_t as numbers, helper threads as Workers. */
import { libcSymbols, type SymbolSpec, zmqSymbols } from "./symbols.ts";
import type { AdoptMessage, Backend, Bound, FdWaiter, Pointer, StoringCalls } from "./types.ts";
import { libcName, loadLibzmq, type OsName } from "./locate.ts";

/** The part of `bun:ffi` this backend uses (declared here so Deno and tsc can type-check the file). */
interface BunFfi {
  dlopen(path: string, defs: Record<string, unknown>): { symbols: Record<string, (...a: unknown[]) => unknown> };
  CString: new (ptr: number) => { toString(): string };
  toArrayBuffer(
    ptr: number,
    byteOffset: number,
    byteLength: number,
    deallocatorContext?: number,
    deallocator?: number,
  ): ArrayBuffer;
  CFunction(definition: { ptr: number; args: string[]; returns: string }): (...a: unknown[]) => unknown;
  cc(options: { source: string; symbols: Record<string, unknown> }): {
    symbols: Record<string, ((...a: unknown[]) => unknown) & { ptr: number }>;
  };
}
/** The Worker of Bun's globals, as used here (it has ref/unref, unlike the web's). */
interface BunWorker {
  postMessage(msg: unknown): void;
  terminate(): void;
  ref(): void;
  unref(): void;
  addEventListener(type: string, fn: (ev: { data?: unknown; message?: string }) => void): void;
}
/** Bun's globals used here, read from globalThis (no bare `Bun`/`process` for other type checkers). */
const host = globalThis as unknown as {
  Bun: { env: Record<string, string | undefined> };
  process: { platform: string; arch: string; on(event: string, fn: () => void): void };
  Worker: new (url: string) => BunWorker;
};

const KIND: Record<string, string> = {
  pointer: "ptr",
  buffer: "ptr",
  i32: "i32",
  u32: "u32",
  i64: "i64",
  usize: "usize",
  isize: "i64",
  void: "void",
};

function bunDefs(
  table: Record<string, SymbolSpec>,
  blocking: boolean,
  withOptional = true,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) {
    if ((spec.blocking ?? false) !== blocking) continue;
    if (spec.optional && !withOptional) continue;
    // bun:ffi binds by name only: an alias (the same function typed another way) is given the
    // real name's binding below; bun's "ptr" takes typed arrays and raw pointers alike.
    if (spec.name) continue;
    out[key] = { args: spec.parameters.map((p) => KIND[p]), returns: KIND[spec.result] };
  }
  return out;
}

function osName(): OsName {
  const p = host.process.platform;
  return p === "linux" || p === "darwin" ? p : p === "win32" ? "windows" : "other";
}

// Not an import: Deno must type-check (and `deno publish` analyze) this file without resolving
// `bun:`. Bun's import.meta.require loads it synchronously, also inside bundles and binaries.
// Loaded by createBackend, not at import: src/ffi/mod.ts imports both backends statically (a
// top-level await there made Bun drop the messages posted to a Worker while it loaded the library).
let ffi: BunFfi;

/**
 * The helper Workers' code, inline: a Worker made from a file beside this one would not exist
 * in a `bun build` bundle or a `bun build --compile` binary (the file is not carried along, and
 * the Worker never starts). A Blob URL works in all three. Each says "ready" once it loaded.
 */
const POLL_WORKER = `
// Blocks in poll(2) on the fds the main thread publishes; never calls libzmq.
self.onmessage = async (ev) => {
  const { libc, ctrl, pollfds } = ev.data;
  const { dlopen } = await import("bun:ffi");
  const { symbols } = dlopen(libc, { poll: { args: ["ptr", "usize", "i32"], returns: "i32" } });
  self.postMessage("ready");
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    seen = Atomics.load(ctrl, 0);
    ctrl[3] = symbols.poll(pollfds, ctrl[2], -1);
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
};`;
const BLOCKING_WORKER = `
// Runs one blocking libzmq call (zmq_proxy_steerable, zmq_ctx_term) and posts its result.
self.onmessage = async (ev) => {
  const { path, name, args, returns, values } = ev.data;
  try {
    const { dlopen } = await import("bun:ffi");
    const { symbols } = dlopen(path, { [name]: { args, returns } });
    self.postMessage({ result: Number(symbols[name](...values)) });
  } catch (e) {
    self.postMessage({ error: String(e?.message ?? e) });
  }
};`;

const workerUrls = new Map<string, string>();
function startWorker(source: string, what: string): BunWorker {
  let url = workerUrls.get(source);
  if (url === undefined) {
    url = URL.createObjectURL(new Blob([source], { type: "application/javascript" }));
    workerUrls.set(source, url);
  }
  try {
    return new host.Worker(url);
  } catch (e) {
    throw new Error(`the ${what} helper Worker could not be started: ${(e as Error)?.message ?? e}`);
  }
}

/** The Worker of each blocking call in flight (see Backend.unrefBlocking). */
const blockingWorkers = new WeakMap<Promise<number>, BunWorker>();

/** Runs one blocking libzmq call (all arguments pointers or ints) on a fresh Worker. */
function runBlocking(path: string, name: string, spec: SymbolSpec, args: unknown[]): Promise<number> {
  const worker = startWorker(BLOCKING_WORKER, name);
  const call = new Promise<number>((resolve, reject) => {
    worker.addEventListener("message", (ev) => {
      const { result, error } = ev.data as { result?: number; error?: string };
      worker.terminate();
      if (error !== undefined) reject(new Error(`${name} on a helper Worker: ${error}`));
      else resolve(result as number);
    });
    worker.addEventListener("error", (ev) => {
      worker.terminate();
      reject(new Error(`the helper Worker running ${name} failed: ${ev.message ?? "unknown error"}`));
    });
    worker.postMessage({
      path,
      name: spec.name ?? name,
      args: spec.parameters.map((p) => KIND[p]),
      returns: KIND[spec.result],
      values: args,
    });
  });
  blockingWorkers.set(call, worker);
  return call;
}

/**
 * One Worker blocked in poll(2); requests and answers go through a SharedArrayBuffer. A Worker
 * that fails (to start, or later) rejects the wait in flight and every later one with an error
 * saying so; `fdWaiter()` then starts a new one for the next wait.
 */
function createFdWaiter(libc: string, onBroken: () => void): FdWaiter {
  const MAX_FDS = 16384;
  const ctrl = new Int32Array(new SharedArrayBuffer(16)); // [request seq, answer seq, nfds, result]
  const pollfds = new Uint8Array(new SharedArrayBuffer(MAX_FDS * 8));
  const worker = startWorker(POLL_WORKER, "poll");
  let broken: Error | null = null;
  let failInflight: ((e: Error) => void) | null = null;
  /** The answer count a wait in flight waits to see change (-1: none in flight). */
  let awaiting = -1;
  worker.addEventListener("error", (ev) => {
    broken = new Error(`the poll helper Worker failed: ${ev.message ?? "unknown error"}`);
    onBroken();
    failInflight?.(broken);
  });
  worker.postMessage({ libc, ctrl, pollfds });
  worker.unref();
  return {
    async wait(fds: Uint8Array, nfds: number): Promise<number> {
      if (broken) throw broken;
      if (nfds > MAX_FDS) throw new RangeError(`at most ${MAX_FDS} sockets can be awaited at once`);
      pollfds.set(fds.subarray(0, nfds * 8));
      const answered = Atomics.load(ctrl, 1);
      ctrl[2] = nfds;
      Atomics.add(ctrl, 0, 1);
      Atomics.notify(ctrl, 0);
      const w = Atomics.waitAsync(ctrl, 1, answered);
      if (w.async) {
        awaiting = answered;
        await new Promise<void>((resolve, reject) => {
          failInflight = reject;
          w.value.then(() => resolve());
        }).finally(() => {
          failInflight = null;
          awaiting = -1;
        });
      }
      fds.set(pollfds.subarray(0, nfds * 8));
      return ctrl[3];
    },
    ref(alive: boolean): void {
      if (alive) worker.ref();
      else worker.unref();
    },
    describe(): string {
      const answers = Atomics.load(ctrl, 1);
      return `poll Worker: ${Atomics.load(ctrl, 0)} requests, ${answers} answers` +
        (awaiting < 0 ? "" : `; awaiting answer ${awaiting + 1}${answers > awaiting ? " (given, not yet seen)" : ""}`) +
        (broken ? `; broken: ${broken.message}` : "");
    },
  };
}

/**
 * Two native functions, compiled on first use by the TinyCC built into Bun, from a source written to
 * a private temporary folder, where the machine code of machine_code.ts cannot be had (not Linux
 * x86-64); libzmq's and libc's functions come in as pointers (Debian ships no libzmq.so to link
 * against, and TinyCC's own `free` is not libc's). Where this cannot be done either, frames are
 * copied.
 *
 * - `zmqffi_release`, the release of an adopted frame (see Backend.adopter): JSC calls it
 *   with (bytes, context) when the ArrayBuffer dies, on whichever thread last owned it. It
 *   closes the zmq_msg_t (the context) and frees it.
 * - `zmqffi_sent`, the done function of a frame sent without a copy (Backend.doneFunction):
 *   libzmq calls it when it no longer reads the frame; it marks the frame's slot and counts.
 *   TinyCC has no atomic builtins: x86-64 counts with a locked increment, elsewhere a count
 *   lost to a race only delays a sweep (src/zerocopy.ts also sweeps on a timer).
 */
const NATIVE_C = `
typedef int (*close_t)(void *);
typedef void (*free_t)(void *);
static close_t msg_close;
static free_t mem_free;
static volatile int *sent_count;
void zmqffi_init(void *close_fn, void *free_fn) { msg_close = (close_t)close_fn; mem_free = (free_t)free_fn; }
void zmqffi_release(void *bytes, void *msg) { (void)bytes; msg_close(msg); mem_free(msg); }
void zmqffi_count_at(void *counter) { sent_count = (volatile int *)counter; }
void zmqffi_sent(void *data, void *hint) {
  (void)data;
  *(volatile int *)hint = 1;
#ifdef __x86_64__
  __asm__ __volatile__("lock; incl %0" : "+m"(*sent_count) : : "memory");
#else
  *sent_count += 1;
#endif
}
`;

interface Compiled {
  release: number;
  sent: number;
  countAt: (counter: number) => void;
}

function compileNative(closeFn: number, freeFn: number): Compiled | null {
  let dir: string | null = null;
  const fs = (import.meta as unknown as { require(id: string): NodeFs }).require("node:fs");
  const os = (import.meta as unknown as { require(id: string): { tmpdir(): string } }).require("node:os");
  try {
    dir = fs.mkdtempSync(`${os.tmpdir()}/zeromq-ffi-`);
    const source = `${dir}/native.c`;
    fs.writeFileSync(source, NATIVE_C);
    const { symbols } = ffi.cc({
      source,
      symbols: {
        zmqffi_init: { args: ["ptr", "ptr"], returns: "void" },
        zmqffi_release: { args: ["ptr", "ptr"], returns: "void" },
        zmqffi_count_at: { args: ["ptr"], returns: "void" },
        zmqffi_sent: { args: ["ptr", "ptr"], returns: "void" },
      },
    });
    symbols.zmqffi_init(closeFn, freeFn);
    return {
      release: symbols.zmqffi_release.ptr,
      sent: symbols.zmqffi_sent.ptr,
      countAt: (counter: number) => void symbols.zmqffi_count_at(counter),
    };
  } catch {
    return null;
  } finally {
    if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
  }
}
interface NodeFs {
  mkdtempSync(prefix: string): string;
  writeFileSync(path: string, data: string): void;
  rmSync(path: string, options: { recursive: boolean; force: boolean }): void;
}

/** Loads libzmq and libc through bun:ffi. */
export function createBackend(): Backend {
  ffi = (import.meta as unknown as { require(id: string): BunFfi }).require("bun:ffi");
  const os = osName();
  const { lib: zmqLib, path: libraryPath } = loadLibzmq(
    os,
    { value: host.Bun.env.LIBZMQ_PATH },
    (path) => ffi.dlopen(path, bunDefs(zmqSymbols, false)),
  );
  const zmq: Record<string, unknown> = { ...zmqLib.symbols };
  for (const [key, spec] of Object.entries(zmqSymbols as Record<string, SymbolSpec>)) {
    if (spec.blocking) zmq[key] = (...args: unknown[]) => runBlocking(libraryPath, key, spec, args);
    else if (spec.name) zmq[key] = zmq[spec.name];
  }
  const libcPath = libcName(os);
  let libc: ReturnType<BunFfi["dlopen"]>;
  try {
    libc = ffi.dlopen(libcPath, bunDefs(libcSymbols, false));
  } catch {
    // An optional symbol is missing (ppoll, gettid on macOS): bind the rest, leave them undefined.
    libc = ffi.dlopen(libcPath, bunDefs(libcSymbols, false, false));
  }
  let waiter: FdWaiter | undefined;
  const closeFn = (zmqLib.symbols.zmq_msg_close as unknown as { ptr?: number }).ptr;
  const freeFn = (libc.symbols.free as unknown as { ptr?: number }).ptr;
  // Compiled on first use where the machine code cannot be had (not Linux x86-64), not at load:
  // TinyCC and its temporary file cost a program that never needs them ~4 ms of start-up, and
  // each thread that compiles keeps ~10 mappings (rwx code among them) after it ended.
  let compiled: Compiled | null | undefined;
  const natives = (): Compiled | null => {
    if (compiled !== undefined) return compiled;
    return compiled = closeFn && freeFn ? compileNative(closeFn, freeFn) : null;
  };
  return {
    runtime: "bun",
    adopter(release: Pointer | null): AdoptMessage | undefined {
      const fn = release !== null ? release as number : natives()?.release;
      if (fn === undefined) return undefined;
      return (msg: Pointer, data: Pointer, length: number) =>
        ffi.toArrayBuffer(data as number, 0, length, msg as number, fn);
    },
    releaseAddresses: () => closeFn && freeFn ? [BigInt(closeFn), BigInt(freeFn)] : null,
    storingCalls(page: Pointer): StoringCalls | null {
      const socketAt = (zmqLib.symbols.zmq_socket as unknown as { ptr?: number }).ptr;
      const contextAt = (zmqLib.symbols.zmq_ctx_new as unknown as { ptr?: number }).ptr;
      if (!socketAt || !contextAt) return null;
      const call = ffi.CFunction({ ptr: page as number, args: ["ptr", "ptr", "i32", "ptr"], returns: "ptr" });
      return {
        socket: (context, type, into) => call(socketAt, context, type, into) as Pointer,
        context: (into) => call(contextAt, null, 0, into) as Pointer,
      };
    },
    doneFunction(counter: Pointer): Pointer | null {
      const c = natives();
      if (c === null) return null;
      c.countAt(counter as number);
      return c.sent as Pointer;
    },
    os,
    arch: { x64: "x86_64", arm64: "aarch64" }[host.process.arch] ?? host.process.arch,
    libraryPath,
    zmq: zmq as unknown as Bound<typeof zmqSymbols>,
    libc: libc.symbols as unknown as Bound<typeof libcSymbols>,
    size: (n: number) => n,
    isNull: (p: Pointer) => p === null || p === 0,
    cString: (p: Pointer) => new ffi.CString(p as number).toString(),
    pointerValue: (p: Pointer) => BigInt((p as number) ?? 0),
    pointerFrom: (v: bigint) => Number(v) as Pointer,
    onBeforeExit: (fn) => host.process.on("beforeExit", fn),
    onUnload: () => {},
    unrefBlocking: (call: Promise<unknown>) => blockingWorkers.get(call as Promise<number>)?.unref(),
    view: (p: Pointer, bytes: number) => ffi.toArrayBuffer(p as number, 0, bytes),
    unrefTimer: (timer: unknown) => (timer as { unref?: () => void }).unref?.(),
    errnoCell(): Int32Array | null {
      const at = os === "linux" ? libc.symbols.__errno_location : undefined;
      if (typeof at !== "function") return null;
      const p = at() as number;
      return p ? new Int32Array(ffi.toArrayBuffer(p, 0, 4)) : null;
    },
    fdWaiter(): FdWaiter {
      waiter ??= createFdWaiter(libcPath, () => waiter = undefined);
      return waiter;
    },
  };
}
