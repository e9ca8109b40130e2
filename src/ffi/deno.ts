/** The Deno backend: `Deno.dlopen`, pointers as Deno pointer objects, size_t as BigInt. */
import { libcSymbols, type SymbolSpec, zmqSymbols } from "./symbols.ts";
import type { Backend, Bound, FdWaiter, Pointer, StoringCalls } from "./types.ts";
import { type EnvPath, libcName, loadLibzmq, type OsName } from "./locate.ts";
import { LIBC } from "../constants.ts";

/**
 * The part of the `Deno` namespace this backend uses, declared here (and read from globalThis)
 * so the library type-checks where Deno's types are absent: `tsc` in a Bun or Node project.
 */
interface DenoApi {
  dlopen(path: string, symbols: Record<string, unknown>): { symbols: Record<string, (...args: never[]) => unknown> };
  UnsafePointerView: {
    getCString(pointer: unknown): string;
    getArrayBuffer(pointer: unknown, byteLength: number): ArrayBuffer;
  };
  UnsafePointer: { value(pointer: unknown): number | bigint; create(value: bigint): unknown };
  UnsafeFnPointer: new (pointer: unknown, definition: Record<string, unknown>) => {
    call(...args: unknown[]): unknown;
  };
  build: { os: string; arch: string };
  env: { get(name: string): string | undefined };
  permissions: {
    querySync(descriptor: { name: "env"; variable: string } | { name: "ffi" }): { state: string };
    requestSync(descriptor: { name: "ffi" }): { state: string };
  };
  unrefTimer(id: number): void;
}
const Deno = (globalThis as unknown as { Deno: DenoApi }).Deno;

type Symbols = Record<string, (...args: unknown[]) => unknown>;

function denoDefs(table: Record<string, SymbolSpec>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) {
    out[key] = {
      name: spec.name ?? key,
      parameters: spec.parameters,
      result: spec.result,
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
 * LIBZMQ_PATH, read only where Deno's env permission for it is granted: `--allow-ffi` alone is
 * enough for everything else (asking would prompt, or throw NotCapable).
 */
function envPath(): EnvPath {
  let state = "denied";
  try {
    state = Deno.permissions.querySync({ name: "env", variable: "LIBZMQ_PATH" }).state;
  } catch {
    // no permissions API: treat as not granted
  }
  if (state !== "granted") return { unread: "Deno's env permission is not granted (--allow-env=LIBZMQ_PATH)" };
  return { value: Deno.env.get("LIBZMQ_PATH") };
}

/**
 * Deno's FFI permission, whole, before anything is opened. Every read through a pointer
 * (UnsafePointerView, UnsafePointer) checks the unrestricted `--allow-ffi`, so a path list
 * (`--allow-ffi=<paths>`) cannot run this library whatever it names (denoland/deno#15511: with
 * both libraries named it failed at the first errno read); and a prompt answered for a library
 * opened by name grants a file of that name in the working directory (denoland/deno#29246). So
 * it is asked for once, as a whole: one prompt in a terminal, and when refused one error that
 * says what to run, instead of a prompt per library name or a NotCapable from deep inside.
 */
function requireFfiPermission(): void {
  let state: string;
  try {
    state = Deno.permissions.querySync({ name: "ffi" }).state;
    if (state === "prompt") state = Deno.permissions.requestSync({ name: "ffi" }).state;
  } catch {
    return; // no permissions API to ask: opening the libraries says what is wrong
  }
  if (state === "granted") return;
  throw new Error(
    "zeromq-ffi needs Deno's FFI permission: run with --allow-ffi. A path list (--allow-ffi=<paths>) " +
      "is not enough: Deno requires the unrestricted permission for every read through a pointer " +
      "(denoland/deno#15511).",
  );
}

/**
 * Keeps libzmq mapped for the life of the process. Deno dlclose()s an FFI library when the
 * runtime that opened it is torn down (after `deno test` ran a module, a Worker ending) while
 * libzmq's I/O and reaper threads may still run: that unmapped or destructed code under them
 * and segfaulted (seen in ~1 of 3 `deno test` runs of tests/poller.test.ts). dlopen() with
 * RTLD_NOLOAD | RTLD_NODELETE marks the already loaded library as never to be unloaded.
 * Best effort: where it cannot be done nothing changes. Returns dlsym() over that handle (the
 * address of one of libzmq's functions, for Backend.storingCalls), or null.
 */
function pinLibrary(os: OsName, path: string): ((name: string) => Pointer) | null {
  const flags = LIBC.RTLD_PIN[os];
  if (!flags) return null;
  const encoder = new TextEncoder();
  const name = encoder.encode(path + "\0");
  for (const lib of [libcName(os), "libdl.so.2"]) {
    try {
      const dl = Deno.dlopen(lib, {
        dlopen: { parameters: ["buffer", "i32"], result: "pointer" },
        dlsym: { parameters: ["pointer", "buffer"], result: "pointer" },
      });
      const handle = dl.symbols.dlopen(name as never, flags as never);
      if (handle !== null) {
        return (symbol) => dl.symbols.dlsym(handle as never, encoder.encode(symbol + "\0") as never) as Pointer;
      }
    } catch {
      // try the next library (glibc before 2.34 has dlopen and dlsym in libdl)
    }
  }
  return null;
}

/** Loads libzmq and libc through Deno.dlopen. */
export function createBackend(): Backend {
  requireFfiPermission();
  const os = osName();
  const { lib: zmqLib, path: libraryPath } = loadLibzmq(
    os,
    envPath(),
    (path) => Deno.dlopen(path, denoDefs(zmqSymbols)),
  );
  const lookup = pinLibrary(os, libraryPath);
  const libc = Deno.dlopen(libcName(os), denoDefs(libcSymbols)).symbols as Symbols;
  const pollNb = Deno.dlopen(libcName(os), {
    poll: { parameters: ["buffer", "usize", "i32"], result: "i32", nonblocking: true },
  }).symbols as Symbols;

  let waiter: FdWaiter | undefined;
  return {
    runtime: "deno",
    os,
    arch: Deno.build.arch,
    libraryPath,
    zmq: zmqLib.symbols as unknown as Bound<typeof zmqSymbols>,
    libc: libc as unknown as Bound<typeof libcSymbols>,
    size: BigInt as (n: number) => bigint,
    isNull: (p: Pointer) => p === null,
    cString: (p: Pointer) => Deno.UnsafePointerView.getCString(p),
    pointerValue: (p: Pointer) => BigInt(Deno.UnsafePointer.value(p)),
    pointerFrom: (v: bigint) => Deno.UnsafePointer.create(v) as Pointer,
    // Work started in "beforeunload" (even a pending nonblocking FFI call) does not keep Deno
    // running unless the event is cancelled: without this, zmq_ctx_term was cut off by the exit
    // (lingering messages lost, and a segfault in libzmq's teardown).
    onBeforeExit: (fn) =>
      globalThis.addEventListener("beforeunload", (e) => {
        if (fn()) e.preventDefault();
      }),
    onUnload: (fn) => globalThis.addEventListener("unload", fn),
    view: (p: Pointer, bytes: number) => Deno.UnsafePointerView.getArrayBuffer(p, bytes),
    releaseAddresses: () => null, // Deno cannot tie a native release to a buffer: no adopter
    storingCalls(page: Pointer): StoringCalls | null {
      const socketAt = lookup?.("zmq_socket") ?? null;
      const contextAt = lookup?.("zmq_ctx_new") ?? null;
      if (socketAt === null || contextAt === null) return null;
      const call = new Deno.UnsafeFnPointer(page, {
        parameters: ["pointer", "pointer", "i32", "buffer"],
        result: "pointer",
      });
      return {
        socket: (context, type, into) => call.call(socketAt, context, type, into) as Pointer,
        context: (into) => call.call(contextAt, null, 0, into) as Pointer,
      };
    },
    unrefTimer: (timer: unknown) => Deno.unrefTimer(timer as number),
    errnoCell(): Int32Array | null {
      const at = os === "linux" ? libc.__errno_location : undefined;
      if (typeof at !== "function") return null;
      const p = at();
      return p === null ? null : new Int32Array(Deno.UnsafePointerView.getArrayBuffer(p, 4));
    },
    fdWaiter(): FdWaiter {
      // A `nonblocking` FFI call runs poll(2) on Deno's blocking pool; the pending op keeps
      // the event loop alive by itself, so ref() has nothing to do.
      // (Whether a poll is in flight, and since when, the reactor's describe() says.)
      waiter ??= {
        wait: (fds, nfds) => pollNb.poll(fds, BigInt(nfds), -1) as Promise<number>,
        ref: () => {},
        describe: () => "polls on Deno's blocking pool",
      };
      return waiter;
    },
  };
}
