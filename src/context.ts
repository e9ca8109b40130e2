/** Context: owns libzmq's I/O threads and the sockets made in it. */
import { native, type Pointer } from "./ffi/mod.ts";
import { check, EINTR, lastError, retryEintr, ZmqError } from "./errors.ts";

/** What a context needs of its sockets: to be closed first when it terminates. */
export interface ContextChild {
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
  /** True once the handle was given to zmq_close (by close(), the finalizer or terminate()). */
  closed: boolean;
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

/**
 * How long the native close of a socket that sent messages waits (ms), so libzmq's I/O thread
 * can take the last messages before the socket goes (libzmq 4.3 drops them otherwise).
 */
export const CLOSE_GRACE_MS = 50;
/** Set by Context.fromHandle() for the constructor it calls: the handle to adopt instead of a new one. */
let adopting: Pointer | null = null;
let exitHooked = false;

/**
 * A ZeroMQ context. Sockets made without a `context` option use `defaultContext`.
 * `terminate()` closes the context's sockets (each keeps its linger) and then runs
 * zmq_ctx_term on a helper thread, so the JS thread never blocks.
 */
export class Context {
  #handle: Pointer;
  #children = new Map<SocketToken, WeakRef<ContextChild>>();
  #terminating: Promise<void> | null = null;
  /** Made by fromHandle(): the handle belongs to another Context, which terminates it. */
  #borrowed = false;
  /** Sockets closed in JS whose native close waits out CLOSE_GRACE_MS. */
  #deferred = new Map<SocketToken, Promise<void>>();

  constructor(options: ContextOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("context options must be an object");
    for (const key of Object.keys(options)) {
      if (!(key in CONTEXT_OPTIONS)) throw new TypeError(`unknown context option "${key}"`);
    }
    const handle = adopting ?? native.zmq.zmq_ctx_new();
    if (native.isNull(handle)) throw lastError("creating a context");
    this.#handle = handle;
    this.#borrowed = adopting !== null;
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
      termNow(handle);
      throw e;
    }
    live.add(this);
    if (!exitHooked) {
      exitHooked = true;
      native.onBeforeExit(flushAtExit);
      native.onExit(terminateNow);
    }
  }

  /** The raw `void*` context handle (for sharing with another thread or FFI code). */
  get unsafeHandle(): Pointer {
    if (this.#terminating) throw new ZmqError("the context is terminated", "ETERM", 156384765);
    return this.#handle;
  }

  /**
   * The address of the raw context handle, as a bigint a Worker can be posted. Passing it to
   * `Context.fromHandle()` there gives a Context on the same libzmq context, so sockets of both
   * threads can talk over inproc.
   */
  get unsafeAddress(): bigint {
    return native.pointerValue(this.unsafeHandle);
  }

  /**
   * A Context on an existing libzmq context of this process (from `unsafeAddress`, typically in a
   * Worker). It does not own the context: its `terminate()` closes its own sockets only, and
   * the Context that made the handle terminates it (after every thread closed its sockets).
   */
  static fromHandle(address: bigint): Context {
    if (typeof address !== "bigint" || address === 0n) {
      throw new TypeError("Context.fromHandle needs the non-zero bigint of a context's unsafeAddress");
    }
    adopting = native.pointerFrom(address);
    try {
      return new Context();
    } finally {
      adopting = null;
    }
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
  _open(type: number, child: ContextChild): SocketToken {
    const handle = native.zmq.zmq_socket(this.unsafeHandle, type);
    if (native.isNull(handle)) throw lastError("creating a socket");
    const token: SocketToken = { handle, closed: false };
    this.#children.set(token, new WeakRef(child));
    return token;
  }

  /**
   * @internal Closes a socket's handle after CLOSE_GRACE_MS: a socket that sent messages and
   * lingers is closed natively only once libzmq's I/O thread had time to take its queue.
   */
  _closeLater(token: SocketToken): void {
    const done = new Promise<void>((resolve) => {
      setTimeout(() => {
        this.#deferred.delete(token);
        this.#children.delete(token);
        if (!token.closed) {
          token.closed = true;
          native.zmq.zmq_close(token.handle);
        }
        resolve();
      }, CLOSE_GRACE_MS);
    });
    this.#deferred.set(token, done);
  }

  /** @internal Forgets a closed socket. */
  _forget(token: SocketToken): void {
    this.#children.delete(token);
  }

  /**
   * Closes every socket: each socket object that is still reachable through close() (so its
   * pending calls settle), the handles of collected ones directly. Returns false if a socket
   * could not be closed because a running proxy owns it.
   */
  #closeAll(now: boolean): boolean {
    let all = true;
    for (const [token, ref] of [...this.#children]) {
      const child = ref.deref();
      if (child !== undefined && !child.closed) {
        try {
          if (now) (child as { linger?: number }).linger = 0;
        } catch {
          // ETERM once the context was shut down (close() still works), or EBUSY (a proxy owns it)
        }
        try {
          child.close();
        } catch {
          all = false; // owned by a running proxy
          continue;
        }
      }
      if (token.closed) {
        this.#children.delete(token);
        continue;
      }
      // A deferred close finishes by itself (terminate() waits for it), unless the process is
      // exiting right now.
      if (!now && this.#deferred.has(token)) continue;
      token.closed = true;
      if (now) native.zmq.zmq_setsockopt(token.handle, 17, new Int32Array([0]), native.size(4));
      native.zmq.zmq_close(token.handle);
      this.#children.delete(token);
    }
    return all;
  }

  /** @internal The synchronous last resort at process exit (see terminateNow). */
  _terminateNow(): void {
    if (this.#terminating) return;
    live.delete(this);
    this.#terminating = Promise.resolve();
    if (this.#closeAll(true) && !this.#borrowed) termNow(this.#handle);
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
    // A socket owned by a running proxy cannot be closed here: shutting the context down makes
    // the proxy return, and the socket closes itself when the proxy hands it back.
    if (!this.#closeAll(false)) native.zmq.zmq_ctx_shutdown(this.#handle);
    live.delete(this);
    const deferred = [...this.#deferred.values()];
    const handle = this.#handle;
    this.#terminating = this.#borrowed ? Promise.all(deferred).then(() => {}) : Promise.all(deferred)
      .then(() => termOffThread(handle));
    return this.#terminating;
  }
}

/**
 * When the event loop runs dry, every context is terminated (off the JS thread): messages still
 * queued are delivered within each socket's linger, and libzmq's I/O threads are stopped before
 * the process exits (a process that exits while they run can crash in them). True if any
 * termination was started.
 */
function flushAtExit(): boolean {
  let started = false;
  for (const ctx of [...live]) {
    void ctx.terminate().catch(() => {});
    started = true;
  }
  return started;
}

/**
 * On an explicit exit (Deno.exit, process.exit) nothing asynchronous can run: contexts not yet
 * terminating are closed with linger 0 and terminated on the spot.
 */
function terminateNow(): void {
  for (const ctx of [...live]) ctx._terminateNow();
}

/** The context used by sockets that are not given one. */
export const defaultContext: Context = new Context();

/** zmq_ctx_term on this thread, again after EINTR (libzmq resumes an interrupted termination). */
function termNow(handle: Pointer): void {
  retryEintr(() => native.zmq.zmq_ctx_term(handle), "terminating the context");
}

/**
 * zmq_ctx_term on a helper thread. Its errno stays on that thread; for a valid context the only
 * failure is EINTR (a signal reached the helper thread), after which libzmq resumes the
 * termination when called again.
 */
async function termOffThread(handle: Pointer): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    if (await native.zmq.zmq_ctx_term_blocking(handle) === 0) return;
  }
  throw new ZmqError("terminating the context: zmq_ctx_term failed 1000 times", "EINTR", EINTR);
}
