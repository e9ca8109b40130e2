/** The Deno backend: `Deno.dlopen`, pointers as Deno pointer objects, size_t as BigInt. */
import { libcSymbols, type SymbolSpec, zmqSymbols } from "./symbols.ts";
import type { Backend, Bound, FdWaiter, Pointer } from "./types.ts";
import { libcName, libzmqCandidates, libzmqNotFound, type OsName } from "./locate.ts";

function denoDefs(table: Record<string, SymbolSpec>): Record<string, Deno.ForeignFunction> {
  const out: Record<string, Deno.ForeignFunction> = {};
  for (const [key, spec] of Object.entries(table)) {
    out[key] = {
      name: spec.name ?? key,
      parameters: spec.parameters as Deno.NativeType[],
      result: spec.result as Deno.NativeResultType,
      nonblocking: spec.blocking ?? false,
      optional: spec.optional ?? false,
    };
  }
  return out;
}

function osName(): OsName {
  const os = Deno.build.os;
  return os === "linux" || os === "darwin" || os === "windows" ? os : "other";
}

/**
 * Keeps libzmq mapped for the life of the process. Deno dlclose()s an FFI library when the
 * runtime that opened it is torn down (after `deno test` ran a module, a Worker ending) while
 * libzmq's I/O and reaper threads may still run: that unmapped or destructed code under them
 * and segfaulted (seen in ~1 of 3 `deno test` runs of tests/poller.test.ts). dlopen() with
 * RTLD_NOLOAD | RTLD_NODELETE marks the already loaded library as never to be unloaded.
 * Best effort: where it cannot be done nothing changes.
 */
function pinLibrary(os: OsName, path: string): void {
  // RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE
  const flags = os === "linux" ? 0x2 | 0x4 | 0x1000 : os === "darwin" ? 0x2 | 0x10 | 0x80 : 0;
  if (flags === 0) return;
  const name = new TextEncoder().encode(path + "\0");
  for (const lib of [libcName(os), "libdl.so.2"]) {
    try {
      const dl = Deno.dlopen(lib, { dlopen: { parameters: ["buffer", "i32"], result: "pointer" } });
      if (dl.symbols.dlopen(name, flags) !== null) return;
    } catch {
      // try the next library (glibc before 2.34 has dlopen in libdl)
    }
  }
}

/** Loads libzmq and libc through Deno.dlopen. */
export function createBackend(): Backend {
  const os = osName();
  const tried: { path: string; error: string }[] = [];
  let zmqLib: Deno.DynamicLibrary<Record<string, Deno.ForeignFunction>> | undefined;
  let libraryPath = "";
  for (const path of libzmqCandidates(os, Deno.env.get("LIBZMQ_PATH"))) {
    try {
      zmqLib = Deno.dlopen(path, denoDefs(zmqSymbols));
      libraryPath = path;
      break;
    } catch (e) {
      tried.push({ path, error: (e as Error).message.split("\n")[0] });
    }
  }
  if (!zmqLib) throw libzmqNotFound(tried);
  pinLibrary(os, libraryPath);
  const libc = Deno.dlopen(libcName(os), denoDefs(libcSymbols));
  const pollNb = Deno.dlopen(libcName(os), {
    poll: { parameters: ["buffer", "usize", "i32"], result: "i32", nonblocking: true },
  });

  let waiter: FdWaiter | undefined;
  return {
    runtime: "deno",
    os,
    libraryPath,
    zmq: zmqLib.symbols as unknown as Bound<typeof zmqSymbols>,
    libc: libc.symbols as unknown as Bound<typeof libcSymbols>,
    size: BigInt as (n: number) => bigint,
    isNull: (p: Pointer) => p === null,
    cString: (p: Pointer) => Deno.UnsafePointerView.getCString(p as unknown as Deno.PointerObject),
    pointerValue: (p: Pointer) => BigInt(Deno.UnsafePointer.value(p as unknown as Deno.PointerValue)),
    pointerFrom: (v: bigint) => Deno.UnsafePointer.create(v) as Pointer,
    // Work started in "beforeunload" (even a pending nonblocking FFI call) does not keep Deno
    // running unless the event is cancelled: without this, zmq_ctx_term was cut off by the exit
    // (lingering messages lost, and a segfault in libzmq's teardown).
    onBeforeExit: (fn) =>
      globalThis.addEventListener("beforeunload", (e) => {
        if (fn()) e.preventDefault();
      }),
    onExit: (fn) => globalThis.addEventListener("unload", fn),
    view: (p: Pointer, bytes: number) =>
      Deno.UnsafePointerView.getArrayBuffer(p as unknown as Deno.PointerObject, bytes) as ArrayBuffer,
    unrefTimer: (timer: unknown) => Deno.unrefTimer(timer as number),
    errnoCell(): Int32Array | null {
      const at = os === "linux" ? (libc.symbols as Record<string, unknown>).__errno_location : undefined;
      if (typeof at !== "function") return null;
      const p = at() as Deno.PointerValue;
      return p === null ? null : new Int32Array(Deno.UnsafePointerView.getArrayBuffer(p, 4));
    },
    fdWaiter(): FdWaiter {
      // A `nonblocking` FFI call runs poll(2) on Deno's blocking pool; the pending op keeps
      // the event loop alive by itself, so ref() has nothing to do.
      waiter ??= {
        wait: (fds, nfds) => pollNb.symbols.poll(fds, BigInt(nfds), -1) as Promise<number>,
        ref: () => {},
      };
      return waiter;
    },
  };
}
