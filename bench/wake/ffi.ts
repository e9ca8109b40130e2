/**
 * Raw bindings for the wake-path benchmark (bench/wake/): libzmq and libc through the runtime's
 * own FFI (Deno.dlopen or bun:ffi), no library code. Addresses that are handed to native code
 * (contexts, stacks, function pointers) are plain bigints, declared as u64, so one shape works
 * on both runtimes; buffers are typed arrays.
 */

export const runtime: "deno" | "bun" = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined" ? "bun" : "deno";

export const ZMQ_REQ = 3;
export const ZMQ_REP = 4;
export const ZMQ_DONTWAIT = 1;
export const ZMQ_LINGER = 17;
export const ZMQ_FD = 14;
export const ZMQ_EVENTS = 15;
export const ZMQ_LAST_ENDPOINT = 32;
export const EAGAIN = 11;
export const EINTR = 4;
export const POLLIN = 1;

/** An opaque libzmq handle: a pointer object on Deno, a number on Bun. */
export type Handle = unknown;
export type Size = number | bigint;

export interface Zmq {
  zmq_ctx_new(): Handle;
  zmq_socket(ctx: Handle, type: number): Handle;
  zmq_close(s: Handle): number;
  zmq_bind(s: Handle, ep: Uint8Array): number;
  zmq_connect(s: Handle, ep: Uint8Array): number;
  zmq_send(s: Handle, buf: Uint8Array, len: Size, flags: number): number;
  zmq_recv(s: Handle, buf: Uint8Array, len: Size, flags: number): number;
  zmq_getsockopt(s: Handle, opt: number, buf: Uint8Array, len: Uint8Array): number;
  zmq_setsockopt(s: Handle, opt: number, buf: Uint8Array, len: Size): number;
  zmq_errno(): number;
  /** void *zmq_threadstart(zmq_thread_fn *func, void *arg): a thread calling func(arg), all signals blocked. */
  zmq_threadstart(fn: bigint, arg: bigint): unknown;
}

export interface Libc {
  poll(fds: Uint8Array, nfds: Size, timeout: number): number;
  ppoll(fds: Uint8Array, nfds: Size, ts: BigInt64Array, mask: null): number;
  pipe(fds: Int32Array): number;
  read(fd: number, buf: Uint8Array, n: Size): number | bigint;
  write(fd: number, buf: Uint8Array, n: Size): number | bigint;
  /** dlsym(RTLD_DEFAULT = 0, name): a function's address. */
  dlsym(handle: bigint, name: Uint8Array): number | bigint;
  calloc(n: bigint, size: bigint): number | bigint;
  getcontext(ucp: bigint): number;
  /** makecontext(ucp, func, argc, ...): declared with 8 u64 arguments after argc (see ring.ts). */
  makecontext(
    ucp: bigint,
    fn: bigint,
    argc: number,
    a1: bigint,
    a2: bigint,
    a3: bigint,
    a4: bigint,
    a5: bigint,
    a6: bigint,
    a7: bigint,
    a8: bigint,
  ): void;
}

export interface Raw {
  zmq: Zmq;
  libc: Libc;
  /** size_t as the runtime wants it (BigInt on Deno: numbers leave its fast-call path). */
  size(n: number): Size;
  /** ArrayBuffer over native memory at `addr`. */
  view(addr: bigint, bytes: number): ArrayBuffer;
  /** The address of a libc/libzmq function. */
  sym(name: string): bigint;
  /** Deno only: poll(2) as a `nonblocking` FFI call (runs on Deno's blocking pool). */
  pollNb?: (fds: Uint8Array, nfds: bigint, timeout: number) => Promise<number>;
}

const LIBZMQ = "libzmq.so.5";
const LIBC = "libc.so.6";

type Def = { parameters: string[]; result: string; nonblocking?: boolean };
const ZMQ_DEFS: Record<string, Def> = {
  zmq_ctx_new: { parameters: [], result: "pointer" },
  zmq_socket: { parameters: ["pointer", "i32"], result: "pointer" },
  zmq_close: { parameters: ["pointer"], result: "i32" },
  zmq_bind: { parameters: ["pointer", "buffer"], result: "i32" },
  zmq_connect: { parameters: ["pointer", "buffer"], result: "i32" },
  zmq_send: { parameters: ["pointer", "buffer", "usize", "i32"], result: "i32" },
  zmq_recv: { parameters: ["pointer", "buffer", "usize", "i32"], result: "i32" },
  zmq_getsockopt: { parameters: ["pointer", "i32", "buffer", "buffer"], result: "i32" },
  zmq_setsockopt: { parameters: ["pointer", "i32", "buffer", "usize"], result: "i32" },
  zmq_errno: { parameters: [], result: "i32" },
  zmq_threadstart: { parameters: ["u64", "u64"], result: "pointer" },
};
const LIBC_DEFS: Record<string, Def> = {
  poll: { parameters: ["buffer", "usize", "i32"], result: "i32" },
  ppoll: { parameters: ["buffer", "usize", "buffer", "pointer"], result: "i32" },
  pipe: { parameters: ["buffer"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  dlsym: { parameters: ["u64", "buffer"], result: "u64" },
  calloc: { parameters: ["u64", "u64"], result: "u64" },
  getcontext: { parameters: ["u64"], result: "i32" },
  makecontext: {
    parameters: ["u64", "u64", "i32", "u64", "u64", "u64", "u64", "u64", "u64", "u64", "u64"],
    result: "void",
  },
};

const BUN_KIND: Record<string, string> = {
  pointer: "ptr",
  buffer: "ptr",
  i32: "i32",
  u64: "u64",
  usize: "usize",
  isize: "i64",
  void: "void",
};

interface BunFfi {
  dlopen(path: string, defs: Record<string, unknown>): { symbols: Record<string, unknown> };
  toArrayBuffer(ptr: number, offset: number, length: number): ArrayBuffer;
}

/** bun:ffi, loaded without an import statement (Deno type-checks this file). */
export async function bunFfi<T = BunFfi>(): Promise<T> {
  const spec = "bun:ffi";
  return await import(spec) as T;
}

const enc = new TextEncoder();

export async function load(): Promise<Raw> {
  let raw: Omit<Raw, "sym">;
  if (runtime === "deno") {
    const zmq = Deno.dlopen(LIBZMQ, ZMQ_DEFS as unknown as Deno.ForeignLibraryInterface).symbols;
    const libc = Deno.dlopen(LIBC, LIBC_DEFS as unknown as Deno.ForeignLibraryInterface).symbols;
    const nb = Deno.dlopen(
      LIBC,
      {
        poll: { parameters: ["buffer", "usize", "i32"], result: "i32", nonblocking: true },
      } as const,
    ).symbols;
    raw = {
      zmq: zmq as unknown as Zmq,
      libc: libc as unknown as Libc,
      size: BigInt as (n: number) => bigint,
      view: (addr, bytes) => Deno.UnsafePointerView.getArrayBuffer(Deno.UnsafePointer.create(addr)!, bytes),
      pollNb: (fds, nfds, timeout) => nb.poll(fds, nfds, timeout),
    };
  } else {
    const ffi = await bunFfi();
    const defs = (table: Record<string, Def>) =>
      Object.fromEntries(
        Object.entries(table).map((
          [k, d],
        ) => [k, { args: d.parameters.map((p) => BUN_KIND[p]), returns: BUN_KIND[d.result] }]),
      );
    raw = {
      zmq: ffi.dlopen(LIBZMQ, defs(ZMQ_DEFS)).symbols as unknown as Zmq,
      libc: ffi.dlopen(LIBC, defs(LIBC_DEFS)).symbols as unknown as Libc,
      size: (n) => n,
      view: (addr, bytes) => ffi.toArrayBuffer(Number(addr), 0, bytes),
    };
  }
  const sym = (name: string): bigint => {
    const a = BigInt(raw.libc.dlsym(0n, enc.encode(name + "\0")));
    if (a === 0n) throw new Error(`dlsym(${name}) failed`);
    return a;
  };
  return { ...raw, sym };
}
