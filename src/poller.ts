/** Poller: waits until any of several sockets can receive or send. */
import type { PollWatch, Socket } from "./socket.ts";
import { reactor } from "./reactor.ts";
import { closedError, type ZmqError } from "./errors.ts";

/** What a poller waits for on a socket. */
export type PollEvents = "readable" | "writable" | "both";

/** A socket that is ready, and for what. */
export interface PollResult<S extends Socket = Socket> {
  socket: S;
  readable: boolean;
  writable: boolean;
}

const MASK: Record<PollEvents, number> = { readable: 1, writable: 2, both: 3 };

/**
 * Waits on many sockets at once, like zmq_poll, on the event loop: `poll()` resolves with the
 * sockets that are ready (a receive or send would not block), or `[]` on timeout.
 */
export class Poller<S extends Socket = Socket> {
  #items = new Map<S, number>();

  /**
   * A poller, optionally watching `sockets` at once (each for "readable", or as
   * `[socket, events]`). The type of the sockets given here is the type of `socket` in
   * poll()'s results, so `new Poller([router, dealer])` gives results whose `socket` has
   * `tryReceive()`; `new Poller<Router | Dealer>()` does the same for sockets added later.
   */
  constructor(sockets: Iterable<S | readonly [S, PollEvents]> = []) {
    for (const item of sockets) {
      if (Array.isArray(item)) this.add(item[0], item[1]);
      else this.add(item as S);
    }
  }

  /** Adds a socket (or changes what it is watched for). */
  add(socket: S, events: PollEvents = "readable"): void {
    const mask = MASK[events];
    if (mask === undefined) {
      throw new TypeError(`events must be "readable", "writable" or "both", not ${String(events)}`);
    }
    if (socket.closed) throw new TypeError("a closed socket cannot be polled");
    this.#items.set(socket, mask);
  }

  /** Removes a socket; true if it was there. */
  remove(socket: S): boolean {
    return this.#items.delete(socket);
  }

  /** The number of sockets watched. */
  get size(): number {
    return this.#items.size;
  }

  #ready(): PollResult<S>[] {
    const out: PollResult<S>[] = [];
    for (const [socket, mask] of this.#items) {
      const ev = socket._events() & mask;
      if (ev !== 0) out.push({ socket, readable: (ev & 1) !== 0, writable: (ev & 2) !== 0 });
    }
    return out;
  }

  /**
   * Resolves with the ready sockets as soon as at least one is ready; `[]` after `timeout` ms
   * (absent or -1: no timeout). Rejects with `signal.reason` on abort, and with ZmqError
   * "EBADF" if a watched socket is closed meanwhile. Watches the sockets added when it was
   * called. An empty poller with neither timeout nor signal rejects with a TypeError (it could
   * never settle).
   */
  poll(options?: { timeout?: number; signal?: AbortSignal }): Promise<PollResult<S>[]> {
    const signal = options?.signal;
    const timeout = options?.timeout ?? -1;
    if (signal != null && !(signal instanceof AbortSignal)) {
      // Checked here: a bad signal found in the executor would leave the timer to throw later.
      return Promise.reject(new TypeError("poll: options.signal must be an AbortSignal"));
    }
    if (typeof timeout !== "number" || Number.isNaN(timeout)) {
      return Promise.reject(new TypeError(`poll: timeout must be a number of milliseconds, not ${typeof timeout}`));
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#items.size === 0 && timeout < 0 && signal == null) {
      // Nothing could ever settle it (and nothing would keep the process alive meanwhile).
      return Promise.reject(new TypeError("poll: the poller watches no sockets and has no timeout or signal"));
    }
    for (const socket of this.#items.keys()) {
      if (socket.closed) return Promise.reject(closed());
    }
    if (reactor.eager(0)) {
      let now: PollResult<S>[];
      try {
        now = this.#ready(); // throws ETERM once the context is shut down
      } catch (e) {
        return Promise.reject(e);
      }
      if (now.length !== 0 || timeout === 0) return Promise.resolve(now);
    }
    return new Promise<PollResult<S>[]>((resolve, reject) => {
      const sockets = [...this.#items.keys()];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (value: PollResult<S>[] | null, error?: unknown): void => {
        for (const s of sockets) s._removePoll(watch);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (value !== null) resolve(value);
        else reject(error);
      };
      const onAbort = (): void => finish(null, signal!.reason);
      const watch: PollWatch = {
        maskFor: (socket) => this.#items.get(socket as S) ?? 0,
        fire: () => {
          let ready: PollResult<S>[];
          try {
            ready = this.#ready();
          } catch (e) {
            return finish(null, e);
          }
          if (ready.length !== 0) finish(ready);
        },
        closed: () => finish(null, closed()),
        failed: (error) => finish(null, error),
      };
      if (timeout >= 0) timer = setTimeout(() => finish([]), Math.min(timeout, 0x7fffffff));
      signal?.addEventListener("abort", onAbort, { once: true });
      for (const s of sockets) s._addPoll(watch);
    });
  }
}

function closed(): ZmqError {
  return closedError("poll: a watched socket");
}
