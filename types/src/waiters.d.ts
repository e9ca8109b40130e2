/**
 * What every place that waits shares (socket sends and receives, monitor events, polls): a
 * queue of waiting calls, each bounded by a timeout and an AbortSignal and settled exactly once,
 * and the async iterator over such calls.
 */
/** Per-call options of a call that waits. */
export interface OperationOptions {
    /**
     * Milliseconds before the call rejects with a DOMException named "TimeoutError". Absent: the
     * socket's default (`sendTimeout` / `receiveTimeout`, which is -1 unless set); a negative
     * value: no limit.
     */
    timeout?: number;
    /** Aborting rejects the call with `signal.reason`; nothing is sent or consumed. */
    signal?: AbortSignal;
}
/** Options of `send()`: those of every call that waits, and whether the buffers are handed over. */
export interface SendOptions extends OperationOptions {
    /**
     * Hands the message's buffers over to the library, as `postMessage`'s transfer list does:
     * the ArrayBuffer behind each binary frame (all of it, whatever part the frame views) is
     * detached from the caller at once, whether the send goes out now, waits or fails later, and
     * every view of it reads as empty. Nothing is taken from a message `send()` refuses (bad
     * frame or option). The bytes cannot change after `send()`, and on the main thread frames of
     * 2 MiB and more go out without a copy (libzmq sends from the buffer itself, which stays
     * referenced until libzmq is done with it). Buffers that cannot be detached (a
     * SharedArrayBuffer, a WebAssembly memory's buffer) are copied and left as they are.
     * Default false: the bytes are copied, the caller's buffers stay usable.
     */
    transfer?: boolean;
}
/** One waiting call. */
export interface Waiter<T> {
    resolve(value: T): void;
    reject(reason: unknown): void;
    timer?: ReturnType<typeof setTimeout>;
    signal?: AbortSignal;
    onAbort?: () => void;
}
/** setTimeout takes at most 2^31-1 ms: larger values, Infinity included, would fire at once. */
export declare const MAX_TIMER_MS = 2147483647;
/** The error of a call that timed out. */
export declare function timeoutError(what: string, ms: number): DOMException;
/**
 * Checks a call's options; returns the error to reject with, or null. Checked before anything
 * waits, so a bad argument never leaves a timer or a listener behind.
 */
export declare function badOptions(what: string, timeout: unknown, signal: unknown): TypeError | null;
/** Settles a waiter once: clears its timer and its abort listener. */
export declare function settle<T>(w: Waiter<T>, value: unknown, ok: boolean): void;
/** A FIFO of waiting calls; each leaves it by being settled, timing out or being aborted. */
export declare class WaitQueue<T, W extends Waiter<T> = Waiter<T>> {
    #private;
    /** The waiting calls, oldest first (read-only outside this class; a plain field for the hot paths' length checks). */
    readonly items: W[];
    /** `changed` runs after a timeout or abort took a call out (later calls may proceed now). */
    constructor(changed?: () => void);
    get length(): number;
    /** The oldest waiting call. */
    get first(): W | undefined;
    /** Queues `w`, bounded by `timeout` ms (negative: none) and `signal`. */
    add(w: W, timeout: number, signal: AbortSignal | undefined, what: string): void;
    /** Settles the oldest call. */
    settleFirst(value: unknown, ok: boolean): void;
    /** Settles every call alike. */
    settleAll(value: unknown, ok: boolean): void;
    /** Takes `w` out, if it is still waiting, and rejects it. */
    cancel(w: W, reason: unknown): void;
}
/** What a `next` of `iterate` gives to end the iteration. */
export declare const END: unique symbol;
/**
 * An async iterator over calls of `next` (one at a time, by its one consumer); it ends when
 * `next` gives END, and on `return()` (a `break`), which ends this iteration only. `finished`
 * runs once when it ends.
 */
export declare function iterate<T>(next: () => Promise<T | typeof END>, finished?: () => void): AsyncIterableIterator<T>;
