/**
 * The public base of every socket class: lifecycle, endpoints, options and monitor events. What
 * a socket can send or receive is given by its class (sockets.ts); the machinery is in core.ts.
 */
import type { Pointer } from "./ffi/mod.ts";
import { closeSocket, type Context, defaultContext, isContext, type SocketToken } from "./context.ts";
import { type OptionName, optionsFor, type OptionSpec, type SocketTypeName } from "./options.ts";
import { coreOf, setCoreAccessor, SocketCore } from "./core.ts";
import { eventsOf, type SocketEvents } from "./monitor.ts";

export { DEFAULT_LINGER } from "./core.ts";

let openCount = 0;
/** How many sockets are open in this thread (the test harness checks for leaks). */
export function openSocketCount(): number {
  return openCount;
}

const finalizer = new FinalizationRegistry<SocketToken>((token) => {
  // Safety net only: a socket dropped without close(), closed now with its linger. Its context
  // may have closed the handle already (terminate() closes collected sockets' handles).
  openCount--;
  closeSocket(token);
});

/**
 * The base of every socket class. Which of send/receive a socket has depends on its type: see
 * {@link Push}, {@link Pull}, {@link Request} and the others.
 */
export abstract class Socket {
  /** libzmq's name of the socket type: "PUSH", "PUB", ... */
  readonly type: SocketTypeName;
  /** The context the socket belongs to. */
  readonly context: Context;
  readonly #core: SocketCore;

  static {
    setCoreAccessor((socket) => (socket as Socket).#core);
  }

  /** Makes the libzmq socket; `options` sets any writable option of the type by name, and `context`. */
  protected constructor(type: SocketTypeName, options: object | undefined) {
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError("socket options must be an object");
    }
    const given = options as Record<string, unknown> | undefined;
    const context = (given?.context ?? defaultContext) as Context;
    if (!isContext(context)) throw new TypeError('option "context" must be a Context');
    this.type = type;
    this.context = context;
    const core = new SocketCore(context, type, this);
    this.#core = core;
    if (given) {
      const table = optionTables.get(type)!;
      try {
        for (const [name, value] of Object.entries(given)) {
          if (name === "context" || value === undefined) continue;
          const spec = table.get(name);
          if (!spec) throw new TypeError(`unknown option "${name}" for a ${type} socket`);
          core.setOption(name as OptionName, spec, value);
        }
      } catch (e) {
        core.close();
        throw e;
      }
    }
    finalizer.register(this, core.token, core.token);
    openCount++;
  }

  /**
   * The socket's monitor events (zmq_socket_monitor), decoded:
   * `for await (const event of socket.events)`. Monitoring starts on first access and costs
   * nothing until then; see {@link SocketEvents}.
   */
  get events(): SocketEvents {
    return eventsOf(this);
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.#core.closed;
  }

  /** The raw `void*` socket handle, for FFI code of your own. Throws once closed. */
  get unsafeHandle(): Pointer {
    return this.#core.usable("unsafeHandle");
  }

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
  bind(endpoint: string): string {
    return this.#core.endpoint("bind", endpoint);
  }

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
  connect(endpoint: string): void {
    this.#core.endpoint("connect", endpoint);
  }

  /** Stops listening on an endpoint returned by bind() (ZmqError ENOENT if it is not bound). */
  unbind(endpoint: string): void {
    this.#core.endpoint("unbind", endpoint);
  }

  /** Drops the connection to an endpoint (ZmqError ENOENT if it is not connected). */
  disconnect(endpoint: string): void {
    this.#core.endpoint("disconnect", endpoint);
  }

  /**
   * Closes the socket at once: pending calls reject with ZmqError "EBADF", iteration ends.
   * Sends called but not yet handed to libzmq go first, as far as its high-water mark allows;
   * messages libzmq accepted are delivered in the background within `linger` ms (default 5000).
   * Idempotent.
   */
  close(): void {
    if (!this.#core.close()) return;
    finalizer.unregister(this.#core.token);
    openCount--;
  }

  /** `using socket = new Push()` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** The option table of each socket type, by name. */
const optionTables = new Map<SocketTypeName, Map<string, OptionSpec>>();

/** Installs the typed option properties of a socket type on its class. */
export function installOptions(cls: { prototype: object }, type: SocketTypeName): void {
  const table = new Map<string, OptionSpec>();
  for (const [name, spec] of optionsFor(type)) {
    table.set(name, spec);
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      enumerable: false,
      get(this: Socket) {
        return coreOf(this).getOption(name, spec);
      },
      set: spec.access === "r" ? undefined : function (this: Socket, value: unknown) {
        coreOf(this).setOption(name, spec, value);
      },
    });
  }
  optionTables.set(type, table);
}
