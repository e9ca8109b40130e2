/**
 * The process-wide registry: every context, socket and wake pipe the library made, in any
 * thread, in one table of native memory that all threads share.
 *
 * Why: a libzmq context can only terminate once every socket on it is closed, and a Worker that
 * ends (returns, is terminated, throws) takes its JS objects with it. A socket it left open, or
 * whose close it deferred on a timer it never ran, or a context of its own, would make
 * `context.terminate()` and the process wait forever, and leak libzmq's threads. With the
 * registry, any live thread can find what a dead thread left and close it: sockets are claimed
 * with a compare-and-swap, so no handle is ever closed twice.
 *
 * Threads are told apart by their kernel thread id (Linux `gettid`), and a thread is dead when
 * `tgkill(pid, tid, 0)` says it no longer exists. Where that is not available (macOS), nothing
 * is reaped: what a dead Worker left stays open (see the README's Worker notes).
 *
 * The table is found through one environment variable, `ZMQ_FFI_REGISTRY=<pid>:<address>`, set
 * by the first thread that loads the library (through libc, so no `--allow-env` is needed); a
 * child process inherits the variable but sees another pid and makes its own.
 */
import { native, type Pointer } from "./ffi/mod.ts";
import type { StoringCalls } from "./ffi/types.ts";
import { CALL_STORE, codePage, releaseCode } from "./ffi/machine_code.ts";

/** What a slot holds. */
export const Slot = {
  FREE: 0,
  /** Being filled in by the thread that claimed it. */
  WRITING: 1,
  /** An open socket, used by thread `tid`. */
  SOCKET: 2,
  /** A socket closed in JS whose native close is due at `due` (see CLOSE_GRACE_MS in context.ts). */
  DEFERRED: 3,
  /** Claimed by a thread that closes or terminates it right now. */
  CLOSING: 4,
  /** A context owned (to be terminated) by thread `tid`. */
  CONTEXT: 5,
  /** The wake pipe of thread `tid`'s event-loop reactor (`a` read end, `b` write end). */
  THREAD: 6,
  /** A socket handed to a running proxy of thread `tid`: its native thread uses it. */
  PROXIED: 7,
  /** A dead thread's wake pipe, woken, whose fds are closed once `due` has passed. */
  WOKEN: 8,
} as const;
/** A slot state. */
export type Slot = typeof Slot[keyof typeof Slot];

const ENV_NAME = "ZMQ_FFI_REGISTRY";
const CAPACITY = 1 << 15;
const SLOT_INTS = 8;
/** Header: [0] format version, [1] slots ever used (the scan bound), [2] 1 once the main thread loaded the library. */
const HEADER_INTS = 8;
const FORMAT = 1;
// Slot fields, as Int32 offsets.
const STATE = 0;
const TID = 1;
const HANDLE_LO = 2;
const HANDLE_HI = 3;
const A_LO = 4; // the socket's context (lo), or a pipe's read fd
const A_HI = 5; // the socket's context (hi), or a pipe's write fd
const DUE = 6; // Date.now() in 32 bits, compared with wrap-around (deadlines are seconds away)
const RUNTIME = 7; // the JS runtime instance (isolate) of the thread that added the slot; 0: unknown

const encoder = new TextEncoder();
const { libc } = native;

/** This thread's id (0 where it cannot be known: nothing is then reaped for it). */
export const thisThread: number = libc.gettid ? libc.gettid() : 0;
const pid = libc.getpid();
const AT_RANDOM = 25;

/**
 * What tells this program image from the one before an execve, which keeps the pid and the
 * environment: `bun --watch` restarts a program that way, and the new image found the table's
 * address in its environment, with its own pid, and read unmapped memory (a segfault at every
 * restart, in a loop). Linux: the kernel's 16 random bytes of this image (AT_RANDOM); elsewhere
 * "" (the pid alone is checked).
 */
function imageId(): string {
  const at = libc.getauxval ? libc.getauxval(native.size(AT_RANDOM)) : 0;
  if (!at) return "";
  const bytes = new Uint8Array(native.view(native.pointerFrom(BigInt(at)), 16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function cString(text: string): Uint8Array {
  return encoder.encode(text + "\0");
}

/** Finds the table of this process, or makes it (once per process; a lost race adopts the winner's). */
function openTable(): Int32Array | null {
  const bytes = (HEADER_INTS + CAPACITY * SLOT_INTS) * 4;
  const name = cString(ENV_NAME);
  const image = imageId();
  const find = (): Int32Array | null => {
    const p = libc.getenv(name);
    if (native.isNull(p)) return null;
    const [owner, address, of] = native.cString(p).split(":");
    // Inherited from a parent process, or from this process before an execve.
    if (Number(owner) !== pid || !address || (of ?? "") !== image) return null;
    return new Int32Array(native.view(native.pointerFrom(BigInt("0x" + address)), bytes));
  };
  let table = find();
  if (table !== null) return table;
  const memory = libc.calloc(native.size(1), native.size(bytes));
  if (native.isNull(memory)) return null;
  const value = `${pid}:${native.pointerValue(memory).toString(16)}:${image}`;
  // overwrite=1 replaces a parent's value. Two threads loading the library for the first time
  // at the same instant both get here; each adopts whatever the variable holds after its own
  // setenv, so in all but the tightest interleaving they share one table (the other block is
  // left unused). The main thread loads the library before it starts Workers, as a rule.
  if (libc.setenv(name, cString(value), 1) !== 0) return null;
  table = find();
  if (table !== null) Atomics.compareExchange(table, 0, 0, FORMAT);
  return table !== null && table[0] === FORMAT ? table : null;
}

const table = openTable();
/** The process's main thread (its thread id is the pid) never ends before the process does. */
export const isMainThread: boolean = thisThread !== 0 && thisThread === pid;

/**
 * This JS runtime instance (isolate), as a non-zero number kept on its globalThis: every copy of
 * the library in it shares it. A thread can outlive its runtime: `deno run --watch-hmr` (and
 * `--watch`) start the program again in a new one on the same thread, without an event the old
 * one could clean up in (--watch-hmr sends no "unload"). What a runtime of this thread that is
 * gone left open (sockets holding their addresses, contexts, a wake pipe) is then the same as
 * what a dead thread left, and is swept the same way.
 */
const runtime: number =
  ((globalThis as Record<symbol, unknown>)[Symbol.for("zeromq-ffi.runtime")] ??= (Math.random() * 0x7ffffffe + 1) |
    0) as number;
let runtimeGoneSweptAt = -Infinity;
/** performance.now() of the last sweep that closed what an earlier runtime of this thread left. */
export function sweptEarlierRuntime(): number {
  return runtimeGoneSweptAt;
}
if (table !== null && isMainThread) Atomics.store(table, 2, 1);

function at(slot: number): number {
  return HEADER_INTS + slot * SLOT_INTS;
}

/** The wall clock (shared by all threads) in 32 bits; differences are taken with `| 0`. */
function now(): number {
  return Date.now() | 0;
}

function split(p: Pointer): [number, number] {
  const v = native.pointerValue(p);
  return [Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0];
}

function join(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Whether thread `tid` of this process still exists (true where that cannot be known). */
export function alive(tid: number): boolean {
  if (tid === 0 || tid === thisThread || !libc.tgkill) return true;
  // Thread ids are reused only after the kernel's pid space wraps around.
  return libc.tgkill(pid, tid, 0) === 0;
}

let hint = 0;
/** Claims a free slot and fills it; -1 when the table is unavailable or full (then nothing is reaped for it). */
function add(state: Slot, handle: bigint, a: number, b: number): number {
  if (table === null) return -1;
  for (let tries = 0; tries < CAPACITY; tries++) {
    const slot = (hint + tries) % CAPACITY;
    const i = at(slot);
    if (Atomics.compareExchange(table, i + STATE, Slot.FREE, Slot.WRITING) !== Slot.FREE) continue;
    hint = slot + 1;
    table[i + TID] = thisThread;
    table[i + HANDLE_LO] = Number(handle & 0xffffffffn) | 0;
    table[i + HANDLE_HI] = Number(handle >> 32n) | 0;
    table[i + A_LO] = a;
    table[i + A_HI] = b;
    table[i + DUE] = 0;
    table[i + RUNTIME] = runtime;
    // The scan bound only grows: slots past it were never used.
    for (let used = Atomics.load(table, 1); used < slot + 1;) {
      const seen = Atomics.compareExchange(table, 1, used, slot + 1);
      if (seen === used) break;
      used = seen;
    }
    Atomics.store(table, i + STATE, state);
    return slot;
  }
  return -1;
}

/**
 * Makes a socket of this thread on `context` (zmq_socket) in a slot claimed first; returns the
 * handle (null if zmq_socket failed: errno says why) and the slot. The handle reaches the slot
 * from native code where the backend can (Backend.storingCalls): a Worker ended the moment
 * zmq_socket returned, before JS stored the handle, left a socket nobody knew of, and its
 * context then never terminated (Bun, 200 Workers terminated as they made their first socket:
 * 6 to 22 libzmq threads left; tests/fixtures/terminate_mid_call.ts).
 */
export function makeSocket(context: Pointer, type: number): [Pointer, number] {
  const [lo, hi] = split(context);
  return make(
    Slot.SOCKET,
    lo,
    hi,
    (storing, into) => storing.socket(context, type, into),
    () => native.zmq.zmq_socket(context, type),
  );
}

/** Makes a context this thread owns (zmq_ctx_new), as makeSocket makes a socket. */
export function makeContext(): [Pointer, number] {
  return make(Slot.CONTEXT, 0, 0, (storing, into) => storing.context(into), () => native.zmq.zmq_ctx_new());
}

/** Header ints: the shared code page's state (see CODE), its address, and where RELEASE is on it (0: not). */
const CODE_STATE = 3;
const CODE_LO = 4;
const CODE_HI = 5;
const CODE_RELEASE = 6;
/** Where releaseCode goes on the page (CALL_STORE is at 0). */
const RELEASE_AT = 64;
const CODE = { NONE: 0, MAKING: 1, MADE: 2, CANNOT: 3 } as const;
let calls: StoringCalls | null | undefined;

/**
 * This thread's way to call through CALL_STORE (Backend.storingCalls). The code is one page for
 * the whole process, made by the first thread that needs it and found in the table's header by
 * the others: a page per thread was a 4 KiB mapping left behind by every Worker (200 Workers
 * churned: 200 pages more, both runtimes).
 */
export function storingCalls(): StoringCalls | null {
  if (calls !== undefined) return calls;
  const code = sharedCode();
  return calls = code === null ? null : native.storingCalls(code.page);
}

/**
 * The release of frames adopted from libzmq (machine_code.ts releaseCode, Backend.adopter) on
 * the process's code page; null where it is not there (the backend then makes its own). Bun
 * compiled one with TinyCC in every thread that received a large frame, and a Worker's stayed
 * after it ended (200 Workers: ~2,000 mappings, 24 MB).
 */
export function releaseFunction(): Pointer | null {
  const code = sharedCode();
  return code === null || code.release === 0
    ? null
    : native.pointerFrom(native.pointerValue(code.page) + BigInt(code.release));
}

let shared: { page: Pointer; release: number } | null | undefined;
function sharedCode(): { page: Pointer; release: number } | null {
  if (shared !== undefined) return shared;
  if (table === null) return shared = makeCode();
  if (Atomics.compareExchange(table, CODE_STATE, CODE.NONE, CODE.MAKING) === CODE.NONE) {
    shared = makeCode();
    if (shared !== null) {
      [table[CODE_LO], table[CODE_HI]] = split(shared.page);
      table[CODE_RELEASE] = shared.release;
    }
    Atomics.store(table, CODE_STATE, shared === null ? CODE.CANNOT : CODE.MADE);
    return shared;
  }
  // Another thread is writing it (two syscalls): wait a moment, else make one of this thread's own.
  for (let spins = 0; spins < 100_000 && Atomics.load(table, CODE_STATE) === CODE.MAKING; spins++);
  const state = Atomics.load(table, CODE_STATE);
  if (state === CODE.MADE) {
    return shared = { page: native.pointerFrom(join(table[CODE_LO], table[CODE_HI])), release: table[CODE_RELEASE] };
  }
  return shared = state === CODE.CANNOT ? null : makeCode();
}

function makeCode(): { page: Pointer; release: number } | null {
  const code = new Uint8Array(RELEASE_AT + 64);
  code.set(CALL_STORE);
  const addresses = native.releaseAddresses();
  if (addresses !== null) code.set(releaseCode(...addresses), RELEASE_AT);
  const page = codePage(native, code);
  return page === null ? null : { page, release: addresses === null ? 0 : RELEASE_AT };
}

function make(
  state: Slot,
  a: number,
  b: number,
  stored: (storing: StoringCalls, into: Int32Array) => Pointer,
  plain: () => Pointer,
): [Pointer, number] {
  // The slot holds handle 0 until the handle is in: a sweep frees such a slot of a dead thread.
  const slot = add(state, 0n, a, b);
  const storing = storingCalls();
  let handle: Pointer;
  if (slot >= 0 && storing !== null) {
    handle = stored(storing, table!.subarray(at(slot) + HANDLE_LO, at(slot) + HANDLE_HI + 1));
  } else {
    handle = plain();
    if (slot >= 0 && !native.isNull(handle)) {
      [table![at(slot) + HANDLE_LO], table![at(slot) + HANDLE_HI]] = split(handle);
    }
  }
  if (native.isNull(handle)) {
    free(slot); // no syscall: errno still says why
    return [handle, -1];
  }
  return [handle, slot];
}

/**
 * Makes this thread's wake pipe and registers it, so a thread that outlives it can wake its
 * helper and close it; returns [read fd, write fd]. pipe(2) writes the two fds straight into the
 * registry's slot, so a Worker terminated at any moment cannot leave them open: made first and
 * registered after, a Worker ended in between left them (Worker churn on Bun: 2 to 38 pipe fds
 * left per 1,000 Workers terminated right after their first wait).
 */
export function addWakePipe(): [number, number] {
  const slot = add(Slot.THREAD, 0n, -1, -1);
  const fds = slot < 0 || table === null ? new Int32Array(2) : table.subarray(at(slot) + A_LO, at(slot) + A_HI + 1);
  if (libc.pipe(fds) !== 0) {
    free(slot);
    throw new Error("pipe() failed: cannot create the reactor's wake pipe");
  }
  return [fds[0], fds[1]];
}

/** Moves a slot from one state to another; false if it was not in `from` (someone else has it). */
export function move(slot: number, from: Slot, to: Slot): boolean {
  if (slot < 0 || table === null) return slot < 0;
  return Atomics.compareExchange(table, at(slot) + STATE, from, to) === from;
}

/** Frees a slot this thread claimed (CLOSING) or owns. */
export function free(slot: number): void {
  if (slot >= 0 && table !== null) Atomics.store(table, at(slot) + STATE, Slot.FREE);
}

/** A SOCKET slot becomes DEFERRED: its native close is due in `ms`. */
export function defer(slot: number, ms: number): boolean {
  if (slot < 0 || table === null) return true;
  table[at(slot) + DUE] = (now() + ms) | 0;
  return move(slot, Slot.SOCKET, Slot.DEFERRED);
}

/** What a pass over the table found for one context. */
export interface Pass {
  /** Sockets of the context still open in live threads (the context cannot terminate before they close). */
  liveSockets: number;
  /** ms until the next deferred close of the context falls due, or -1 if none is waiting. */
  nextDue: number;
}

/**
 * Closes what dead threads left, and what is due:
 * - a deferred close whose time has come (whichever thread gets there first closes it);
 * - sockets of dead threads (with their own linger, so what they sent is still delivered);
 *   with `context`, only that context's, and sockets of a dead thread's proxy only if
 *   `proxiesToo` (the proxy returns once its context is being terminated);
 * - without `context`: contexts whose owner thread died (each terminated off the JS thread,
 *   after its dead threads' sockets were closed), and wake pipes of dead threads.
 */
export function sweep(context?: Pointer, proxiesToo = false): Pass {
  const pass: Pass = { liveSockets: 0, nextDue: -1 };
  if (table === null) return pass;
  const [clo, chi] = context === undefined ? [0, 0] : split(context);
  const t = now();
  const deadThreads = new Map<number, boolean>();
  const used = Math.min(Atomics.load(table, 1), CAPACITY);
  for (let slot = 0; slot < used; slot++) {
    const i = at(slot);
    const state = Atomics.load(table, i + STATE) as Slot;
    if (state === Slot.FREE || state === Slot.WRITING || state === Slot.CLOSING) continue;
    const tid = table[i + TID];
    let dead = deadThreads.get(tid);
    if (dead === undefined) deadThreads.set(tid, dead = !alive(tid));
    if (tid === thisThread && table[i + RUNTIME] !== runtime && table[i + RUNTIME] !== 0) {
      dead = true; // left by an earlier runtime of this thread
      runtimeGoneSweptAt = performance.now();
    }
    if ((state === Slot.SOCKET || state === Slot.CONTEXT) && table[i + HANDLE_LO] === 0 && table[i + HANDLE_HI] === 0) {
      // Claimed for a socket or context being made (makeSocket): none was, if its thread is gone.
      if (dead && move(slot, state, Slot.CLOSING)) free(slot);
      continue;
    }
    if (state === Slot.SOCKET || state === Slot.DEFERRED || state === Slot.PROXIED) {
      if (context !== undefined && (table[i + A_LO] !== clo || table[i + A_HI] !== chi)) continue;
      let close = false;
      if (state === Slot.DEFERRED) {
        const left = (table[i + DUE] - t) | 0;
        if (left <= 0) close = true;
        else if (pass.nextDue < 0 || left < pass.nextDue) pass.nextDue = left;
      } else if (dead) {
        close = state === Slot.SOCKET || proxiesToo;
      }
      if (close && move(slot, state, Slot.CLOSING)) {
        native.zmq.zmq_close(native.pointerFrom(join(table[i + HANDLE_LO], table[i + HANDLE_HI])));
        free(slot);
      } else if (!close && state !== Slot.DEFERRED) {
        pass.liveSockets++;
      }
    } else if (context === undefined && state === Slot.CONTEXT && dead) {
      if (move(slot, Slot.CONTEXT, Slot.CLOSING)) orphaned(slot, join(table[i + HANDLE_LO], table[i + HANDLE_HI]));
    } else if (context === undefined && state === Slot.THREAD && dead) {
      // Its helper may still be blocked in poll(2) on these fds (Deno's blocking pool outlives
      // the Worker): a byte wakes it, and the fds are closed a moment later.
      if (move(slot, Slot.THREAD, Slot.WOKEN)) {
        table[i + DUE] = (t + 200) | 0;
        libc.write(table[i + A_HI], WAKE_BYTE, native.size(1));
      }
    } else if (context === undefined && state === Slot.WOKEN && ((table[i + DUE] - t) | 0) <= 0) {
      if (move(slot, Slot.WOKEN, Slot.CLOSING)) {
        libc.close(table[i + A_LO]);
        libc.close(table[i + A_HI]);
        free(slot);
      }
    }
  }
  return pass;
}

const WAKE_BYTE = new Uint8Array(1);

/** Terminates the context of a dead thread: its dead threads' sockets first, then zmq_ctx_term off-thread. */
function orphaned(slot: number, address: bigint): void {
  const context = native.pointerFrom(address);
  native.zmq.zmq_ctx_shutdown(context);
  const started = Date.now();
  const step = (): void => {
    // The dead thread's proxies return once the context is shut down; give them a moment.
    const pass = sweep(context, Date.now() - started > 500);
    if (pass.nextDue >= 0 || (pass.liveSockets > 0 && Date.now() - started < 600)) {
      setTimeout(step, pass.nextDue >= 0 ? pass.nextDue + 1 : 50);
      return;
    }
    termLater(context).then(() => free(slot), () => free(slot));
  };
  step();
}

/**
 * How long the termination of a dead thread's context may keep the process alive (ms): the
 * default linger of its sockets, and as much again. It may never end if the dead thread left a
 * socket the registry does not know (a handle it held only in JS when it was ended: sockets and
 * contexts are made through makeSocket/makeContext for that, but a platform without
 * Backend.storingCalls keeps that window), and the process must still exit by itself
 * (tests/fixtures/terminate_mid_call.ts).
 */
const ORPHAN_KEEPALIVE_MS = 10_000;
let termFn: ((context: Pointer, keepAliveMs?: number) => Promise<void>) | null = null;
/** Set by context.ts: how to run zmq_ctx_term off the JS thread (keeping the process alive at most `keepAliveMs`). */
export function setTerminator(fn: (context: Pointer, keepAliveMs?: number) => Promise<void>): void {
  termFn = fn;
}
function termLater(context: Pointer): Promise<void> {
  return termFn === null ? Promise.resolve() : termFn(context, ORPHAN_KEEPALIVE_MS);
}

let sweeping: unknown = null;
/**
 * Sweeps now, and then every second from an unref'd timer (it never keeps the process alive), so
 * what a Worker left is cleaned up even if no context is terminated. Started by the first
 * context of a thread. Only the main thread sweeps, if it uses the library: a thread that is
 * itself ended midway through terminating an orphaned context would leave it half done.
 */
export function sweepPeriodically(): void {
  if (sweeping !== null || table === null || !libc.tgkill) return;
  if (!isMainThread && Atomics.load(table, 2) === 1) return;
  sweep();
  sweeping = setInterval(() => sweep(), 1000);
  native.unrefTimer(sweeping);
}
