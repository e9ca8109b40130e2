import { Socket } from "./socket.ts";
/** libzmq's counters of one side of a proxy. */
export interface ProxySocketStatistics {
    /** Messages received on this socket (libzmq 4.3.4 counts a multipart message once; its master, each frame). */
    messagesReceived: number;
    /** Bytes received on this socket. */
    bytesReceived: number;
    /** Messages sent on this socket (counted like messagesReceived). */
    messagesSent: number;
    /** Bytes sent on this socket. */
    bytesSent: number;
}
/** The 8 counters of `zmq_proxy_steerable`'s STATISTICS command, summed over pauses. */
export interface ProxyStatistics {
    /** The counters of the frontend socket. */
    frontend: ProxySocketStatistics;
    /** The counters of the backend socket. */
    backend: ProxySocketStatistics;
}
/** Options of a Proxy. */
export interface ProxyOptions {
    /**
     * A socket that gets a copy of every frame the proxy forwards, in both directions (a PUB or
     * a PUSH, bound or connected). Note: libzmq 4.3.4 and older also copy the proxy's control
     * commands ("PAUSE", "RESUME", "TERMINATE", "STATISTICS", each a single frame) to it, and
     * this class sends some on every pause(), resume(), terminate() and statistics().
     */
    capture?: Socket;
}
/** The life of a Proxy: "idle" before run(), "running", "paused", "ended" once run() settled. */
export type ProxyState = "idle" | "running" | "paused" | "ended";
/**
 * Forwards messages between a frontend and a backend socket with libzmq's `zmq_proxy_steerable`,
 * running on a helper thread.
 *
 * @example A request broker, paused, counted and stopped
 * ```ts
 * import { Dealer, Proxy, Router } from "zeromq-ffi";
 *
 * using frontend = new Router();
 * frontend.bind("tcp://127.0.0.1:*"); // clients connect here
 * using backend = new Dealer();
 * backend.bind("tcp://127.0.0.1:*"); // workers connect here
 * const proxy = new Proxy(frontend, backend);
 * const done = proxy.run(); // resolves when terminated
 * await proxy.pause();
 * await proxy.resume();
 * console.log(await proxy.statistics()); // { frontend: { messagesReceived: 0, ... }, backend: {...} }
 * await proxy.terminate();
 * await done; // frontend and backend are usable again
 * ```
 *
 * While the proxy runs (or is paused), its sockets belong to the proxy's thread: any use from JS
 * throws a ZmqError "EBUSY". Once `run()` settles they are released and usable again (closing
 * them stays the caller's job). A Proxy runs once. It keeps the process alive while it runs or
 * is paused, and not after it ended.
 *
 * pause() stops the native proxy (libzmq 4.3's own PAUSE keeps polling a readable frontend at
 * full CPU), resume() starts it again; the counters of statistics() carry on across pauses.
 * Steering goes through a private inproc PAIR pair in the frontend's context. A PUSH or DEALER
 * among the sockets is also bound to a private inproc endpoint while the proxy runs (see
 * terminate()), which its `lastEndpoint` may show afterwards.
 */
export declare class Proxy {
    #private;
    /** The socket clients talk to. */
    readonly frontend: Socket;
    /** The socket workers or subscribers talk to. */
    readonly backend: Socket;
    /** The capture socket, if any. */
    readonly capture: Socket | undefined;
    /**
     * A proxy between `frontend` and `backend` (neither runs until run()): both must be bound or
     * connected; `options.capture` gets a copy of every frame.
     */
    constructor(frontend: Socket, backend: Socket, options?: ProxyOptions);
    /** "idle" (before run()), "running", "paused" or "ended". */
    get state(): ProxyState;
    /**
     * Hands the sockets to a helper thread running `zmq_proxy_steerable` and resolves when the
     * proxy has ended (after terminate()), with the sockets released to JS again. Rejects at once
     * if a socket is closed, has pending operations, or is neither bound nor connected, and if the
     * proxy already ran; rejects later if libzmq's proxy fails.
     */
    run(): Promise<void>;
    /**
     * Stops forwarding (messages wait in the sockets' queues); resolves once the proxy has stopped.
     * A proxy stuck sending to a peer that does not read acts once that peer reads (or on terminate()).
     */
    pause(): Promise<void>;
    /** Forwards again after pause(); resolves once the proxy is polling its sockets again. */
    resume(): Promise<void>;
    /**
     * Ends the proxy; resolves once it has ended and its sockets are released (run() settles
     * too). If libzmq is stuck sending to a PUSH or DEALER peer that does not read (libzmq 4.3
     * forwards in bursts of blocking sends and reads no command meanwhile), the proxy is freed by
     * a private peer that takes the rest of the burst; those messages are sent again on that
     * socket once it is released (after what it had queued). Rejects with "EFSM" before run() or
     * when called twice.
     */
    terminate(): Promise<void>;
    /**
     * libzmq's 8 counters (messages and bytes received and sent on each side), summed over every
     * run since run(). After the proxy ended: the final counts.
     */
    statistics(): Promise<ProxyStatistics>;
}
