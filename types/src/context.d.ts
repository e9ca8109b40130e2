/** Context: owns libzmq's I/O threads and the sockets made in it. */
import { type Pointer } from "./ffi/mod.ts";
/** What a context needs of its sockets: to be closed first when it terminates. */
interface ContextChild {
    close(): void;
    readonly closed: boolean;
}
/**
 * One libzmq socket of a context. The context keeps the raw handle, not only the socket
 * object: a socket collected before its finalizer ran must still be closed before
 * zmq_ctx_term, or the termination would wait for it forever.
 */
export interface SocketToken {
    readonly handle: Pointer;
    readonly context: Context;
    /** Its slot in the process-wide registry (-1: not registered). */
    readonly slot: number;
    /** True once the handle was given to zmq_close (by this thread or, for a dead thread's, another). */
    closed: boolean;
    /** What its binds hold (bindKey of each resolved endpoint), until unbound or closed. */
    readonly bound: Set<string>;
    /** Whether `bound` counts in `holders` (until close() in JS, or the native close). */
    holding: boolean;
}
/** Context options (libzmq's zmq_ctx_set names). */
export interface ContextOptions {
    /** ZMQ_IO_THREADS: I/O threads (default 1). */
    ioThreads?: number;
    /** ZMQ_MAX_SOCKETS: maximum sockets in this context (default 1023). */
    maxSockets?: number;
    /** ZMQ_MAX_MSGSZ: largest message any socket of this context accepts (default INT_MAX). */
    maxMessageSize?: number;
    /** ZMQ_IPV6: new sockets use IPv6. */
    ipv6?: boolean;
    /** ZMQ_THREAD_PRIORITY: scheduling priority of the I/O threads. */
    threadPriority?: number;
    /** ZMQ_THREAD_SCHED_POLICY: scheduling policy of the I/O threads. */
    threadSchedulingPolicy?: number;
}
/**
 * How long the native close of a socket that sent messages waits (ms), so libzmq's I/O thread
 * can take the last messages before the socket goes (libzmq 4.3 drops them otherwise: libzmq
 * #1264, #3774, #4660; seen here: 0.2-1.2 % of a 1,000,000-message ipc burst). The close is
 * recorded in the process-wide registry, so if this thread ends first (a Worker terminated
 * right after close()), any other thread finishes it.
 */
export declare const CLOSE_GRACE_MS = 50;
/**
 * A ZeroMQ context. Sockets made without a `context` option use {@link defaultContext}.
 * `terminate()` closes the context's sockets (each keeps its linger) and then runs zmq_ctx_term
 * on a helper thread, so the JS thread never blocks.
 *
 * ```ts
 * import { Context, Pull, Push } from "zeromq-ffi";
 *
 * const context = new Context({ ioThreads: 2 });
 * const pull = new Pull({ context });
 * const push = new Push({ context });
 * push.connect(pull.bind("inproc://jobs"));
 * await push.send("job 1");
 * console.log(new TextDecoder().decode((await pull.receive())[0]));
 * await context.terminate(); // closes pull and push first
 * ```
 */
export declare class Context {
    #private;
    /** Makes a libzmq context with the given options (unknown names are a TypeError). */
    constructor(options?: ContextOptions);
    /** The raw `void*` context handle (for sharing with another thread or FFI code). */
    get unsafeHandle(): Pointer;
    /**
     * The address of the raw context handle, as a bigint a Worker can be posted. Passing it to
     * `Context.fromHandle()` there gives a Context on the same libzmq context, so sockets of both
     * threads can talk over inproc.
     */
    get unsafeAddress(): bigint;
    /**
     * A Context on an existing libzmq context of this process (from `unsafeAddress`, typically in a
     * Worker). It does not own the context: its `terminate()` closes its own sockets only, and
     * the Context that made the handle terminates it (after every thread closed its sockets, or
     * ended: what an ended Worker left open is closed for it).
     *
     * ```ts ignore
     * // main thread
     * worker.postMessage(context.unsafeAddress);
     * // in the Worker
     * self.onmessage = (e) => {
     *   const context = Context.fromHandle(e.data);
     *   const pair = new Pair({ context });
     * };
     * ```
     */
    static fromHandle(address: bigint): Context;
    /** True once `terminate()` was called. */
    get closed(): boolean;
    /** ZMQ_IO_THREADS. */
    get ioThreads(): number;
    /** ZMQ_MAX_SOCKETS. */
    get maxSockets(): number;
    /** ZMQ_SOCKET_LIMIT: the largest value maxSockets may take. */
    get socketLimit(): number;
    /**
     * Interrupts every blocking operation of the context's sockets (zmq_ctx_shutdown): pending
     * calls reject with ETERM, and new sockets cannot be made.
     */
    shutdown(): void;
    /**
     * Closes the context's open sockets (each honours its linger), then terminates the context
     * on a helper thread. Resolves when libzmq has finished; idempotent. Sockets other threads
     * opened on it must be closed by them (their pending calls fail with ETERM meanwhile); those
     * of Workers that ended are closed here.
     */
    terminate(): Promise<void>;
    /** `await using context = new Context()` terminates it. */
    [Symbol.asyncDispose](): Promise<void>;
}
/** Whether a value is a Context (the socket constructor checks its `context` option with it). */
export declare function isContext(value: unknown): value is Context;
/** Creates a libzmq socket in a context and remembers it for terminate(). */
export declare function openSocket(context: Context, type: number, child: ContextChild): SocketToken;
/**
 * Closes a socket's handle: at once, or after `graceMs` (a socket that sent and lingers: see
 * CLOSE_GRACE_MS). Idempotent.
 */
export declare function closeSocket(token: SocketToken, graceMs?: number): void;
/** A socket bound `endpoint` (the resolved one) or unbound it. */
export declare function noteBinding(token: SocketToken, endpoint: string, bound: boolean): void;
/**
 * A bind that failed with EADDRINUSE, tried again while the address may be this thread's own on
 * its way out: held by a socket whose native close waits out CLOSE_GRACE_MS (that close is
 * finished here, once its grace is over: the bind waits for it, at most the grace, rather than
 * cut short the delivery the grace is for), or released by a close or unbind within the last
 * second (or by the sweep of what an earlier runtime of this thread left: registry.ts), and no
 * open socket of this thread holds it. `bind` is called every ms for up to REBIND_MS; false if
 * the address was not this thread's or stayed taken (the caller then throws the EADDRINUSE).
 */
export declare function bindAgain(endpoint: string, bind: () => boolean): boolean;
/** A socket is handed to a proxy's native thread (true) or taken back (false). */
export declare function lendSocket(token: SocketToken, toProxy: boolean): void;
/** The context used by sockets that are not given one. */
export declare const defaultContext: Context;
export {};
