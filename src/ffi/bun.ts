/** The Bun backend: `bun:ffi`, pointers as numbers, size_t as numbers, helper threads as Workers. */
import { libcSymbols, type SymbolSpec, zmqSymbols } from "./symbols.ts";
import type { Backend, Bound, FdWaiter, Pointer } from "./types.ts";
import { libcName, libzmqCandidates, libzmqNotFound, type OsName } from "./locate.ts";

/** The part of `bun:ffi` this backend uses (declared here so Deno can type-check the file). */
interface BunFfi {
  dlopen(path: string, defs: Record<string, unknown>): { symbols: Record<string, (...a: unknown[]) => unknown> };
  CString: new (ptr: number) => { toString(): string };
  toArrayBuffer(ptr: number, byteOffset: number, byteLength: number): ArrayBuffer;
}
interface BunWorker {
  postMessage(msg: unknown): void;
  terminate(): void;
  ref(): void;
  unref(): void;
  addEventListener(type: string, fn: (ev: { data: unknown }) => void): void;
}
declare const Bun: { env: Record<string, string | undefined> };
declare const process: { platform: string; on(event: string, fn: () => void): void };

const KIND: Record<string, string> = {
  pointer: "ptr",
  buffer: "ptr",
  i32: "i32",
  u32: "u32",
  i64: "i64",
  usize: "usize",
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
    out[key] = {
      args: spec.parameters.map((p) => KIND[p]),
      returns: KIND[spec.result],
      ...(spec.name ? { name: spec.name } : {}),
    };
  }
  return out;
}

function osName(): OsName {
  const p = process.platform;
  return p === "linux" || p === "darwin" ? p : p === "win32" ? "windows" : "other";
}

// Not a static import: Deno must be able to type-check this file without resolving `bun:`.
const ffiSpecifier = "bun:ffi";
const ffi = (await import(ffiSpecifier)) as BunFfi;

/** Runs one blocking libzmq call (all arguments pointers or ints) on a fresh Worker. */
function runBlocking(path: string, name: string, spec: SymbolSpec, args: unknown[]): Promise<number> {
  const worker = new Worker(new URL("./bun_blocking_worker.ts", import.meta.url).href) as unknown as BunWorker;
  return new Promise<number>((resolve, reject) => {
    worker.addEventListener("message", (ev) => {
      const { result, error } = ev.data as { result?: number; error?: string };
      worker.terminate();
      if (error !== undefined) reject(new Error(error));
      else resolve(result as number);
    });
    worker.addEventListener("error", (ev) => {
      worker.terminate();
      reject(new Error(String((ev as unknown as { message?: string }).message ?? "worker failed")));
    });
    worker.postMessage({
      path,
      name: spec.name ?? name,
      args: spec.parameters.map((p) => KIND[p]),
      returns: KIND[spec.result],
      values: args,
    });
  });
}

/** One Worker blocked in poll(2); requests and answers go through a SharedArrayBuffer. */
function createFdWaiter(libc: string): FdWaiter {
  const MAX_FDS = 16384;
  const ctrl = new Int32Array(new SharedArrayBuffer(16)); // [request seq, answer seq, nfds, result]
  const pollfds = new Uint8Array(new SharedArrayBuffer(MAX_FDS * 8));
  const worker = new Worker(new URL("./bun_poll_worker.ts", import.meta.url).href) as unknown as BunWorker;
  worker.postMessage({ libc, ctrl, pollfds });
  worker.unref();
  return {
    async wait(fds: Uint8Array, nfds: number): Promise<number> {
      if (nfds > MAX_FDS) throw new RangeError(`at most ${MAX_FDS} sockets can be awaited at once`);
      pollfds.set(fds.subarray(0, nfds * 8));
      const answered = Atomics.load(ctrl, 1);
      ctrl[2] = nfds;
      Atomics.add(ctrl, 0, 1);
      Atomics.notify(ctrl, 0);
      const w = Atomics.waitAsync(ctrl, 1, answered);
      if (w.async) await w.value;
      fds.set(pollfds.subarray(0, nfds * 8));
      return ctrl[3];
    },
    ref(alive: boolean): void {
      if (alive) worker.ref();
      else worker.unref();
    },
  };
}

/** Loads libzmq and libc through bun:ffi. */
export function createBackend(): Backend {
  const os = osName();
  const tried: { path: string; error: string }[] = [];
  let zmqLib: ReturnType<BunFfi["dlopen"]> | undefined;
  let libraryPath = "";
  for (const path of libzmqCandidates(os, Bun.env.LIBZMQ_PATH)) {
    try {
      zmqLib = ffi.dlopen(path, bunDefs(zmqSymbols, false));
      libraryPath = path;
      break;
    } catch (e) {
      tried.push({ path, error: (e as Error).message.split("\n")[0] });
    }
  }
  if (!zmqLib) throw libzmqNotFound(tried);
  const zmq: Record<string, unknown> = { ...zmqLib.symbols };
  for (const [key, spec] of Object.entries(zmqSymbols as Record<string, SymbolSpec>)) {
    if (spec.blocking) zmq[key] = (...args: unknown[]) => runBlocking(libraryPath, key, spec, args);
  }
  const libcPath = libcName(os);
  let libc: ReturnType<BunFfi["dlopen"]>;
  try {
    libc = ffi.dlopen(libcPath, bunDefs(libcSymbols, false));
  } catch {
    // An optional symbol is missing (ppoll on macOS): bind the rest, leave it undefined.
    libc = ffi.dlopen(libcPath, bunDefs(libcSymbols, false, false));
  }
  let waiter: FdWaiter | undefined;
  return {
    runtime: "bun",
    os,
    libraryPath,
    zmq: zmq as unknown as Bound<typeof zmqSymbols>,
    libc: libc.symbols as unknown as Bound<typeof libcSymbols>,
    size: (n: number) => n,
    isNull: (p: Pointer) => p === null || p === 0,
    cString: (p: Pointer) => new ffi.CString(p as number).toString(),
    pointerValue: (p: Pointer) => BigInt((p as number) ?? 0),
    pointerFrom: (v: bigint) => Number(v) as Pointer,
    onBeforeExit: (fn) => process.on("beforeExit", fn),
    onExit: (fn) => process.on("exit", fn),
    view: (p: Pointer, bytes: number) => ffi.toArrayBuffer(p as number, 0, bytes),
    unrefTimer: (timer: unknown) => (timer as { unref?: () => void }).unref?.(),
    errnoCell(): Int32Array | null {
      const at = os === "linux" ? libc.symbols.__errno_location : undefined;
      if (typeof at !== "function") return null;
      const p = at() as number;
      return p ? new Int32Array(ffi.toArrayBuffer(p, 0, 4)) : null;
    },
    fdWaiter(): FdWaiter {
      waiter ??= createFdWaiter(libcPath);
      return waiter;
    },
  };
}
