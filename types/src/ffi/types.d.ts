/**
 * The small interface between the runtime-neutral socket layer and a runtime backend.
 * The socket layer only ever sees these types; only `deno.ts` and `bun.ts` touch `Deno` or `Bun`.
 */
import type { ParamKind, ResultKind, SymbolSpec } from "./symbols.ts";
/** An opaque native pointer: a pointer object on Deno, a number on Bun. Never inspected outside the backend. */
export type Pointer = {
    readonly __pointer: unique symbol;
} | number | null;
/** A `size_t` argument as the backend wants it: build with `backend.size(n)`. */
export type Size = number | bigint;
type ParamType<K extends ParamKind> = K extends "pointer" ? Pointer : K extends "buffer" ? ArrayBufferView : K extends "usize" ? Size : K extends "i64" ? bigint : number;
type ResultType<K extends ResultKind> = K extends "pointer" ? Pointer : K extends "usize" | "isize" ? number | bigint : K extends "void" ? void : number;
type Params<P extends readonly ParamKind[]> = {
    -readonly [I in keyof P]: ParamType<P[I]>;
};
type Fn<S extends SymbolSpec> = S extends {
    blocking: true;
} ? (...args: Params<S["parameters"]>) => Promise<ResultType<S["result"]>> : (...args: Params<S["parameters"]>) => ResultType<S["result"]>;
/**
 * Bound functions for a symbol table (blocking symbols return a promise, run off the JS
 * thread; optional symbols may be null or undefined where the library lacks them).
 */
export type Bound<T extends Record<string, SymbolSpec>> = {
    [K in keyof T]: T[K] extends {
        optional: true;
    } ? Fn<T[K]> | null | undefined : Fn<T[K]>;
};
/** Waits on file descriptors off the JS thread (poll(2) over a `struct pollfd` array). */
export interface FdWaiter {
    /**
     * Blocks a helper thread in `poll(fds, nfds, -1)` and resolves with its result. `fds` must stay
     * untouched until the promise settles. At most one wait is in flight at a time. Rejects if the
     * helper thread failed (the reactor then fails the operations that waited).
     */
    wait(fds: Uint8Array, nfds: number): Promise<number>;
    /** Keeps the process alive while a wait is in flight (ref) or not (unref). */
    ref(alive: boolean): void;
    /** Where the waits stand, in words (for a stalled test's message). */
    describe(): string;
}
/** See Backend.adopter. */
export type AdoptMessage = (msg: Pointer, data: Pointer, length: number) => ArrayBuffer;
/** See Backend.storingCalls. */
export interface StoringCalls {
    socket(context: Pointer, type: number, into: Int32Array): Pointer;
    context(into: Int32Array): Pointer;
}
export interface Backend {
    readonly runtime: "deno" | "bun";
    /** The path libzmq was loaded from. */
    readonly libraryPath: string;
    readonly zmq: Bound<typeof import("./symbols.ts").zmqSymbols>;
    readonly libc: Bound<typeof import("./symbols.ts").libcSymbols>;
    /** A size_t argument from a JS number (BigInt on Deno: numbers leave its fast path). */
    size(n: number): Size;
    isNull(p: Pointer): boolean;
    /** Reads a NUL-terminated C string (UTF-8) at `p`. */
    cString(p: Pointer): string;
    /** The address as a bigint (to hand a context to another thread), and back. */
    pointerValue(p: Pointer): bigint;
    pointerFrom(value: bigint): Pointer;
    /**
     * A view of this thread's errno (Linux: where `__errno_location()` points), or null where that
     * is not available (zmq_errno() is used instead).
     */
    errnoCell(): Int32Array | null;
    /**
     * An ArrayBuffer over `bytes` bytes of native memory at `p` (which must outlive it). Used only
     * for the process-wide registry, which is never freed.
     */
    view(p: Pointer, bytes: number): ArrayBuffer;
    /**
     * How frames are adopted from libzmq: a function giving an ArrayBuffer over `length` bytes at
     * `data` that belongs to the zmq_msg_t at `msg` (native memory from malloc): when the buffer
     * is collected, wherever it went (a transfer to a Worker moves it, ownership and all), the
     * message is closed and `msg` freed, by `release` (machine_code.ts releaseCode on the
     * process's code page; null: the backend makes its own, Bun with TinyCC, once per thread).
     * Absent where the runtime cannot attach a native release to a buffer (Deno), or undefined
     * from it: frames are then copied.
     */
    adopter?: (release: Pointer | null) => AdoptMessage | undefined;
    /** The addresses of zmq_msg_close and free, for releaseCode; null where no adopter needs them. */
    releaseAddresses(): [bigint, bigint] | null;
    /**
     * A native function for zmq_msg_init_data's `ffn` (called by libzmq, on any of its threads,
     * once it no longer reads a frame sent without a copy): `f(data, hint)` stores 1 in the int
     * at `hint`, then adds 1 to the int at `counter`. No JS runs. Made by the backend only where
     * machine_code.ts's doneCode cannot be had (not Linux x86-64): Bun compiles it with TinyCC;
     * absent, or null, elsewhere (frames are then copied into libzmq).
     */
    doneFunction?(counter: Pointer): Pointer | null;
    /**
     * zmq_socket and zmq_ctx_new called through CALL_STORE at `page` (a page codePage made of it,
     * possibly by another thread), which writes the handle to `into` (the 8 bytes of a registry
     * slot's handle) before the call is back in JS. Both runtimes end a terminated Worker at its
     * next step in JS, which can be the one right after such a call: a handle only JS held was
     * then lost, and a socket nobody knew of kept its context from ever terminating. Null where
     * libzmq's function addresses cannot be had.
     */
    storingCalls(page: Pointer): StoringCalls | null;
    /** Lets a timer (from setTimeout/setInterval) not keep the process alive. */
    unrefTimer(timer: unknown): void;
    /** The helper thread that waits on ZMQ_FDs; created on first use. */
    fdWaiter(): FdWaiter;
    /**
     * Runs `fn` when the event loop has nothing left to do, before the process exits; work it
     * starts keeps the process alive (Deno "beforeunload", Bun "beforeExit"). `fn` returns true
     * when it started such work (Deno keeps running only if the event is cancelled).
     */
    onBeforeExit(fn: () => boolean): void;
    /**
     * Runs `fn` when this thread's program is torn down without its event loop running dry and
     * the process may live on: Deno's "unload" (`deno run --watch` restarting the program in the
     * same process; also Deno.exit()). Bun has no such case (`bun --watch` starts a new image).
     */
    onUnload(fn: () => void): void;
    /**
     * Bun: a blocking call in flight (a promise a `blocking` symbol returned) stops keeping the
     * process alive. Absent on Deno, where a `nonblocking` FFI call cannot be unref'd.
     */
    unrefBlocking?(call: Promise<unknown>): void;
    /** The operating system family, for errno names and library names. */
    readonly os: "linux" | "darwin" | "windows" | "other";
    /** The CPU architecture, named as Deno names it ("x86_64", "aarch64"): machine_code.ts's code is x86-64. */
    readonly arch: string;
}
export {};
