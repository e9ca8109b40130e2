/**
 * The public base of every socket class: lifecycle, endpoints, options and monitor events. What
 * a socket can send or receive is given by its class (sockets.ts); the machinery is in core.ts.
 */
import type { Pointer } from "./ffi/mod.ts";
import { type Context } from "./context.ts";
import { type SocketTypeName } from "./options.ts";
import { type SocketEvents } from "./monitor.ts";
export { DEFAULT_LINGER } from "./core.ts";
/** How many sockets are open in this thread (the test harness checks for leaks). */
export declare function openSocketCount(): number;
/**
 * The base of every socket class. Which of send/receive a socket has depends on its type: see
 * {@link Push}, {@link Pull}, {@link Request} and the others.
 */
export declare abstract class Socket {
    #private;
    /** libzmq's name of the socket type: "PUSH", "PUB", ... */
    readonly type: SocketTypeName;
    /** The context the socket belongs to. */
    readonly context: Context;
    /** Makes the libzmq socket; `options` sets any writable option of the type by name, and `context`. */
    protected constructor(type: SocketTypeName, options: object | undefined);
    /**
     * The socket's monitor events (zmq_socket_monitor), decoded:
     * `for await (const event of socket.events)`. Monitoring starts on first access and costs
     * nothing until then; see {@link SocketEvents}.
     */
    get events(): SocketEvents;
    /** True once close() was called. */
    get closed(): boolean;
    /** The raw `void*` socket handle, for FFI code of your own. Throws once closed. */
    get unsafeHandle(): Pointer;
    /**
     * Binds to an endpoint ("tcp://127.0.0.1:*", "ipc:///tmp/x", "inproc://name") and returns the
     * resolved endpoint (ZMQ_LAST_ENDPOINT): a wildcard port comes back as the real port. An
     * address a socket of this thread has just released (close, unbind) is tried again for up to
     * 250 ms rather than fail with EADDRINUSE while libzmq lets go of it.
     *
     * @example A port chosen by the system
     * ```ts
     * import { Reply } from "zeromq-ffi";
     * using rep = new Reply();
     * const endpoint = rep.bind("tcp://127.0.0.1:*"); // e.g. "tcp://127.0.0.1:41203"
     * ```
     */
    bind(endpoint: string): string;
    /**
     * Connects to an endpoint; the connection is made in the background and retried, so the peer
     * may bind later.
     *
     * @example Connect before the peer exists
     * ```ts
     * import { Request } from "zeromq-ffi";
     * using req = new Request();
     * req.connect("tcp://127.0.0.1:5555");
     * ```
     */
    connect(endpoint: string): void;
    /** Stops listening on an endpoint returned by bind() (ZmqError ENOENT if it is not bound). */
    unbind(endpoint: string): void;
    /** Drops the connection to an endpoint (ZmqError ENOENT if it is not connected). */
    disconnect(endpoint: string): void;
    /**
     * Closes the socket at once: pending calls reject with ZmqError "EBADF", iteration ends.
     * Sends called but not yet handed to libzmq go first, as far as its high-water mark allows;
     * messages libzmq accepted are delivered in the background within `linger` ms (default 5000).
     * Idempotent.
     */
    close(): void;
    /** `using socket = new Push()` closes it at the end of the scope. */
    [Symbol.dispose](): void;
}
/** Installs the typed option properties of a socket type on its class. */
export declare function installOptions(cls: {
    prototype: object;
}, type: SocketTypeName): void;
