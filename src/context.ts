/** Context: owns libzmq's I/O threads and the sockets made in it. */
import { native, type Pointer } from "./ffi/mod.ts";
import { check, lastError, ZmqError } from "./errors.ts";

/** What a context needs of its sockets: to be closed first when it terminates. */
export interface ContextChild {
  close(): void;
  readonly closed: boolean;
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

const CONTEXT_OPTIONS: Record<keyof ContextOptions, number> = {
  ioThreads: 1,
  maxSockets: 2,
  maxMessageSize: 5,
  ipv6: 42,
  threadPriority: 3,
  threadSchedulingPolicy: 4,
};

const live = new Set<Context>();
let exitHooked = false;

/**
 * A ZeroMQ context. Sockets made without a `context` option use `defaultContext`.
 * `terminate()` closes the context's sockets (each keeps its linger) and then runs
 * zmq_ctx_term on a helper thread, so the JS thread never blocks.
 */
export class Context {
  #handle: Pointer;
  #children = new Set<WeakRef<ContextChild>>();
  #terminating: Promise<void> | null = null;
  /** @internal Set once any socket of this context sent a message: at exit its queues are flushed. */
  sentAny = false;

  constructor(options: ContextOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("context options must be an object");
    for (const key of Object.keys(options)) {
      if (!(key in CONTEXT_OPTIONS)) throw new TypeError(`unknown context option "${key}"`);
    }
    const handle = native.zmq.zmq_ctx_new();
    if (native.isNull(handle)) throw lastError("creating a context");
    this.#handle = handle;
    try {
      for (const [key, value] of Object.entries(options)) {
        if (value === undefined) continue;
        const v = typeof value === "boolean" ? (value ? 1 : 0) : value;
        if (typeof v !== "number" || !Number.isInteger(v)) {
          throw new TypeError(`context option "${key}" must be an integer, not ${typeof value}`);
        }
        check(
          native.zmq.zmq_ctx_set(handle, CONTEXT_OPTIONS[key as keyof ContextOptions], v),
          `setting context option "${key}"`,
        );
      }
    } catch (e) {
      native.zmq.zmq_ctx_term(handle);
      throw e;
    }
    live.add(this);
    if (!exitHooked) {
      exitHooked = true;
      native.onBeforeExit(flushAtExit);
    }
  }

  /** The raw `void*` context handle (for sharing with another thread or FFI code). */
  get unsafeHandle(): Pointer {
    if (this.#terminating) throw new ZmqError("the context is terminated", "ETERM", 156384765);
    return this.#handle;
  }

  /** True once `terminate()` was called. */
  get closed(): boolean {
    return this.#terminating !== null;
  }

  /** ZMQ_IO_THREADS. */
  get ioThreads(): number {
    return this.#get(1);
  }
  /** ZMQ_MAX_SOCKETS. */
  get maxSockets(): number {
    return this.#get(2);
  }
  /** ZMQ_SOCKET_LIMIT: the largest value maxSockets may take. */
  get socketLimit(): number {
    return this.#get(3);
  }

  #get(id: number): number {
    return check(native.zmq.zmq_ctx_get(this.unsafeHandle, id), `reading context option ${id}`);
  }

  /** @internal Creates a libzmq socket in this context and remembers it for terminate(). */
  _open(type: number, child: ContextChild): Pointer {
    const handle = native.zmq.zmq_socket(this.unsafeHandle, type);
    if (native.isNull(handle)) throw lastError("creating a socket");
    this.#children.add(new WeakRef(child));
    return handle;
  }

  /** @internal Forgets a closed socket. */
  _forget(child: ContextChild): void {
    for (const ref of this.#children) {
      const c = ref.deref();
      if (c === undefined || c === child) this.#children.delete(ref);
    }
  }

  /**
   * Interrupts every blocking operation of the context's sockets (zmq_ctx_shutdown): pending
   * calls reject with ETERM, and new sockets cannot be made.
   */
  shutdown(): void {
    if (this.#terminating) return;
    native.zmq.zmq_ctx_shutdown(this.#handle);
  }

  /**
   * Closes the context's open sockets (each honours its linger), then terminates the context
   * on a helper thread. Resolves when libzmq has finished; idempotent.
   */
  terminate(): Promise<void> {
    if (this.#terminating) return this.#terminating;
    for (const ref of [...this.#children]) ref.deref()?.close();
    this.#children.clear();
    live.delete(this);
    this.#terminating = native.zmq.zmq_ctx_term_blocking(this.#handle).then((rc) => {
      if (rc !== 0) throw lastError("terminating the context");
    });
    return this.#terminating;
  }
}

/**
 * When the event loop runs dry, contexts whose sockets sent messages are terminated (off the JS
 * thread), so messages still queued are delivered within each socket's linger before the
 * process exits.
 */
function flushAtExit(): boolean {
  let started = false;
  for (const ctx of [...live]) {
    if (!ctx.sentAny) continue;
    void ctx.terminate().catch(() => {});
    started = true;
  }
  return started;
}

/** The context used by sockets that are not given one. */
export const defaultContext: Context = new Context();
