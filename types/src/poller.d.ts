/** Poller: waits until any of several sockets can receive or send. */
import type { Socket } from "./socket.ts";
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
export declare class Poller<S extends Socket = Socket> {
    #private;
    /**
     * A poller, optionally watching `sockets` at once (each for "readable", or as
     * `[socket, events]`). The type of the sockets given here is the type of `socket` in
     * poll()'s results, so `new Poller([router, dealer])` gives results whose `socket` has
     * `tryReceive()`; `new Poller<Router | Dealer>()` does the same for sockets added later.
     */
    constructor(sockets?: Iterable<S | readonly [S, PollEvents]>);
    /** Adds a socket (or changes what it is watched for). */
    add(socket: S, events?: PollEvents): void;
    /** Removes a socket; true if it was there. */
    remove(socket: S): boolean;
    /** The number of sockets watched. */
    get size(): number;
    /**
     * Resolves with the ready sockets as soon as at least one is ready; `[]` after `timeout` ms
     * (absent or -1: no timeout). Rejects with `signal.reason` on abort, and with ZmqError
     * "EBADF" if a watched socket is closed meanwhile. Watches the sockets added when it was
     * called. An empty poller with neither timeout nor signal rejects with a TypeError (it could
     * never settle).
     */
    poll(options?: {
        timeout?: number;
        signal?: AbortSignal;
    }): Promise<PollResult<S>[]>;
}
