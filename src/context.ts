/** Context: owns libzmq's I/O threads and the sockets made in it. */
import { native, type Pointer } from "./ffi/mod.ts";
import { check, lastError, retryEintr, ZmqError, zmqError } from "./errors.ts";
import { ZMQ } from "./constants.ts";
import * as registry from "./registry.ts";

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

const CONTEXT_OPTIONS: Record<keyof ContextOptions, number> = {
  ioThreads: ZMQ.IO_THREADS,
  maxSockets: ZMQ.MAX_SOCKETS,
  maxMessageSize: ZMQ.MAX_MSGSZ,
  ipv6: ZMQ.IPV6,
  threadPriority: ZMQ.THREAD_PRIORITY,
  threadSchedulingPolicy: ZMQ.THREAD_SCHED_POLICY,
};

/** Contexts of this thread not yet terminated (terminated when the event loop runs dry). */
const live = new Set<Context>();

/**
 * How long the native close of a socket that sent messages waits (ms), so libzmq's I/O thread
 * can take the last messages before the socket goes (libzmq 4.3 drops them otherwise: libzmq
 * #1264, #3774, #4660; seen here: 0.2-1.2 % of a 1,000,000-message ipc burst). The close is
 * recorded in the process-wide registry, so if this thread ends first (a Worker terminated
 * right after close()), any other thread finishes it.
 */
export const CLOSE_GRACE_MS = 50;
/** While a context terminates, how often it looks for what dead threads left on it (ms). */
const SWEEP_MS = 50;
/** A dead thread's proxy returns once its context is being terminated; its sockets are closed after this (ms). */
const PROXY_GRACE_MS = 500;
/**
 * How long after a close or unbind a bind of the same address that fails with EADDRINUSE is
 * tried again (ms): libzmq closes a listener on its I/O thread after zmq_close or zmq_unbind has
 * returned, so for a moment the address is still taken (pyzmq's close() then bind() of the same
 * port fails the same way).
 */
const RELEASED_RECENTLY_MS = 1000;
/** How long a bind that meets an address this thread is releasing tries again, every ms (ms). */
const REBIND_MS = 250;
/**
 * Addresses this thread's sockets released by close or unbind (bindKey), with when; and the
 * deferred native closes of this thread, with their due time and a way to finish one now. Kept
 * on globalThis, so that every copy of the library in this thread shares them: `bun --hot` and
 * `deno run --watch-hmr` evaluate it anew on a reload, and the reloaded program binds again what
 * the previous evaluation's sockets held.
 */
const { released, pendingCloses, holders } = ((globalThis as Record<symbol, unknown>)[
  Symbol.for("zeromq-ffi.releasing")
] ??= {
  released: new Map<string, number>(),
  pendingCloses: new Map<SocketToken, { due: number; finish(): void }>(),
  holders: new Map<string, number>(),
}) as {
  released: Map<string, number>;
  pendingCloses: Map<SocketToken, { due: number; finish(): void }>;
  /** How many open sockets of this thread hold each address (bindKey). */
  holders: Map<string, number>;
};
/** Set by Context.fromHandle() for the constructor it calls: the handle to adopt instead of a new one. */
let adopting: Pointer | null = null;
let exitHooked = false;

interface State {
  handle: Pointer;
  /** Made by fromHandle(): the handle belongs to another Context, which terminates it. */
  borrowed: boolean;
  /** The registry slot of an owned context (-1 for a borrowed one). */
  slot: number;
  children: Map<SocketToken, WeakRef<ContextChild>>;
  /** Sockets closed in JS whose native close waits out CLOSE_GRACE_MS. */
  deferred: Map<SocketToken, Promise<void>>;
  terminating: Promise<void> | null;
}

let stateOf!: (context: Context) => State;

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
export class Context {
  #state: State;

  static {
    stateOf = (context) => context.#state;
  }

  /** Makes a libzmq context with the given options (unknown names are a TypeError). */
  constructor(options: ContextOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("context options must be an object");
    for (const key of Object.keys(options)) {
      if (!(key in CONTEXT_OPTIONS)) throw new TypeError(`unknown context option "${key}"`);
    }
    const borrowed = adopting !== null;
    const [handle, slot] = borrowed ? [adopting, -1] : registry.makeContext();
    if (native.isNull(handle)) throw lastError("creating a context");
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
      if (!borrowed && registry.move(slot, registry.Slot.CONTEXT, registry.Slot.CLOSING)) {
        try {
          termNow(handle);
        } finally {
          registry.free(slot);
        }
      }
      throw e;
    }
    this.#state = {
      handle,
      borrowed,
      slot,
      children: new Map(),
      deferred: new Map(),
      terminating: null,
    };
    live.add(this);
    if (!exitHooked) {
      exitHooked = true;
      native.onBeforeExit(flushAtExit);
      if (registry.isMainThread) native.onUnload(releaseAtUnload);
    }
    // What ended Workers left (their sockets, their own contexts) is cleaned up from here.
    registry.sweepPeriodically();
  }

  /** The raw `void*` context handle (for sharing with another thread or FFI code). */
  get unsafeHandle(): Pointer {
    if (this.#state.terminating) throw zmqError("ETERM", "the context is terminated");
    return this.#state.handle;
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
    return this.#state.terminating !== null;
  }

  /** ZMQ_IO_THREADS. */
  get ioThreads(): number {
    return this.#get(ZMQ.IO_THREADS);
  }
  /** ZMQ_MAX_SOCKETS. */
  get maxSockets(): number {
    return this.#get(ZMQ.MAX_SOCKETS);
  }
  /** ZMQ_SOCKET_LIMIT: the largest value maxSockets may take. */
  get socketLimit(): number {
    return this.#get(ZMQ.SOCKET_LIMIT);
  }

  #get(id: number): number {
    return check(native.zmq.zmq_ctx_get(this.unsafeHandle, id), `reading context option ${id}`);
  }

  /**
   * Interrupts every blocking operation of the context's sockets (zmq_ctx_shutdown): pending
   * calls reject with ETERM, and new sockets cannot be made.
   */
  shutdown(): void {
    if (this.#state.terminating) return;
    native.zmq.zmq_ctx_shutdown(this.#state.handle);
  }

  /**
   * Closes the context's open sockets (each honours its linger), then terminates the context
   * on a helper thread. Resolves when libzmq has finished; idempotent. Sockets other threads
   * opened on it must be closed by them (their pending calls fail with ETERM meanwhile); those
   * of Workers that ended are closed here.
   */
  terminate(): Promise<void> {
    const s = this.#state;
    if (s.terminating) return s.terminating;
    // A socket owned by a running proxy cannot be closed here: shutting the context down makes
    // the proxy return, and the socket closes itself when the proxy hands it back.
    if (!closeAll(s)) native.zmq.zmq_ctx_shutdown(s.handle);
    live.delete(this);
    const deferred = Promise.all(s.deferred.values()).then(() => {});
    if (s.borrowed) return s.terminating = deferred;
    // Taken out of the registry's reach: no other thread terminates it as an orphan.
    registry.move(s.slot, registry.Slot.CONTEXT, registry.Slot.CLOSING);
    s.terminating = deferred.then(() => terminateOwned(s));
    return s.terminating;
  }

  /** `await using context = new Context()` terminates it. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.terminate();
  }
}

/**
 * Waits for the deferred closes of the context in every thread, then runs zmq_ctx_term off the
 * JS thread while looking for sockets that Workers which ended left on it.
 */
async function terminateOwned(s: State): Promise<void> {
  for (;;) {
    const pass = registry.sweep(s.handle);
    if (pass.nextDue < 0) break;
    await new Promise((resolve) => setTimeout(resolve, pass.nextDue + 1));
  }
  const started = Date.now();
  const timer = setInterval(() => registry.sweep(s.handle, Date.now() - started > PROXY_GRACE_MS), SWEEP_MS);
  try {
    await termOffThread(s.handle);
  } finally {
    clearInterval(timer);
    registry.free(s.slot);
  }
}

/**
 * Closes every socket of the context this thread made: each socket object that is still
 * reachable through close() (so its pending calls settle), the handles of collected ones
 * directly. Returns false if a socket could not be closed because a running proxy owns it.
 */
function closeAll(s: State): boolean {
  let all = true;
  for (const [token, ref] of [...s.children]) {
    const child = ref.deref();
    if (child !== undefined && !child.closed) {
      try {
        child.close();
      } catch {
        all = false; // owned by a running proxy
        continue;
      }
    }
    if (!token.closed && !s.deferred.has(token)) closeNow(token);
  }
  return all;
}

/** Whether a value is a Context (the socket constructor checks its `context` option with it). */
export function isContext(value: unknown): value is Context {
  return value instanceof Context;
}

/** Creates a libzmq socket in a context and remembers it for terminate(). */
export function openSocket(context: Context, type: number, child: ContextChild): SocketToken {
  const s = stateOf(context);
  const [handle, slot] = registry.makeSocket(context.unsafeHandle, type);
  if (native.isNull(handle)) {
    const e = lastError("creating a socket");
    if (e.code !== "EMFILE") throw e;
    // libzmq says EMFILE for its own limit too, which is the likelier one: say both.
    throw new ZmqError(
      `${e.message}: the context has as many sockets as it may (its maxSockets option, 1023 unless set; ` +
        "a closed socket counts until libzmq's reaper thread has finished it), or the process is out of file descriptors",
      e.code,
      e.errno,
    );
  }
  const token: SocketToken = {
    handle,
    context,
    slot,
    closed: false,
    bound: new Set(),
    holding: true,
  };
  s.children.set(token, new WeakRef(child));
  return token;
}

/**
 * Closes a socket's handle: at once, or after `graceMs` (a socket that sent and lingers: see
 * CLOSE_GRACE_MS). Idempotent.
 */
export function closeSocket(token: SocketToken, graceMs = 0): void {
  const s = stateOf(token.context);
  if (token.closed || s.deferred.has(token)) return;
  letGo(token);
  if (graceMs <= 0 || !registry.defer(token.slot, graceMs)) return closeNow(token);
  let resolve!: () => void;
  const done = new Promise<void>((r) => resolve = r);
  const finish = () => {
    clearTimeout(timer);
    if (!pendingCloses.delete(token)) return;
    s.deferred.delete(token);
    // Another thread may have closed it meanwhile (its deadline passed while it terminated
    // the context): the registry hands the handle to exactly one of us.
    if (!token.closed) nativeClose(token, registry.Slot.DEFERRED);
    token.closed = true;
    s.children.delete(token);
    resolve();
  };
  const timer = setTimeout(finish, graceMs);
  pendingCloses.set(token, { due: performance.now() + graceMs, finish });
  s.deferred.set(token, done);
}

function closeNow(token: SocketToken): void {
  if (token.closed) return;
  token.closed = true;
  stateOf(token.context).children.delete(token);
  nativeClose(token, registry.Slot.SOCKET);
}

/** zmq_close, if the registry hands the handle to this thread; its addresses are being released. */
function nativeClose(token: SocketToken, from: registry.Slot): void {
  if (!registry.move(token.slot, from, registry.Slot.CLOSING)) return;
  native.zmq.zmq_close(token.handle);
  registry.free(token.slot);
  letGo(token);
  for (const key of token.bound) releasing(key);
  token.bound.clear();
}

/** A socket closed (in JS or natively): its addresses no longer count as held by an open socket. */
function letGo(token: SocketToken): void {
  if (!token.holding) return;
  token.holding = false;
  for (const key of token.bound) hold(key, -1);
}

function hold(key: string, by: number): void {
  const n = (holders.get(key) ?? 0) + by;
  if (n > 0) holders.set(key, n);
  else holders.delete(key);
}

/** What two binds compete for: a TCP port (whatever the interface), else the endpoint itself. */
function bindKey(endpoint: string): string {
  const tcp = /^(tcp|ws|wss):\/\/.*:(\d+)$/.exec(endpoint);
  return tcp === null ? endpoint : `${tcp[1]}:${tcp[2]}`;
}

function releasing(key: string): void {
  const now = performance.now();
  if (released.size > 256) {
    for (const [k, at] of released) if (now - at > RELEASED_RECENTLY_MS) released.delete(k);
  }
  released.set(key, now);
}

/** A socket bound `endpoint` (the resolved one) or unbound it. */
export function noteBinding(token: SocketToken, endpoint: string, bound: boolean): void {
  const key = bindKey(endpoint);
  if (!bound) {
    if (!token.bound.delete(key)) return;
    if (token.holding) hold(key, -1);
    releasing(key);
  } else if (!token.bound.has(key)) {
    token.bound.add(key);
    if (token.holding) hold(key, 1);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * A bind that failed with EADDRINUSE, tried again while the address may be this thread's own on
 * its way out: held by a socket whose native close waits out CLOSE_GRACE_MS (that close is
 * finished here, once its grace is over: the bind waits for it, at most the grace, rather than
 * cut short the delivery the grace is for), or released by a close or unbind within the last
 * second (or by the sweep of what an earlier runtime of this thread left: registry.ts), and no
 * open socket of this thread holds it. `bind` is called every ms for up to REBIND_MS; false if
 * the address was not this thread's or stayed taken (the caller then throws the EADDRINUSE).
 */
export function bindAgain(endpoint: string, bind: () => boolean): boolean {
  const key = bindKey(endpoint);
  // An open socket of this thread holds it (the system may give a port just released to the
  // next wildcard bind): nothing to wait for.
  if (holders.has(key)) return false;
  let ours = false;
  for (const [token, close] of [...pendingCloses]) {
    if (!token.bound.has(key)) continue;
    sleepSync(close.due - performance.now());
    close.finish();
    ours = true;
  }
  const at = Math.max(released.get(key) ?? -Infinity, registry.sweptEarlierRuntime());
  if (!ours && performance.now() - at > RELEASED_RECENTLY_MS) return false;
  const until = performance.now() + REBIND_MS;
  do {
    sleepSync(1);
    if (bind()) return true;
  } while (performance.now() < until);
  return false;
}

/** A socket is handed to a proxy's native thread (true) or taken back (false). */
export function lendSocket(token: SocketToken, toProxy: boolean): void {
  const { SOCKET, PROXIED } = registry.Slot;
  registry.move(token.slot, toProxy ? SOCKET : PROXIED, toProxy ? PROXIED : SOCKET);
}

/**
 * When the event loop runs dry, every context of this thread is terminated (off the JS thread):
 * messages still queued are delivered within each socket's linger, and libzmq's I/O threads are
 * stopped before the process exits. True if any termination was started. (An explicit exit,
 * `Deno.exit()` or `process.exit()`, waits for nothing: unsent messages are dropped.)
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
 * This thread's program is torn down while sockets are open, and the process may live on:
 * `deno run --watch` restarts a program in the same process, where libzmq, its I/O threads and
 * the old program's sockets stayed, holding their addresses: the restarted program's bind() of
 * the same address failed with EADDRINUSE, at every restart after the first. Every socket of
 * this thread is closed now (libzmq delivers within each linger, on its own threads; a close
 * still in its grace is finished, as no timer runs any more) and each context terminated on a
 * helper thread, nothing awaited. (Deno.exit() comes here too: the process ends regardless.)
 * Main thread only: a Worker's sockets are closed by the thread that outlives it, as before.
 */
function releaseAtUnload(): void {
  for (const ctx of [...live]) {
    live.delete(ctx);
    const s = stateOf(ctx);
    try {
      closeAll(s);
    } catch {
      // a socket that will not close (a running proxy's) keeps the context; nothing to wait for
    }
    for (const token of [...s.deferred.keys()]) pendingCloses.get(token)?.finish();
    if (s.borrowed || !registry.move(s.slot, registry.Slot.CONTEXT, registry.Slot.CLOSING)) continue;
    void native.zmq.zmq_ctx_term_blocking(s.handle).catch(() => {});
    registry.free(s.slot); // nothing of this program will look at it again
  }
}

/**
 * The default context of this thread: one libzmq context for every copy of the library the
 * thread evaluates. `bun --hot` evaluates the library again at every reload, and each copy made
 * a context of its own: an eventfd per reload, and two I/O threads per reload once it made a
 * socket (8 reloads: 16 libzmq threads). A later copy's defaultContext borrows the first one's
 * (Context.fromHandle: its terminate() closes its own sockets only), so copies also talk over
 * inproc; once the first is terminated, the next copy makes a new one.
 */
function threadDefaultContext(): Context {
  const key = Symbol.for("zeromq-ffi.defaultContext");
  const slot = globalThis as Record<symbol, unknown>;
  const first = slot[key] as { closed?: unknown; unsafeAddress?: unknown } | undefined;
  if (first?.closed === false && typeof first.unsafeAddress === "bigint") {
    try {
      return Context.fromHandle(first.unsafeAddress);
    } catch {
      // not usable after all: a context of its own, as before
    }
  }
  const context = new Context();
  slot[key] = context;
  return context;
}

// Before the default context is made: its constructor's first sweep may terminate contexts that
// an earlier runtime of this thread left (registry.ts), and did nothing without a terminator.
registry.setTerminator(termOffThread);

/** The context used by sockets that are not given one. */
export const defaultContext: Context = threadDefaultContext();

/** zmq_ctx_term on this thread, again after EINTR (libzmq resumes an interrupted termination). */
function termNow(handle: Pointer): void {
  retryEintr(() => native.zmq.zmq_ctx_term(handle), "terminating the context");
}

/**
 * zmq_ctx_term on a helper thread. Its errno stays on that thread; for a valid context the only
 * failure is EINTR (a signal reached the helper thread), after which libzmq resumes the
 * termination when called again. With `keepAliveMs`, the call keeps the process alive that long
 * at most (Bun; a dead Worker's context, see registry.ts).
 */
async function termOffThread(handle: Pointer, keepAliveMs = Infinity): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const call = native.zmq.zmq_ctx_term_blocking(handle);
    if (keepAliveMs !== Infinity && native.unrefBlocking !== undefined) {
      // Past the bound the call goes on, but no longer keeps the process alive (registry.ts).
      const timer = setTimeout(() => native.unrefBlocking!(call), keepAliveMs);
      native.unrefTimer(timer);
      call.finally(() => clearTimeout(timer)).catch(() => {});
    }
    if (await call === 0) return;
  }
  throw zmqError("EINTR", "terminating the context: zmq_ctx_term failed 1000 times");
}
