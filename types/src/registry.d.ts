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
import { type Pointer } from "./ffi/mod.ts";
import type { StoringCalls } from "./ffi/types.ts";
/** What a slot holds. */
export declare const Slot: {
    readonly FREE: 0;
    /** Being filled in by the thread that claimed it. */
    readonly WRITING: 1;
    /** An open socket, used by thread `tid`. */
    readonly SOCKET: 2;
    /** A socket closed in JS whose native close is due at `due` (see CLOSE_GRACE_MS in context.ts). */
    readonly DEFERRED: 3;
    /** Claimed by a thread that closes or terminates it right now. */
    readonly CLOSING: 4;
    /** A context owned (to be terminated) by thread `tid`. */
    readonly CONTEXT: 5;
    /** The wake pipe of thread `tid`'s event-loop reactor (`a` read end, `b` write end). */
    readonly THREAD: 6;
    /** A socket handed to a running proxy of thread `tid`: its native thread uses it. */
    readonly PROXIED: 7;
    /** A dead thread's wake pipe, woken, whose fds are closed once `due` has passed. */
    readonly WOKEN: 8;
};
/** A slot state. */
export type Slot = typeof Slot[keyof typeof Slot];
/** This thread's id (0 where it cannot be known: nothing is then reaped for it). */
export declare const thisThread: number;
/** The process's main thread (its thread id is the pid) never ends before the process does. */
export declare const isMainThread: boolean;
/** performance.now() of the last sweep that closed what an earlier runtime of this thread left. */
export declare function sweptEarlierRuntime(): number;
/** Whether thread `tid` of this process still exists (true where that cannot be known). */
export declare function alive(tid: number): boolean;
/**
 * Makes a socket of this thread on `context` (zmq_socket) in a slot claimed first; returns the
 * handle (null if zmq_socket failed: errno says why) and the slot. The handle reaches the slot
 * from native code where the backend can (Backend.storingCalls): a Worker ended the moment
 * zmq_socket returned, before JS stored the handle, left a socket nobody knew of, and its
 * context then never terminated (Bun, 200 Workers terminated as they made their first socket:
 * 6 to 22 libzmq threads left; tests/fixtures/terminate_mid_call.ts).
 */
export declare function makeSocket(context: Pointer, type: number): [Pointer, number];
/** Makes a context this thread owns (zmq_ctx_new), as makeSocket makes a socket. */
export declare function makeContext(): [Pointer, number];
/**
 * This thread's way to call through CALL_STORE (Backend.storingCalls). The code is one page for
 * the whole process, made by the first thread that needs it and found in the table's header by
 * the others: a page per thread was a 4 KiB mapping left behind by every Worker (200 Workers
 * churned: 200 pages more, both runtimes).
 */
export declare function storingCalls(): StoringCalls | null;
/**
 * The release of frames adopted from libzmq (machine_code.ts releaseCode, Backend.adopter) on
 * the process's code page; null where it is not there (the backend then makes its own). Bun
 * compiled one with TinyCC in every thread that received a large frame, and a Worker's stayed
 * after it ended (200 Workers: ~2,000 mappings, 24 MB).
 */
export declare function releaseFunction(): Pointer | null;
/**
 * Makes this thread's wake pipe and registers it, so a thread that outlives it can wake its
 * helper and close it; returns [read fd, write fd]. pipe(2) writes the two fds straight into the
 * registry's slot, so a Worker terminated at any moment cannot leave them open: made first and
 * registered after, a Worker ended in between left them (Worker churn on Bun: 2 to 38 pipe fds
 * left per 1,000 Workers terminated right after their first wait).
 */
export declare function addWakePipe(): [number, number];
/** Moves a slot from one state to another; false if it was not in `from` (someone else has it). */
export declare function move(slot: number, from: Slot, to: Slot): boolean;
/** Frees a slot this thread claimed (CLOSING) or owns. */
export declare function free(slot: number): void;
/** A SOCKET slot becomes DEFERRED: its native close is due in `ms`. */
export declare function defer(slot: number, ms: number): boolean;
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
export declare function sweep(context?: Pointer, proxiesToo?: boolean): Pass;
/** Set by context.ts: how to run zmq_ctx_term off the JS thread (keeping the process alive at most `keepAliveMs`). */
export declare function setTerminator(fn: (context: Pointer, keepAliveMs?: number) => Promise<void>): void;
/**
 * Sweeps now, and then every second from an unref'd timer (it never keeps the process alive), so
 * what a Worker left is cleaned up even if no context is terminated. Started by the first
 * context of a thread. Only the main thread sweeps, if it uses the library: a thread that is
 * itself ended midway through terminating an orphaned context would leave it half done.
 */
export declare function sweepPeriodically(): void;
