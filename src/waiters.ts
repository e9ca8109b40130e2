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
export const MAX_TIMER_MS = 0x7fffffff;

/** The error of a call that timed out. */
export function timeoutError(what: string, ms: number): DOMException {
  return new DOMException(`${what} timed out after ${ms} ms`, "TimeoutError");
}

/**
 * Checks a call's options; returns the error to reject with, or null. Checked before anything
 * waits, so a bad argument never leaves a timer or a listener behind.
 */
export function badOptions(what: string, timeout: unknown, signal: unknown): TypeError | null {
  if (signal != null && !(signal instanceof AbortSignal)) {
    return new TypeError(`${what}: options.signal must be an AbortSignal`);
  }
  if (timeout !== undefined && (typeof timeout !== "number" || Number.isNaN(timeout))) {
    const got = typeof timeout === "number" ? "NaN" : typeof timeout;
    return new TypeError(`${what}: timeout must be a number of milliseconds, not ${got}`);
  }
  return null;
}

/** Settles a waiter once: clears its timer and its abort listener. */
export function settle<T>(w: Waiter<T>, value: unknown, ok: boolean): void {
  if (w.timer !== undefined) clearTimeout(w.timer);
  if (w.onAbort) w.signal!.removeEventListener("abort", w.onAbort);
  if (ok) w.resolve(value as T);
  else w.reject(value);
}

/** A FIFO of waiting calls; each leaves it by being settled, timing out or being aborted. */
export class WaitQueue<T, W extends Waiter<T> = Waiter<T>> {
  /** The waiting calls, oldest first (read-only outside this class; a plain field for the hot paths' length checks). */
  readonly items: W[] = [];
  readonly #changed: () => void;

  /** `changed` runs after a timeout or abort took a call out (later calls may proceed now). */
  constructor(changed: () => void = () => {}) {
    this.#changed = changed;
  }

  get length(): number {
    return this.items.length;
  }

  /** The oldest waiting call. */
  get first(): W | undefined {
    return this.items[0];
  }

  /** Queues `w`, bounded by `timeout` ms (negative: none) and `signal`. */
  add(w: W, timeout: number, signal: AbortSignal | undefined, what: string): void {
    if (timeout >= 0) {
      w.timer = setTimeout(() => this.cancel(w, timeoutError(what, timeout)), Math.min(timeout, MAX_TIMER_MS));
    }
    if (signal) {
      w.signal = signal;
      w.onAbort = () => this.cancel(w, signal.reason);
      signal.addEventListener("abort", w.onAbort, { once: true });
    }
    this.items.push(w);
  }

  /** Settles the oldest call. */
  settleFirst(value: unknown, ok: boolean): void {
    settle(this.items.shift()!, value, ok);
  }

  /** Settles every call alike. */
  settleAll(value: unknown, ok: boolean): void {
    for (const w of this.items.splice(0)) settle(w, value, ok);
  }

  /** Takes `w` out, if it is still waiting, and rejects it. */
  cancel(w: W, reason: unknown): void {
    const i = this.items.indexOf(w);
    if (i < 0) return;
    this.items.splice(i, 1);
    settle(w, reason, false);
    this.#changed();
  }
}

/** What a `next` of `iterate` gives to end the iteration. */
export const END: unique symbol = Symbol("end");

/**
 * An async iterator over calls of `next` (one at a time, by its one consumer); it ends when
 * `next` gives END, and on `return()` (a `break`), which ends this iteration only. `finished`
 * runs once when it ends.
 */
export function iterate<T>(next: () => Promise<T | typeof END>, finished?: () => void): AsyncIterableIterator<T> {
  let done = false;
  const end: IteratorResult<T> = { value: undefined, done: true };
  const finish = (): IteratorResult<T> => {
    if (!done) {
      done = true;
      finished?.();
    }
    return end;
  };
  const iterator: AsyncIterableIterator<T> = {
    next: (): Promise<IteratorResult<T>> => {
      if (done) return Promise.resolve(end);
      return next().then((value) => value === END ? finish() : { value, done: false });
    },
    return: (): Promise<IteratorResult<T>> => Promise.resolve(finish()),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
