/** Poller: waits until any of several sockets can receive or send. */
import type { Socket } from "./socket.ts";
import { coreOf, type PollWatch } from "./core.ts";
import { reactor } from "./reactor.ts";
import { closedError, type ZmqError } from "./errors.ts";
import { ZMQ } from "./constants.ts";
import { badOptions, MAX_TIMER_MS, settle, type Waiter } from "./waiters.ts";

/** What a poller waits for on a socket. */
export type PollEvents = "readable" | "writable" | "both";

/** A socket that is ready, and for what. */
export interface PollResult<S extends Socket = Socket> {
  /** The socket that is ready. */
  socket: S;
  /** A receive would not wait (ZMQ_POLLIN). */
  readable: boolean;
  /** A send would not wait (ZMQ_POLLOUT). */
  writable: boolean;
}

const MASK: Record<PollEvents, number> = {
  readable: ZMQ.POLLIN,
  writable: ZMQ.POLLOUT,
  both: ZMQ.POLLIN | ZMQ.POLLOUT,
};

/**
 * Waits on many sockets at once, like zmq_poll, on the event loop: `poll()` resolves with the
 * sockets that are ready (a receive or send would not block), or `[]` on timeout.
 *
 * @example One loop over two sockets
 * ```ts
 * import { Poller, Pull, Push, Subscriber } from "zeromq-ffi";
 *
 * using tasks = new Pull();
 * using updates = new Subscriber();
 * using ventilator = new Push();
 * ventilator.connect(tasks.bind("inproc://tasks"));
 * await ventilator.send("task 1");
 * const poller = new Poller([tasks, updates]);
 * for (const { socket } of await poller.poll({ timeout: 1000 })) {
 *   const frames = socket.tryReceive(); // socket: Pull | Subscriber
 *   console.log(socket === tasks ? "task" : "update", frames);
 * }
 * ```
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
      const ev = coreOf(socket).events() & mask;
      if (ev !== 0) out.push({ socket, readable: (ev & ZMQ.POLLIN) !== 0, writable: (ev & ZMQ.POLLOUT) !== 0 });
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
    // Checked first: a bad signal found later would leave the timer to throw.
    const bad = badOptions("poll", timeout, signal);
    if (bad) return Promise.reject(bad);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#items.size === 0 && timeout < 0 && signal == null) {
      // Nothing could ever settle it (and nothing would keep the process alive meanwhile).
      return Promise.reject(new TypeError("poll: the poller watches no sockets and has no timeout or signal"));
    }
    for (const socket of this.#items.keys()) {
      if (socket.closed) return Promise.reject(closed());
    }
    if (reactor.eager()) {
      let now: PollResult<S>[];
      try {
        now = this.#ready(); // throws ETERM once the context is shut down
      } catch (e) {
        return Promise.reject(e);
      }
      if (now.length !== 0 || timeout === 0) return Promise.resolve(now);
    }
    return new Promise<PollResult<S>[]>((resolve, reject) => {
      const cores = new Map([...this.#items.keys()].map((s) => [coreOf(s), s]));
      const w: Waiter<PollResult<S>[]> = { resolve, reject };
      let done = false;
      const finish = (value: unknown, ok: boolean): void => {
        if (done) return;
        done = true;
        for (const core of cores.keys()) core.removePoll(watch);
        settle(w, value, ok);
      };
      const watch: PollWatch = {
        maskFor: (core) => this.#items.get(cores.get(core)!) ?? 0,
        fire: () => {
          let ready: PollResult<S>[];
          try {
            ready = this.#ready();
          } catch (e) {
            return finish(e, false);
          }
          if (ready.length !== 0) finish(ready, true);
        },
        closed: () => finish(closed(), false),
        failed: (error) => finish(error, false),
      };
      if (timeout >= 0) w.timer = setTimeout(() => finish([], true), Math.min(timeout, MAX_TIMER_MS));
      if (signal) {
        w.signal = signal;
        w.onAbort = () => finish(signal.reason, false);
        signal.addEventListener("abort", w.onAbort, { once: true });
      }
      for (const core of cores.keys()) core.addPoll(watch);
    });
  }
}

function closed(): ZmqError {
  return closedError("poll: a watched socket");
}
