/**
 * The machinery behind a socket: its libzmq handle, the sends and receives that wait, the
 * pollers that watch it, and what the reactor calls to retry them. Each public socket keeps one
 * in a private field; the library's own modules reach it with `coreOf(socket)`. A core can also
 * stand alone, without a public socket (a monitor's reader).
 *
 * Try first, wait second: every operation is first tried with ZMQ_DONTWAIT; only on EAGAIN does
 * it queue and the socket register with the reactor, which services it when its ZMQ_FD fires.
 */
import { native, type Pointer } from "./ffi/mod.ts";
import { closedError, EINTR, retryEintr, zmqErrno, zmqError } from "./errors.ts";
import {
  bindAgain,
  CLOSE_GRACE_MS,
  closeSocket,
  type Context,
  lendSocket,
  noteBinding,
  openSocket,
  type SocketToken,
} from "./context.ts";
import { ZMQ } from "./constants.ts";
import { type OptionName, OPTIONS, type OptionSpec, type SocketTypeName } from "./options.ts";
import { getInt, getOption, setInt, setOption } from "./sockopt.ts";
import { ownFrames, toFrame, toFrames, transferFrames } from "./frames.ts";
import { tryReceiveMessage, trySendFrame, trySendMessage } from "./messages.ts";
import { reactor, type Watched } from "./reactor.ts";
import {
  badOptions,
  END,
  iterate,
  type OperationOptions,
  type SendOptions,
  type Waiter,
  WaitQueue,
} from "./waiters.ts";

/** The default linger of every socket made by this library, in ms (libzmq's own is -1: forever). */
export const DEFAULT_LINGER = 5000;

type Frames = Uint8Array<ArrayBuffer>[];
interface ReceiveWaiter extends Waiter<Frames> {
  /** A receive that wants the message's properties: called with the zmq_msg_t after the first frame. */
  meta?: (msg: Uint8Array) => void;
  /** receiveInto: the caller's buffer the frames go into, as far as it has room. */
  into?: Uint8Array;
}
interface SendWaiter extends Waiter<void> {
  frames: Uint8Array[];
  /** The promise send() returned (see endSends). */
  promise?: Promise<void>;
}

const ignore = (): void => {};

/**
 * Rejects every waiting send of a socket that ended (closed, or its context terminated). Such a
 * rejection does not count as unhandled when nothing awaits the send: a loop of sends that are
 * never awaited, then close() while the peer is away, used to end the program with an
 * uncaught EBADF per send that was still waiting at the high-water mark (Deno: exit code 1;
 * Bun printed each one). Whoever awaits the send still gets the error.
 */
function endSends(q: WaitQueue<void, SendWaiter>, error: unknown): void {
  for (const w of q.items) w.promise?.catch(ignore);
  q.settleAll(error, false);
}

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

const RESOLVED: Promise<void> = Promise.resolve();
const encoder = new TextEncoder();

/** The core of a public socket (for the library's own modules); set by the Socket class as it is defined. */
export let coreOf: (socket: object) => SocketCore = () => {
  throw new Error("the Socket class is not loaded");
};
/** Set once by the Socket class: how to reach a socket's core. */
export function setCoreAccessor(fn: (socket: object) => SocketCore): void {
  coreOf = fn;
}

/** The machinery of one libzmq socket. */
export class SocketCore implements Watched {
  readonly type: SocketTypeName;
  readonly context: Context;
  /** The socket's ZMQ_FD, watched by the reactor. */
  readonly fd: number;
  /** True once bind() or connect() succeeded (a proxy refuses an end with neither). */
  attached = false;
  #handle: Pointer;
  readonly #token: SocketToken;
  /** Keeps the public socket alive while its calls wait in the reactor. */
  readonly #owner: Owner;
  #proxy: string | null = null;
  #sent = false;
  #recvQ = new WaitQueue<Frames, ReceiveWaiter>(() => reactor.want(this));
  #sendQ = new WaitQueue<void, SendWaiter>(() => reactor.want(this));
  #polls = new Set<PollWatch>();
  #writeOnly = new Map<string, unknown>();
  #sendTimeout = -1;
  #receiveTimeout = -1;
  #closeHooks: ((handle: Pointer) => void)[] | null = null;

  constructor(context: Context, type: SocketTypeName, owner?: Owner) {
    this.type = type;
    this.context = context;
    this.#owner = owner ?? this;
    this.#token = openSocket(context, ZMQ[type], this.#owner);
    this.#handle = this.#token.handle;
    try {
      this.fd = getInt(this.#handle, ZMQ.FD);
      setInt(this.#handle, OPTIONS.linger.id, DEFAULT_LINGER, "setting the default linger");
    } catch (e) {
      closeSocket(this.#token);
      throw e;
    }
  }

  /** The registry token of the handle (the finalizer of the public socket closes it). */
  get token(): SocketToken {
    return this.#token;
  }

  get closed(): boolean {
    return this.#handle === null;
  }

  /** The handle, if the socket can be used now; else throws (closed, or owned by a running proxy). */
  usable(what: string): Pointer {
    if (this.#handle === null) throw closedError(what);
    if (this.#proxy !== null) {
      throw zmqError(
        "EBUSY",
        `${what}: the socket belongs to a running ${this.#proxy}; it can be used again once that ends`,
      );
    }
    return this.#handle;
  }

  /** Hands the socket to a proxy's thread; returns the handle for it. */
  lend(to: string): Pointer {
    const h = this.usable(`handing the socket to a ${to}`);
    if (this.#recvQ.length || this.#sendQ.length || this.#polls.size) {
      throw zmqError("EBUSY", `a socket with pending operations cannot be handed to a ${to}`);
    }
    this.#proxy = to;
    lendSocket(this.#token, true);
    return h;
  }

  /** Takes the socket back from a proxy's thread. */
  takeBack(): void {
    this.#proxy = null;
    lendSocket(this.#token, false);
    // Its context was terminated while a proxy owned it: close now, so zmq_ctx_term can finish.
    if (this.context.closed) this.#owner.close();
  }

  /** Runs `fn(handle)` once in close(), before zmq_close (a monitor must stop while the socket lives). */
  onClose(fn: (handle: Pointer) => void): void {
    (this.#closeHooks ??= []).push(fn);
  }

  // --- endpoints -----------------------------------------------------------------------------

  /**
   * zmq_bind, zmq_connect, zmq_unbind or zmq_disconnect on an endpoint. A bind that meets an
   * address this thread's sockets are still releasing (a close or unbind just before) tries
   * again for a moment rather than fail with EADDRINUSE (context.ts bindAgain). Returns the
   * resolved endpoint of a bind (ZMQ_LAST_ENDPOINT), else the endpoint.
   */
  endpoint(what: "bind" | "connect" | "unbind" | "disconnect", endpoint: string): string {
    const h = this.usable(what);
    if (typeof endpoint !== "string") {
      throw new TypeError(`${what}: the endpoint must be a string, not ${typeof endpoint}`);
    }
    if (endpoint.includes("\0")) throw new TypeError(`${what}: the endpoint must not contain NUL characters`);
    const c = encoder.encode(endpoint + "\0");
    const call = what === "bind"
      ? native.zmq.zmq_bind
      : what === "connect"
      ? native.zmq.zmq_connect
      : what === "unbind"
      ? native.zmq.zmq_unbind
      : native.zmq.zmq_disconnect;
    try {
      retryEintr(() => call(h, c), what, endpoint);
    } catch (e) {
      const taken = what === "bind" && (e as { code?: string }).code === "EADDRINUSE";
      if (!taken || !bindAgain(endpoint, () => bound(() => call(h, c)))) throw e;
    }
    if (what === "bind" || what === "connect") this.attached = true;
    if (what === "unbind") noteBinding(this.#token, endpoint, false);
    if (what !== "bind") return endpoint;
    const resolved = getOption(h, "lastEndpoint", OPTIONS.lastEndpoint) as string;
    noteBinding(this.#token, resolved, true);
    return resolved;
  }

  // --- options -------------------------------------------------------------------------------

  getOption(name: OptionName, spec: OptionSpec): unknown {
    const h = this.usable(`getting option "${name}"`);
    if (spec.access === "w") return this.#writeOnly.get(name);
    return getOption(h, name, spec);
  }

  setOption(name: OptionName, spec: OptionSpec, value: unknown): void {
    setOption(this.usable(`setting option "${name}"`), name, spec, value);
    if (spec.access === "w") this.#writeOnly.set(name, value);
    if (spec.id === OPTIONS.sendTimeout.id) this.#sendTimeout = value as number;
    else if (spec.id === OPTIONS.receiveTimeout.id) this.#receiveTimeout = value as number;
  }

  /** ZMQ_EVENTS: POLLIN and POLLOUT bits; 0 once closed or while a proxy owns the socket. */
  events(): number {
    if (this.#handle === null || this.#proxy !== null) return 0;
    return getInt(this.#handle, ZMQ.EVENTS);
  }

  // --- operations ----------------------------------------------------------------------------

  #sendNow(frame: Uint8Array | string | null, frames: readonly (Uint8Array | string)[] | null): boolean {
    const ok = frame !== null ? trySendFrame(this.#handle, frame) : trySendMessage(this.#handle, frames!);
    if (ok) {
      this.#sent = true;
      reactor.noteSend();
    }
    return ok;
  }

  /** Sends now if possible: false when it would block, or while earlier send() calls wait. */
  trySend(message: unknown): boolean {
    if (this.#handle === null || this.#proxy !== null) this.usable("trySend");
    if (typeof message === "string" || message instanceof Uint8Array) {
      const frame = toFrame(message, 0);
      return this.#sendQ.items.length === 0 && this.#sendNow(frame, null);
    }
    const frames = toFrames(message);
    return this.#sendQ.items.length === 0 && this.#sendNow(null, frames);
  }

  /**
   * Receives now if a message is waiting: null otherwise, or while earlier receive() calls wait.
   * `into` as for receive().
   */
  tryReceive(into?: Uint8Array): Frames | null {
    const h = this.usable("tryReceive");
    return this.#recvQ.items.length !== 0 ? null : tryReceiveMessage(h, undefined, into) as Frames | null;
  }

  /** Resolves once libzmq accepted the whole message; queued behind earlier sends. */
  send(message: unknown, options?: SendOptions): Promise<void> {
    let frames: (Uint8Array | string)[] | null = null;
    let frame: Uint8Array | string | null = null;
    const signal = options?.signal;
    const transfer = options?.transfer;
    try {
      if (this.#handle === null || this.#proxy !== null) this.usable("send");
      if (typeof message === "string" || message instanceof Uint8Array) frame = toFrame(message, 0);
      else frames = toFrames(message);
      const bad = options === undefined ? null : badOptions("send", options.timeout, signal);
      if (bad) throw bad;
      if (transfer !== undefined && typeof transfer !== "boolean") {
        throw new TypeError(`send: options.transfer must be a boolean, not ${typeof transfer}`);
      }
    } catch (e) {
      return Promise.reject(e);
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (transfer === true) {
      if (frame !== null) frame = transferFrames([frame])[0];
      else frames = transferFrames(frames!);
    }
    if (this.#sendQ.items.length === 0 && reactor.eager()) {
      try {
        if (this.#sendNow(frame, frames)) {
          reactor.noteBytes(frame !== null ? sizeOf(frame) : frames!.reduce((n, f) => n + sizeOf(f), 0));
          return RESOLVED;
        }
      } catch (e) {
        return Promise.reject(e);
      }
    }
    let waiter: SendWaiter | undefined;
    const promise = new Promise<void>((resolve, reject) => {
      // A send that waits owns a copy (or the transferred buffers): later changes to the
      // caller's buffers change nothing.
      waiter = { resolve, reject, frames: ownFrames(frames ?? [frame!], transfer === true) };
      this.#sendQ.add(waiter, options?.timeout ?? this.#sendTimeout, signal, "send");
      reactor.want(this);
    });
    if (waiter !== undefined) waiter.promise = promise; // undefined only if making the copy threw
    return promise;
  }

  /**
   * Resolves with the frames of the next message; queued behind earlier receives. `meta`
   * (receiveWithMetadata) is called with the zmq_msg_t right after the first frame. `into`
   * (receiveInto) is the caller's buffer the frames are copied into, as far as it has room:
   * the frames are then views of it (typed here as the usual frames).
   */
  receive(options?: OperationOptions, meta?: (msg: Uint8Array) => void, into?: Uint8Array): Promise<Frames> {
    const signal = options?.signal;
    try {
      this.usable("receive");
      const bad = options === undefined ? null : badOptions("receive", options.timeout, signal);
      if (bad) throw bad;
    } catch (e) {
      return Promise.reject(e);
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#recvQ.items.length === 0 && reactor.eager()) {
      try {
        const m = tryReceiveMessage(this.#handle, meta, into) as Frames | null;
        if (m !== null) {
          reactor.noteBytes(m.length === 1 ? m[0].byteLength : m.reduce((n, f) => n + f.byteLength, 0));
          return Promise.resolve(m);
        }
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return new Promise<Frames>((resolve, reject) => {
      this.#recvQ.add({ resolve, reject, meta, into }, options?.timeout ?? this.#receiveTimeout, signal, "receive");
      reactor.want(this);
    });
  }

  /** Async iteration over received messages; ends quietly when the socket closes or its context ends. */
  iterate(): AsyncIterableIterator<Frames> {
    return iterate(() =>
      this.closed ? Promise.resolve(END) : this.receive().catch((e) => {
        const code = (e as { code?: string })?.code;
        if ((code === "EBADF" && this.closed) || code === "ETERM") return END;
        throw e;
      })
    );
  }

  addPoll(p: PollWatch): void {
    this.#polls.add(p);
    reactor.want(this);
  }

  removePoll(p: PollWatch): void {
    // The reactor re-checks the socket: with nothing else waiting it stops watching it.
    if (this.#polls.delete(p) && this.#handle !== null) reactor.want(this);
  }

  // --- the reactor's side --------------------------------------------------------------------

  /** Retries the waiting operations; true while some must still wait for the fd. */
  service(): boolean {
    if (this.#handle === null || this.#proxy !== null) return false;
    const recvQ = this.#recvQ;
    const sendQ = this.#sendQ;
    for (let spins = 0; spins < 64; spins++) {
      while (recvQ.length !== 0) {
        let m: Frames | null;
        try {
          const first = recvQ.first!;
          m = tryReceiveMessage(this.#handle, first.meta, first.into) as Frames | null;
        } catch (e) {
          recvQ.settleFirst(e, false);
          continue;
        }
        if (m === null) break;
        recvQ.settleFirst(m, true);
        reactor.noteProgress();
      }
      if (this.#flushSends()) reactor.noteProgress();
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
        events = getInt(this.#handle, ZMQ.EVENTS);
      } catch (e) {
        // ETERM after context.shutdown(): nothing can wait any more. Throwing here would escape
        // the reactor's macrotask (an uncaught error); fail the waiters and let pollers look.
        recvQ.settleAll(e, false);
        endSends(sendQ, e);
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
      const again = (recvQ.length !== 0 && (events & ZMQ.POLLIN) !== 0) ||
        (sendQ.length !== 0 && (events & ZMQ.POLLOUT) !== 0);
      if (!again) break;
    }
    return recvQ.length !== 0 || sendQ.length !== 0 || this.#polls.size !== 0;
  }

  /** Sends what waits in the send queue while libzmq takes it without blocking; true if any went. */
  #flushSends(): boolean {
    const sendQ = this.#sendQ;
    let any = false;
    while (sendQ.length !== 0) {
      let ok: boolean;
      try {
        ok = this.#sendNow(null, sendQ.first!.frames);
      } catch (e) {
        // The context was terminated: the socket ended, and so did every send still waiting.
        if ((e as { code?: unknown })?.code === "ETERM") {
          endSends(sendQ, e);
          break;
        }
        sendQ.settleFirst(e, false);
        continue;
      }
      if (!ok) break;
      sendQ.settleFirst(undefined, true);
      any = true;
    }
    return any;
  }

  /** The reactor cannot wait for this socket (its helper thread failed): the waiting calls fail. */
  fail(error: Error): void {
    this.#recvQ.settleAll(error, false);
    this.#sendQ.settleAll(error, false);
    for (const p of [...this.#polls]) p.failed(error);
  }

  // --- closing -------------------------------------------------------------------------------

  /**
   * Closes the socket at once: pending calls reject with EBADF, pollers are told. Sends that
   * wait only because a run of eager operations yielded (calls not awaited, in a loop) go to
   * libzmq first, as far as it takes them. False if it was closed already.
   */
  close(): boolean {
    const h = this.#handle;
    if (h === null) return false;
    if (this.#proxy !== null) this.usable("close");
    this.#flushSends();
    this.#handle = null;
    reactor.drop(this);
    const err = zmqError("EBADF", "the socket was closed while the call waited");
    this.#recvQ.settleAll(err, false);
    endSends(this.#sendQ, err);
    for (const p of [...this.#polls]) p.closed(this);
    this.#polls.clear();
    const hooks = this.#closeHooks;
    this.#closeHooks = null;
    if (hooks !== null) { for (const fn of hooks) fn(h); }
    // libzmq 4.3 can drop messages still queued when zmq_close follows the last send at once
    // (libzmq #1264, #3774, #4660): the native close of a socket that sent waits a short grace.
    closeSocket(this.#token, this.#sent && lingerOf(h) !== 0 ? CLOSE_GRACE_MS : 0);
    return true;
  }
}

/** A frame's size in bytes (a string's length: close enough for the eager budget). */
function sizeOf(frame: Uint8Array | string): number {
  return typeof frame === "string" ? frame.length : frame.byteLength;
}

/** ZMQ_LINGER, or 0 once the context was shut down (libzmq then answers ETERM; close() must not throw). */
function lingerOf(h: Pointer): number {
  try {
    return getInt(h, OPTIONS.linger.id);
  } catch {
    return 0;
  }
}

/**
 * One more try of a bind: true once it succeeded. A failure is not told apart: the caller reports
 * the first EADDRINUSE, since errno after a failed bind of a monitored socket can be another
 * call's (libzmq sends the bind-failed event before it returns; seen: EAGAIN).
 */
function bound(call: () => number): boolean {
  for (;;) {
    if (call() >= 0) return true;
    if (zmqErrno() !== EINTR) return false;
  }
}
