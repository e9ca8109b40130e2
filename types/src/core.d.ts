/**
 * The machinery behind a socket: its libzmq handle, the sends and receives that wait, the
 * pollers that watch it, and what the reactor calls to retry them. Each public socket keeps one
 * in a private field; the library's own modules reach it with `coreOf(socket)`. A core can also
 * stand alone, without a public socket (a monitor's reader).
 *
 * Try first, wait second: every operation is first tried with ZMQ_DONTWAIT; only on EAGAIN does
 * it queue and the socket register with the reactor, which services it when its ZMQ_FD fires.
 */
import { type Pointer } from "./ffi/mod.ts";
import { type Context, type SocketToken } from "./context.ts";
import { type OptionName, type OptionSpec, type SocketTypeName } from "./options.ts";
import { type Watched } from "./reactor.ts";
import { type OperationOptions, type SendOptions } from "./waiters.ts";
/** The default linger of every socket made by this library, in ms (libzmq's own is -1: forever). */
export declare const DEFAULT_LINGER = 5000;
type Frames = Uint8Array<ArrayBuffer>[];
/** A Poller waiting on a socket. */
export interface PollWatch {
    /** ZMQ_POLLIN / ZMQ_POLLOUT bits this watch waits for on `core`. */
    maskFor(core: SocketCore): number;
    /** Some socket it watches may be ready. */
    fire(): void;
    /** A socket it watches was closed. */
    closed(core: SocketCore): void;
    /** Waiting failed (the helper thread died). */
    failed(error: Error): void;
}
/** What a socket's context closes when it terminates (the public socket, or a lone core). */
interface Owner {
    close(): void;
    readonly closed: boolean;
}
/** The core of a public socket (for the library's own modules); set by the Socket class as it is defined. */
export declare let coreOf: (socket: object) => SocketCore;
/** Set once by the Socket class: how to reach a socket's core. */
export declare function setCoreAccessor(fn: (socket: object) => SocketCore): void;
/** The machinery of one libzmq socket. */
export declare class SocketCore implements Watched {
    #private;
    readonly type: SocketTypeName;
    readonly context: Context;
    /** The socket's ZMQ_FD, watched by the reactor. */
    readonly fd: number;
    /** True once bind() or connect() succeeded (a proxy refuses an end with neither). */
    attached: boolean;
    constructor(context: Context, type: SocketTypeName, owner?: Owner);
    /** The registry token of the handle (the finalizer of the public socket closes it). */
    get token(): SocketToken;
    get closed(): boolean;
    /** The handle, if the socket can be used now; else throws (closed, or owned by a running proxy). */
    usable(what: string): Pointer;
    /** Hands the socket to a proxy's thread; returns the handle for it. */
    lend(to: string): Pointer;
    /** Takes the socket back from a proxy's thread. */
    takeBack(): void;
    /** Runs `fn(handle)` once in close(), before zmq_close (a monitor must stop while the socket lives). */
    onClose(fn: (handle: Pointer) => void): void;
    /**
     * zmq_bind, zmq_connect, zmq_unbind or zmq_disconnect on an endpoint. A bind that meets an
     * address this thread's sockets are still releasing (a close or unbind just before) tries
     * again for a moment rather than fail with EADDRINUSE (context.ts bindAgain). Returns the
     * resolved endpoint of a bind (ZMQ_LAST_ENDPOINT), else the endpoint.
     */
    endpoint(what: "bind" | "connect" | "unbind" | "disconnect", endpoint: string): string;
    getOption(name: OptionName, spec: OptionSpec): unknown;
    setOption(name: OptionName, spec: OptionSpec, value: unknown): void;
    /** ZMQ_EVENTS: POLLIN and POLLOUT bits; 0 once closed or while a proxy owns the socket. */
    events(): number;
    /** Sends now if possible: false when it would block, or while earlier send() calls wait. */
    trySend(message: unknown): boolean;
    /**
     * Receives now if a message is waiting: null otherwise, or while earlier receive() calls wait.
     * `into` as for receive().
     */
    tryReceive(into?: Uint8Array): Frames | null;
    /** Resolves once libzmq accepted the whole message; queued behind earlier sends. */
    send(message: unknown, options?: SendOptions): Promise<void>;
    /**
     * Resolves with the frames of the next message; queued behind earlier receives. `meta`
     * (receiveWithMetadata) is called with the zmq_msg_t right after the first frame. `into`
     * (receiveInto) is the caller's buffer the frames are copied into, as far as it has room:
     * the frames are then views of it (typed here as the usual frames).
     */
    receive(options?: OperationOptions, meta?: (msg: Uint8Array) => void, into?: Uint8Array): Promise<Frames>;
    /** Async iteration over received messages; ends quietly when the socket closes or its context ends. */
    iterate(): AsyncIterableIterator<Frames>;
    addPoll(p: PollWatch): void;
    removePoll(p: PollWatch): void;
    /** Retries the waiting operations; true while some must still wait for the fd. */
    service(): boolean;
    /** The reactor cannot wait for this socket (its helper thread failed): the waiting calls fail. */
    fail(error: Error): void;
    /**
     * Closes the socket at once: pending calls reject with EBADF, pollers are told. Sends that
     * wait only because a run of eager operations yielded (calls not awaited, in a loop) go to
     * libzmq first, as far as it takes them. False if it was closed already.
     */
    close(): boolean;
}
export {};
