/**
 * The socket base: lifecycle, endpoints, options, and the send/receive machinery that the
 * socket classes expose according to what their type can do.
 */
import { native, type Pointer } from "./ffi/mod.ts";
import { closedError, EAGAIN, EINTR, errorFor, retryEintr, zmqErrno, type ZmqError, zmqError } from "./errors.ts";
import {
  CLOSE_GRACE_MS,
  closeSocket,
  type Context,
  defaultContext,
  isContext,
  lendSocket,
  openSocket,
  type SocketToken,
} from "./context.ts";
import { type OptionName, optionsFor, type OptionSpec, type SocketTypeName } from "./options.ts";
import { getInt, getOption, setInt, setOption } from "./sockopt.ts";
import { more, ownFrames, receiveFrame, sendFrame, toFrame, toFrames } from "./frames.ts";
import { reactor, type Watched } from "./reactor.ts";
import type { SocketEvents } from "./monitor.ts";

const { zmq } = native;
const DONTWAIT = 1;
const SNDMORE = 2;
const ZMQ_FD = 14;
const ZMQ_EVENTS = 15;
const ZMQ_LINGER = 17;
const ZMQ_RCVTIMEO = 27;
const ZMQ_SNDTIMEO = 28;
const ZMQ_LAST_ENDPOINT = 32;
const POLLIN = 1;
const POLLOUT = 2;

/** The default linger of every socket made by this library, in ms (libzmq's own is -1: forever). */
export const DEFAULT_LINGER = 5000;

/** Per-call options of send() and receive(). */
export interface OperationOptions {
  /** Milliseconds before the call rejects with a DOMException named "TimeoutError" (-1 or absent: the socket's sendTimeout/receiveTimeout). */
  timeout?: number;
  /** Aborting rejects the call with `signal.reason`; nothing is sent or consumed. */
  signal?: AbortSignal;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
  timer?: ReturnType<typeof setTimeout>;
  signal?: AbortSignal;
  onAbort?: () => void;
  /** A receive that wants the message's properties: called with `msg` right after the first frame. */
  meta?: (msg: Uint8Array) => void;
}
interface SendWaiter extends Waiter<void> {
  frames: Uint8Array[];
}

/** A Poller waiting on this socket. */
export interface PollWatch {
  /** ZMQ_POLLIN / ZMQ_POLLOUT bits this watch waits for on this socket. */
  maskFor(socket: Socket): number;
  /** Some socket it watches may be ready. */
  fire(): void;
  /** A socket it watches was closed. */
  closed(socket: Socket): void;
  /** Waiting failed (the helper thread died). */
  failed(error: Error): void;
}

const RESOLVED: Promise<void> = Promise.resolve();
const encoder = new TextEncoder();

let openCount = 0;
/** @internal How many sockets are open in this thread (the test harness checks for leaks). */
export function openSocketCount(): number {
  return openCount;
}

interface Held {
  token: SocketToken;
  internal: boolean;
}
const finalizer = new FinalizationRegistry<Held>(({ token, internal }) => {
  // Safety net only: a socket dropped without close(), closed now with its linger. Its context
  // may have closed the handle already (terminate() closes collected sockets' handles).
  if (!internal) openCount--;
  closeSocket(token);
});

function timeoutError(what: string, ms: number): DOMException {
  return new DOMException(`${what} timed out after ${ms} ms`, "TimeoutError");
}

/**
 * The base of every socket class. Which of send/receive a socket has depends on its type:
 * see the classes in `sockets.ts`.
 */
export abstract class Socket implements Watched {
  /** libzmq's name of the socket type: "PUSH", "PUB", ... */
  readonly type: SocketTypeName;
  /** The context the socket belongs to. */
  readonly context: Context;
  #handle: Pointer;
  #fd: number;
  #recvQ: Waiter<Uint8Array<ArrayBuffer>[]>[] = [];
  #sendQ: SendWaiter[] = [];
  #polls = new Set<PollWatch>();
  #writeOnly = new Map<string, unknown>();
  #sendTimeout = -1;
  #receiveTimeout = -1;
  #owner: string | null = null;
  #internal = false;
  #sent = false;
  #token: SocketToken;
  #held: Held;
  #closeHooks: ((handle: Pointer) => void)[] | null = null;

  /** @internal */
  constructor(typeId: number, type: SocketTypeName, options: Record<string, unknown> | undefined) {
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError("socket options must be an object");
    }
    const context = (options?.context as Context | undefined) ?? defaultContext;
    if (!isContext(context)) throw new TypeError('option "context" must be a Context');
    this.type = type;
    this.context = context;
    this.#token = openSocket(context, typeId, this);
    this.#handle = this.#token.handle;
    try {
      this.#fd = getInt(this.#handle, ZMQ_FD);
      setInt(this.#handle, ZMQ_LINGER, DEFAULT_LINGER, "setting the default linger");
      if (options) {
        const table = optionTables.get(type)!;
        for (const [name, value] of Object.entries(options)) {
          if (name === "context" || value === undefined) continue;
          const spec = table.get(name);
          if (!spec) throw new TypeError(`unknown option "${name}" for a ${type} socket`);
          this.#setOption(name as OptionName, spec, value);
        }
      }
    } catch (e) {
      closeSocket(this.#token);
      this.#handle = null;
      throw e;
    }
    this.#held = { token: this.#token, internal: false };
    finalizer.register(this, this.#held, this.#token);
    openCount++;
  }

  /** @internal A socket the library keeps for itself (a monitor's reader): not counted by openSocketCount(). */
  _internal(): void {
    if (this.#internal || this.#handle === null) return;
    this.#internal = true;
    this.#held.internal = true;
    openCount--;
  }

  /**
   * @internal Runs `fn(handle)` once in close(), before the handle is given to zmq_close (a monitor
   * must be stopped while the socket lives: libzmq would block sending to a reader already gone).
   */
  _onClose(fn: (handle: Pointer) => void): void {
    (this.#closeHooks ??= []).push(fn);
  }

  /**
   * The socket's monitor events (zmq_socket_monitor), decoded: `for await (const e of socket.events)`.
   * Monitoring starts on first access and costs nothing until then. See `SocketEvents` in monitor.ts.
   */
  get events(): SocketEvents {
    if (eventsFactory === null) throw new Error("socket.events needs the monitor module (import mod.ts)");
    return eventsFactory(this);
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.#handle === null;
  }

  /** The raw `void*` socket handle, for FFI code of your own. Throws once closed. */
  get unsafeHandle(): Pointer {
    return this.#usable("unsafeHandle");
  }

  /** @internal The socket's ZMQ_FD (for the reactor). */
  get watchFd(): number {
    return this.#fd;
  }

  #usable(what: string): Pointer {
    if (this.#handle === null) throw closedError(what);
    if (this.#owner !== null) {
      throw zmqError(
        "EBUSY",
        `${what}: the socket belongs to a running ${this.#owner}; it can be used again once that ends`,
      );
    }
    return this.#handle;
  }

  /** @internal Hands the socket to a proxy's thread (owner set) or takes it back (null). */
  _own(owner: string | null): Pointer {
    const h = this.#usable(owner === null ? "release" : `handing the socket to a ${owner}`);
    if (owner !== null && (this.#recvQ.length || this.#sendQ.length || this.#polls.size)) {
      throw zmqError("EBUSY", `a socket with pending operations cannot be handed to a ${owner}`);
    }
    this.#owner = owner;
    lendSocket(this.#token, true);
    return h;
  }
  /** @internal */
  _release(): void {
    this.#owner = null;
    lendSocket(this.#token, false);
    // Its context was terminated while a proxy owned it: close now, so zmq_ctx_term can finish.
    if (this.context.closed) this.close();
  }
  /** @internal True once bind() or connect() succeeded (a proxy refuses an end with neither). */
  _attached = false;

  /**
   * Binds to an endpoint ("tcp://127.0.0.1:*", "ipc:///tmp/x", "inproc://name") and returns
   * the resolved endpoint (ZMQ_LAST_ENDPOINT): a wildcard port comes back as the real port.
   */
  bind(endpoint: string): string {
    const h = this.#usable("bind");
    const c = cstr(endpoint, "bind");
    retryEintr(() => zmq.zmq_bind(h, c), "bind", endpoint);
    this._attached = true;
    return getOption(h, "lastEndpoint", { id: ZMQ_LAST_ENDPOINT, kind: "string", access: "r" }) as string;
  }

  /** Connects to an endpoint; the connection is made in the background and retried. */
  connect(endpoint: string): void {
    const h = this.#usable("connect");
    const c = cstr(endpoint, "connect");
    retryEintr(() => zmq.zmq_connect(h, c), "connect", endpoint);
    this._attached = true;
  }

  /** Stops listening on an endpoint returned by bind() (ENOENT if it is not bound). */
  unbind(endpoint: string): void {
    const h = this.#usable("unbind");
    const c = cstr(endpoint, "unbind");
    retryEintr(() => zmq.zmq_unbind(h, c), "unbind", endpoint);
  }

  /** Drops the connection to an endpoint (ENOENT if it is not connected). */
  disconnect(endpoint: string): void {
    const h = this.#usable("disconnect");
    const c = cstr(endpoint, "disconnect");
    retryEintr(() => zmq.zmq_disconnect(h, c), "disconnect", endpoint);
  }

  /**
   * Closes the socket at once: pending calls reject with ZmqError "EBADF", iteration ends.
   * Messages already accepted are still delivered in the background within `linger` ms
   * (default 5000). Idempotent.
   */
  close(): void {
    const h = this.#handle;
    if (h === null) return;
    if (this.#owner !== null) this.#usable("close");
    // Sends that wait only because a run of eager operations yielded to the event loop (calls
    // not awaited, in a loop) go to libzmq now, as far as it takes them; only what the
    // high-water mark refuses is rejected.
    this.#flushSends();
    this.#handle = null;
    reactor.drop(this);
    const err = zmqError("EBADF", "the socket was closed while the call waited");
    for (const w of this.#recvQ.splice(0)) settle(w, err, false);
    for (const w of this.#sendQ.splice(0)) settle(w, err, false);
    for (const p of [...this.#polls]) p.closed(this);
    this.#polls.clear();
    const hooks = this.#closeHooks;
    this.#closeHooks = null;
    if (hooks !== null) { for (const fn of hooks) fn(h); }
    finalizer.unregister(this.#token);
    if (!this.#internal) openCount--;
    // libzmq 4.3 can drop messages still queued when zmq_close follows the last send at once
    // (libzmq #1264, #3774, #4660): the native close of a socket that sent waits a short grace.
    closeSocket(this.#token, this.#sent && lingerOf(h) !== 0 ? CLOSE_GRACE_MS : 0);
  }

  /** Sends what waits in the send queue while libzmq takes it without blocking. */
  #flushSends(): void {
    const sendQ = this.#sendQ;
    while (sendQ.length !== 0) {
      let ok: boolean;
      try {
        ok = this.#sendNow(sendQ[0].frames);
      } catch (e) {
        settle(sendQ.shift()!, e, false);
        continue;
      }
      if (!ok) return;
      settle(sendQ.shift()!, undefined, true);
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // --- options -------------------------------------------------------------------------------

  /** @internal Reads an option by name (the generated properties call this). */
  _getOption(name: OptionName, spec: OptionSpec): unknown {
    const h = this.#usable(`getting option "${name}"`);
    if (spec.access === "w") return this.#writeOnly.get(name);
    return getOption(h, name, spec);
  }

  /** @internal Writes an option by name (the generated properties call this). */
  _setOption(name: OptionName, spec: OptionSpec, value: unknown): void {
    this.#usable(`setting option "${name}"`);
    this.#setOption(name, spec, value);
  }

  #setOption(name: OptionName, spec: OptionSpec, value: unknown): void {
    setOption(this.#handle, name, spec, value);
    if (spec.access === "w") this.#writeOnly.set(name, value);
    if (spec.id === ZMQ_SNDTIMEO) this.#sendTimeout = value as number;
    else if (spec.id === ZMQ_RCVTIMEO) this.#receiveTimeout = value as number;
  }

  // --- synchronous operations ----------------------------------------------------------------

  /** @internal ZMQ_EVENTS: POLLIN (1) and POLLOUT (2) bits; 0 once closed. */
  _events(): number {
    if (this.#handle === null || this.#owner !== null) return 0;
    return getInt(this.#handle, ZMQ_EVENTS);
  }

  /** Sends a one-frame message now (no array on this hot path); false when it would block. */
  #sendOne(frame: Uint8Array | string): boolean {
    while (sendFrame(this.#handle, frame, DONTWAIT) < 0) {
      const errno = zmqErrno();
      if (errno === EAGAIN) return false;
      // EINTR: a signal arrived while libzmq processed commands, before it took the frame.
      if (errno !== EINTR) throw errorFor(errno, "send");
    }
    this.#sent = true;
    reactor.sent++;
    return true;
  }

  /** Sends a message now; false when it would block. Throws on errors. */
  #sendNow(frames: readonly (Uint8Array | string)[]): boolean {
    const h = this.#handle;
    const last = frames.length - 1;
    while (sendFrame(h, frames[0], last === 0 ? DONTWAIT : DONTWAIT | SNDMORE) < 0) {
      const errno = zmqErrno();
      if (errno === EAGAIN) return false;
      if (errno !== EINTR) throw errorFor(errno, "send");
    }
    for (let i = 1; i <= last; i++) {
      const flags = i === last ? 0 : SNDMORE;
      // Once the first frame is accepted libzmq takes the rest without blocking; a blocking
      // retry keeps the message whole should that ever not hold, and EINTR is retried.
      let f = DONTWAIT;
      while (sendFrame(h, frames[i], flags | f) < 0) {
        const errno = zmqErrno();
        if (errno === EAGAIN && f !== 0) f = 0;
        else if (errno !== EINTR) throw errorFor(errno, "send");
      }
    }
    this.#sent = true;
    reactor.sent++;
    return true;
  }

  /** Receives a whole message now; null when none is waiting. Throws on errors. */
  #receiveNow(meta?: (msg: Uint8Array) => void): Uint8Array<ArrayBuffer>[] | null {
    const h = this.#handle;
    let first = receiveFrame(h, DONTWAIT, meta);
    while (first === null) {
      const errno = zmqErrno();
      if (errno === EAGAIN) return null;
      // EINTR: a signal arrived while libzmq processed commands, before it took a frame.
      if (errno !== EINTR) throw errorFor(errno, "receive");
      first = receiveFrame(h, DONTWAIT, meta);
    }
    const frames = [first];
    while (more()) frames.push(this.#receiveRest(h));
    return frames;
  }

  /** The next frame of a message whose first frame was received (all frames arrive together). */
  #receiveRest(h: Pointer): Uint8Array<ArrayBuffer> {
    let flags = DONTWAIT;
    for (;;) {
      const f = receiveFrame(h, flags);
      if (f !== null) return f;
      const errno = zmqErrno();
      if (errno === EAGAIN && flags !== 0) flags = 0;
      else if (errno !== EINTR) throw errorFor(errno, "receive");
    }
  }

  /** @internal trySend(): false when it would block, or while earlier send() calls wait. */
  _trySend(message: unknown): boolean {
    if (this.#handle === null || this.#owner !== null) this.#usable("trySend");
    if (typeof message === "string" || message instanceof Uint8Array) {
      const frame = toFrame(message, 0);
      if (this.#sendQ.length !== 0) return false;
      return this.#sendOne(frame);
    }
    const frames = toFrames(message);
    if (this.#sendQ.length !== 0) return false;
    return this.#sendNow(frames);
  }

  /** @internal tryReceive(): null when nothing is waiting, or while earlier receive() calls wait. */
  _tryReceive(): Uint8Array<ArrayBuffer>[] | null {
    this.#usable("tryReceive");
    if (this.#recvQ.length !== 0) return null;
    return this.#receiveNow();
  }

  // --- asynchronous operations ---------------------------------------------------------------

  /** @internal send(): resolves once libzmq accepted the whole message. */
  _send(message: unknown, options?: OperationOptions): Promise<void> {
    let frames: (Uint8Array | string)[] | null = null;
    let frame: Uint8Array | string | null = null;
    try {
      if (this.#handle === null || this.#owner !== null) this.#usable("send");
      if (typeof message === "string" || message instanceof Uint8Array) frame = toFrame(message, 0);
      else frames = toFrames(message);
    } catch (e) {
      return Promise.reject(e);
    }
    const signal = options?.signal;
    if (signal != null && !(signal instanceof AbortSignal)) return Promise.reject(badSignal("send"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#sendQ.length === 0 && reactor.eager(0)) {
      try {
        if (frame !== null ? this.#sendOne(frame) : this.#sendNow(frames!)) return RESOLVED;
      } catch (e) {
        return Promise.reject(e);
      }
    }
    frames ??= [frame!];
    const timeout = options?.timeout ?? this.#sendTimeout;
    return new Promise<void>((resolve, reject) => {
      const w: SendWaiter = { resolve, reject, frames: ownFrames(frames) };
      this.#enqueue(this.#sendQ, w, timeout, signal, "send");
    });
  }

  /**
   * @internal receive(): resolves with the frames of the next message. `meta` (receiveWithMetadata)
   * is called with the libzmq message right after its first frame is received.
   */
  _receive(options?: OperationOptions, meta?: (msg: Uint8Array) => void): Promise<Uint8Array<ArrayBuffer>[]> {
    try {
      this.#usable("receive");
    } catch (e) {
      return Promise.reject(e);
    }
    const signal = options?.signal;
    if (signal != null && !(signal instanceof AbortSignal)) return Promise.reject(badSignal("receive"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#recvQ.length === 0 && reactor.eager(0)) {
      try {
        const m = this.#receiveNow(meta);
        if (m !== null) return Promise.resolve(m);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const timeout = options?.timeout ?? this.#receiveTimeout;
    return new Promise<Uint8Array<ArrayBuffer>[]>((resolve, reject) => {
      this.#enqueue(this.#recvQ, { resolve, reject, meta }, timeout, signal, "receive");
    });
  }

  #enqueue<T>(
    queue: Waiter<T>[],
    w: Waiter<T>,
    timeout: number,
    signal: AbortSignal | undefined,
    what: string,
  ): void {
    if (typeof timeout !== "number" || Number.isNaN(timeout)) {
      const got = typeof timeout === "number" ? "NaN" : typeof timeout;
      return w.reject(new TypeError(`${what}: timeout must be a number of milliseconds, not ${got}`));
    }
    if (timeout >= 0) {
      // setTimeout takes at most 2^31-1 ms (larger values, Infinity included, would fire at once).
      const ms = Math.min(timeout, 0x7fffffff);
      w.timer = setTimeout(() => this.#cancel(queue, w, timeoutError(what, timeout)), ms);
    }
    if (signal) {
      w.signal = signal;
      w.onAbort = () => this.#cancel(queue, w, signal.reason);
      signal.addEventListener("abort", w.onAbort, { once: true });
    }
    queue.push(w);
    reactor.want(this);
  }

  #cancel<T>(queue: Waiter<T>[], w: Waiter<T>, reason: unknown): void {
    const i = queue.indexOf(w);
    if (i < 0) return;
    queue.splice(i, 1);
    settle(w, reason, false);
    // Later waiters may now proceed (a send behind a cancelled one); and with none left, the
    // reactor must stop watching the socket, or its parked wait keeps the process alive.
    reactor.want(this);
  }

  /** @internal Poller support. */
  _addPoll(p: PollWatch): void {
    this.#polls.add(p);
    reactor.want(this);
  }
  /** @internal */
  _removePoll(p: PollWatch): void {
    // The reactor re-checks the socket: with nothing else waiting it stops watching it.
    if (this.#polls.delete(p) && this.#handle !== null) reactor.want(this);
  }

  /** @internal Called by the reactor: retries waiting operations; true while some must wait. */
  service(): boolean {
    if (this.#handle === null || this.#owner !== null) return false;
    const recvQ = this.#recvQ;
    const sendQ = this.#sendQ;
    for (let spins = 0; spins < 64; spins++) {
      while (recvQ.length !== 0) {
        let m: Uint8Array<ArrayBuffer>[] | null;
        try {
          m = this.#receiveNow(recvQ[0].meta);
        } catch (e) {
          settle(recvQ.shift()!, e, false);
          continue;
        }
        if (m === null) break;
        settle(recvQ.shift()!, m, true);
        reactor.progressed = true;
      }
      while (sendQ.length !== 0) {
        let ok: boolean;
        try {
          ok = this.#sendNow(sendQ[0].frames);
        } catch (e) {
          settle(sendQ.shift()!, e, false);
          continue;
        }
        if (!ok) break;
        settle(sendQ.shift()!, undefined, true);
        reactor.progressed = true;
      }
      if (this.#handle === null) return false;
      if (recvQ.length === 0 && sendQ.length === 0 && this.#polls.size === 0) return false;
      // Only receives wait: the last DONTWAIT receive returned EAGAIN after processing the whole
      // command mailbox (libzmq does that unthrottled on receive), so ZMQ_FD signals any change
      // and ZMQ_EVENTS (a syscall) would add nothing. Not so after a failed send: libzmq
      // processes commands on send at most about once per ms, so sends and pollers need it.
      if (sendQ.length === 0 && this.#polls.size === 0) break;
      // ZMQ_FD is edge-triggered: an operation may have made another possible without a new
      // edge. ZMQ_EVENTS processes pending commands and tells the truth.
      let events: number;
      try {
        events = getInt(this.#handle, ZMQ_EVENTS);
      } catch (e) {
        // ETERM after context.shutdown(): nothing can wait any more. Throwing here would escape
        // the reactor's macrotask (an uncaught error); fail the waiters and let pollers look.
        for (const w of recvQ.splice(0)) settle(w, e, false);
        for (const w of sendQ.splice(0)) settle(w, e, false);
        for (const p of [...this.#polls]) {
          try {
            p.fire();
          } catch {
            p.closed(this);
          }
        }
        return false;
      }
      if (this.#polls.size !== 0) {
        for (const p of [...this.#polls]) if (events & p.maskFor(this)) p.fire();
      }
      const again = (recvQ.length !== 0 && (events & POLLIN) !== 0) ||
        (sendQ.length !== 0 && (events & POLLOUT) !== 0);
      if (!again) break;
    }
    return recvQ.length !== 0 || sendQ.length !== 0 || this.#polls.size !== 0;
  }

  /** @internal Called by the reactor when it cannot wait for this socket (its helper thread failed). */
  fail(error: Error): void {
    for (const w of this.#recvQ.splice(0)) settle(w, error, false);
    for (const w of this.#sendQ.splice(0)) settle(w, error, false);
    for (const p of [...this.#polls]) p.failed(error);
  }

  /** @internal Async iteration over received messages; ends quietly when the socket closes. */
  _iterate(): AsyncIterableIterator<Uint8Array<ArrayBuffer>[]> {
    const done: IteratorResult<Uint8Array<ArrayBuffer>[]> = { value: undefined, done: true };
    let finished = false;
    const iterator: AsyncIterableIterator<Uint8Array<ArrayBuffer>[]> = {
      next: (): Promise<IteratorResult<Uint8Array<ArrayBuffer>[]>> => {
        if (finished || this.closed) return Promise.resolve(done);
        return this._receive().then(
          (value) => ({ value, done: false }),
          (e) => {
            // Closed, or its context terminated by another thread: the stream ends quietly.
            if ((this.closed && (e as ZmqError)?.code === "EBADF") || (e as ZmqError)?.code === "ETERM") {
              finished = true;
              return done;
            }
            throw e;
          },
        );
      },
      return: (): Promise<IteratorResult<Uint8Array<ArrayBuffer>[]>> => {
        finished = true;
        return Promise.resolve(done);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

/** The SocketEvents of a socket: installed by monitor.ts (it imports the socket classes, so not imported here). */
let eventsFactory: ((socket: Socket) => SocketEvents) | null = null;
/** @internal */
export function _installEvents(factory: (socket: Socket) => SocketEvents): void {
  eventsFactory = factory;
}

/** ZMQ_LINGER, or 0 once the context was shut down (libzmq then answers ETERM; close() must not throw). */
function lingerOf(h: Pointer): number {
  try {
    return getInt(h, ZMQ_LINGER);
  } catch {
    return 0;
  }
}

function settle<T>(w: Waiter<T>, value: unknown, ok: boolean): void {
  if (w.timer !== undefined) clearTimeout(w.timer);
  if (w.onAbort) w.signal!.removeEventListener("abort", w.onAbort);
  if (ok) w.resolve(value as T);
  else w.reject(value);
}

function badSignal(what: string): TypeError {
  return new TypeError(`${what}: options.signal must be an AbortSignal`);
}

function cstr(endpoint: unknown, what: string): Uint8Array {
  if (typeof endpoint !== "string") {
    throw new TypeError(`${what}: the endpoint must be a string, not ${typeof endpoint}`);
  }
  if (endpoint.includes("\0")) throw new TypeError(`${what}: the endpoint must not contain NUL characters`);
  return encoder.encode(endpoint + "\0");
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
        return this._getOption(name, spec);
      },
      set: spec.access === "r" ? undefined : function (this: Socket, value: unknown) {
        this._setOption(name, spec, value);
      },
    });
  }
  optionTables.set(type, table);
}
