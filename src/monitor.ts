/**
 * Socket monitor events: `socket.events`. On first access the socket is monitored with
 * zmq_socket_monitor to a private inproc endpoint; an internal PAIR of the same context reads the
 * events there, woken by the same reactor as every receive, and decodes them into objects.
 *
 * libzmq sends events with a blocking send on its monitor PAIR: were our reader gone while libzmq
 * still monitors, the sending thread (an I/O thread, or ours in bind()) would block forever. So
 * the reader is closed only after the monitor is stopped (zmq_socket_monitor(NULL)), which close()
 * of the monitored socket does first; and the reader's receive high-water mark is 0, so a reader
 * that nobody drains never blocks libzmq either (events wait in the pipe until read).
 */
import { native, type Pointer } from "./ffi/mod.ts";
import { closedError, errnoName, errorFor, zmqErrno } from "./errors.ts";
import { _installEvents, type OperationOptions, type PollWatch, type Socket } from "./socket.ts";
import { Pair } from "./sockets.ts";
import { setInt } from "./sockopt.ts";

/** Events whose value is a file descriptor. */
export interface MonitorFdEvent {
  type: "connected" | "listening" | "accepted" | "closed" | "disconnected";
  /**
   * The endpoint the event is about; for "accepted" the local address of the new connection
   * (with a wildcard bind, the address it arrived on rather than the bound one).
   */
  endpoint: string;
  /** The socket's file descriptor (libzmq's event value). */
  fd: number;
}

/** Events whose value is an errno. */
export interface MonitorErrorEvent {
  type: "connect-delayed" | "bind-failed" | "accept-failed" | "close-failed" | "handshake-failed-no-detail";
  /** The endpoint; libzmq gives "bind-failed" the address without its transport ("127.0.0.1:5555"). */
  endpoint: string;
  /** The errno name, such as "EADDRINUSE" or "EPIPE". */
  error: string;
  /** The errno number. */
  errno: number;
}

/** A connection attempt will be retried after `interval` ms. */
export interface MonitorRetryEvent {
  type: "connect-retried";
  endpoint: string;
  /** The reconnect interval in ms (grows up to reconnectIntervalMax). */
  interval: number;
}

/** Events without a value. */
export interface MonitorPlainEvent {
  type: "handshake-succeeded" | "monitor-stopped";
  endpoint: string;
}

/** The ZMTP handshake failed for a protocol reason (ZMQ_PROTOCOL_ERROR_*). */
export interface MonitorProtocolEvent {
  type: "handshake-failed-protocol";
  endpoint: string;
  /** The protocol error's name without the ZMQ_PROTOCOL_ERROR_ prefix, e.g. "ZMTP_MECHANISM_MISMATCH". */
  error: string;
  /** The protocol error's number, e.g. 0x11000002. */
  code: number;
}

/** The ZAP handler refused the peer: its status code (300, 400 or 500). */
export interface MonitorAuthEvent {
  type: "handshake-failed-auth";
  endpoint: string;
  /** The ZAP status code, e.g. 400. */
  status: number;
}

/** An event this library does not know (a newer libzmq). */
export interface MonitorUnknownEvent {
  type: "unknown";
  endpoint: string;
  /** The ZMQ_EVENT_* number. */
  event: number;
  /** Its raw value. */
  value: number;
}

/** A decoded monitor event: switch on `type`. */
export type MonitorEvent =
  | MonitorFdEvent
  | MonitorErrorEvent
  | MonitorRetryEvent
  | MonitorPlainEvent
  | MonitorProtocolEvent
  | MonitorAuthEvent
  | MonitorUnknownEvent;

/** The type names of monitor events, by ZMQ_EVENT_* bit. */
const EVENT_TYPES: Record<number, MonitorEvent["type"]> = {
  0x0001: "connected",
  0x0002: "connect-delayed",
  0x0004: "connect-retried",
  0x0008: "listening",
  0x0010: "bind-failed",
  0x0020: "accepted",
  0x0040: "accept-failed",
  0x0080: "closed",
  0x0100: "close-failed",
  0x0200: "disconnected",
  0x0400: "monitor-stopped",
  0x0800: "handshake-failed-no-detail",
  0x1000: "handshake-succeeded",
  0x2000: "handshake-failed-protocol",
  0x4000: "handshake-failed-auth",
};

/** ZMQ_PROTOCOL_ERROR_* names by value. */
export const PROTOCOL_ERRORS: Readonly<Record<number, string>> = {
  0x10000000: "ZMTP_UNSPECIFIED",
  0x10000001: "ZMTP_UNEXPECTED_COMMAND",
  0x10000002: "ZMTP_INVALID_SEQUENCE",
  0x10000003: "ZMTP_KEY_EXCHANGE",
  0x10000011: "ZMTP_MALFORMED_COMMAND_UNSPECIFIED",
  0x10000012: "ZMTP_MALFORMED_COMMAND_MESSAGE",
  0x10000013: "ZMTP_MALFORMED_COMMAND_HELLO",
  0x10000014: "ZMTP_MALFORMED_COMMAND_INITIATE",
  0x10000015: "ZMTP_MALFORMED_COMMAND_ERROR",
  0x10000016: "ZMTP_MALFORMED_COMMAND_READY",
  0x10000017: "ZMTP_MALFORMED_COMMAND_WELCOME",
  0x10000018: "ZMTP_INVALID_METADATA",
  0x11000001: "ZMTP_CRYPTOGRAPHIC",
  0x11000002: "ZMTP_MECHANISM_MISMATCH",
  0x20000000: "ZAP_UNSPECIFIED",
  0x20000001: "ZAP_MALFORMED_REPLY",
  0x20000002: "ZAP_BAD_REQUEST_ID",
  0x20000003: "ZAP_BAD_VERSION",
  0x20000004: "ZAP_INVALID_STATUS_CODE",
  0x20000005: "ZAP_INVALID_METADATA",
  0x30000000: "WS_UNSPECIFIED",
};

const ZMQ_EVENT_ALL = 0xffff;
const ZMQ_RCVHWM = 24;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const decoder = new TextDecoder();
const encoder = new TextEncoder();
// Unique across Workers sharing one libzmq context (inproc names are per context).
const prefix = `inproc://zmq-ffi-monitor-${crypto.randomUUID()}-`;
let sequence = 0;

/** Decodes the two frames of a version-1 monitor event. */
export function decodeEvent(frames: Uint8Array[]): MonitorEvent {
  const head = frames[0];
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const event = view.getUint16(0, LITTLE_ENDIAN);
  const value = view.getUint32(2, LITTLE_ENDIAN);
  const endpoint = frames.length > 1 ? decoder.decode(frames[1]) : "";
  const type = EVENT_TYPES[event];
  switch (type) {
    case "connected":
    case "listening":
    case "accepted":
    case "closed":
    case "disconnected":
      return { type, endpoint, fd: value };
    case "connect-delayed":
    case "bind-failed":
    case "accept-failed":
    case "close-failed":
    case "handshake-failed-no-detail":
      return { type, endpoint, error: errnoName(value), errno: value };
    case "connect-retried":
      return { type, endpoint, interval: value };
    case "handshake-succeeded":
    case "monitor-stopped":
      return { type, endpoint };
    case "handshake-failed-protocol":
      return { type, endpoint, error: PROTOCOL_ERRORS[value] ?? `0x${value.toString(16)}`, code: value };
    case "handshake-failed-auth":
      return { type, endpoint, status: value };
    default:
      return { type: "unknown", endpoint, event, value };
  }
}

interface EventWaiter {
  resolve(event: MonitorEvent | null): void;
  reject(reason: unknown): void;
  timer?: ReturnType<typeof setTimeout>;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * The monitor events of one socket (`socket.events`): an async iterable of `MonitorEvent`s with
 * one consumer at a time (`break` ends that iteration, not the monitor). Events that happen while
 * nobody reads wait until read. The stream ends when the socket closes, or on `close()`; events
 * already emitted are still delivered first, the last being "monitor-stopped". A pending read keeps
 * the process alive, an idle monitor does not.
 */
export class SocketEvents implements AsyncIterable<MonitorEvent> {
  #socket: Socket;
  #reader: Pair | null;
  #queue: MonitorEvent[] = [];
  #waiters: EventWaiter[] = [];
  #watching = false;
  #iterating = false;
  #watch: PollWatch;

  /** @internal Use `socket.events`. */
  constructor(socket: Socket) {
    const handle = socket.unsafeHandle;
    const reader = new Pair({ context: socket.context });
    reader._internal();
    const endpoint = prefix + sequence++;
    try {
      // An unbounded pipe into the reader: libzmq's blocking event send never waits on us.
      setInt(reader.unsafeHandle, ZMQ_RCVHWM, 0, "monitor reader receiveHighWaterMark");
      const rc = native.zmq.zmq_socket_monitor(handle, encoder.encode(endpoint + "\0"), ZMQ_EVENT_ALL);
      if (rc < 0) throw errorFor(zmqErrno(), "starting the socket monitor", endpoint);
    } catch (e) {
      reader.close();
      throw e;
    }
    // Connecting an inproc PAIR to a bound one cannot fail here; a failure would leave libzmq
    // monitoring without a reader, so it stops the monitor before rethrowing.
    try {
      reader.connect(endpoint);
    } catch (e) {
      stopMonitor(handle);
      reader.close();
      throw e;
    }
    this.#socket = socket;
    this.#reader = reader;
    this.#watch = {
      maskFor: () => 1,
      fire: () => this.#drain(),
      closed: () => {},
      failed: (error) => {
        for (const w of this.#waiters.splice(0)) settle(w, error, false);
      },
    };
    socket._onClose((h) => this.#stop(h));
  }

  /** True once the stream has ended: no further events will arrive (queued ones can still be read). */
  get closed(): boolean {
    return this.#reader === null;
  }

  /**
   * Resolves with the next event, or null once the stream has ended and every event was read.
   * `timeout` rejects with a DOMException named "TimeoutError", `signal` with its reason.
   */
  receive(options?: OperationOptions): Promise<MonitorEvent | null> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#waiters.length === 0) {
      if (this.#queue.length === 0) this.#drain();
      if (this.#queue.length !== 0) return Promise.resolve(this.#queue.shift()!);
      if (this.#reader === null) return Promise.resolve(null);
    }
    const timeout = options?.timeout ?? -1;
    if (typeof timeout !== "number" || Number.isNaN(timeout)) {
      return Promise.reject(new TypeError(`timeout must be a number of milliseconds, not ${typeof timeout}`));
    }
    return new Promise<MonitorEvent | null>((resolve, reject) => {
      const w: EventWaiter = { resolve, reject };
      if (timeout >= 0) {
        w.timer = setTimeout(
          () => this.#cancel(w, new DOMException(`monitor event timed out after ${timeout} ms`, "TimeoutError")),
          Math.min(timeout, 0x7fffffff), // setTimeout fires at once beyond 2^31-1 ms (Infinity included)
        );
      }
      if (signal) {
        w.signal = signal;
        w.onAbort = () => this.#cancel(w, signal.reason);
        signal.addEventListener("abort", w.onAbort, { once: true });
      }
      this.#waiters.push(w);
      this.#watchReader(true);
    });
  }

  /** Iterates events until the stream ends. One consumer at a time. */
  [Symbol.asyncIterator](): AsyncIterableIterator<MonitorEvent> {
    if (this.#iterating) {
      throw new TypeError("socket.events is already being iterated: it has one consumer at a time");
    }
    this.#iterating = true;
    let finished = false;
    const done: IteratorResult<MonitorEvent> = { value: undefined, done: true };
    const finish = (): IteratorResult<MonitorEvent> => {
      if (!finished) {
        finished = true;
        this.#iterating = false;
      }
      return done;
    };
    const iterator: AsyncIterableIterator<MonitorEvent> = {
      next: (): Promise<IteratorResult<MonitorEvent>> => {
        if (finished) return Promise.resolve(done);
        return this.receive().then((event) => event === null ? finish() : { value: event, done: false });
      },
      return: (): Promise<IteratorResult<MonitorEvent>> => Promise.resolve(finish()),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /**
   * Stops monitoring now (the socket stays open): events already emitted can still be read, the
   * last being "monitor-stopped", then the stream ends. `socket.events` then starts a new monitor.
   * Idempotent.
   */
  close(): void {
    if (this.#reader === null || this.#socket.closed) return;
    this.#stop(this.#socket.unsafeHandle);
  }

  /** Moves every event waiting in the reader into the queue, and hands them to waiting readers. */
  #drain(): void {
    const reader = this.#reader;
    if (reader !== null) {
      for (;;) {
        let frames: Uint8Array[] | null;
        try {
          frames = reader._tryReceive();
        } catch {
          break; // ETERM after context.shutdown(): no further event can be read
        }
        if (frames === null) break;
        this.#queue.push(decodeEvent(frames));
      }
    }
    this.#deliver();
  }

  #deliver(): void {
    while (this.#waiters.length !== 0 && this.#queue.length !== 0) {
      settle(this.#waiters.shift()!, this.#queue.shift()!, true);
    }
    if (this.#reader === null) {
      for (const w of this.#waiters.splice(0)) settle(w, null, true);
    }
    if (this.#waiters.length === 0) this.#watchReader(false);
  }

  #watchReader(on: boolean): void {
    const reader = this.#reader;
    if (on === this.#watching || reader === null) return;
    this.#watching = on;
    if (on) reader._addPoll(this.#watch);
    else reader._removePoll(this.#watch);
  }

  #cancel(w: EventWaiter, reason: unknown): void {
    const i = this.#waiters.indexOf(w);
    if (i < 0) return;
    this.#waiters.splice(i, 1);
    settle(w, reason, false);
    if (this.#waiters.length === 0) this.#watchReader(false);
  }

  /** Stops libzmq's monitor while the socket lives, reads what it sent, then frees the reader. */
  #stop(handle: Pointer): void {
    const reader = this.#reader;
    if (reader === null) return;
    stopMonitor(handle);
    this.#watchReader(false);
    // The stop is synchronous: every event, "monitor-stopped" last, is in the pipe now.
    this.#drain();
    this.#reader = null;
    reader.close();
    if (monitors.get(this.#socket) === this && !this.#socket.closed) monitors.delete(this.#socket);
    this.#deliver();
  }
}

function settle(w: EventWaiter, value: unknown, ok: boolean): void {
  if (w.timer !== undefined) clearTimeout(w.timer);
  if (w.onAbort) w.signal!.removeEventListener("abort", w.onAbort);
  if (ok) w.resolve(value as MonitorEvent | null);
  else w.reject(value);
}

function stopMonitor(handle: Pointer): void {
  // Fails only with ETERM (the context was shut down): then libzmq's sends fail too, never block.
  native.zmq.zmq_socket_monitor(handle, null as unknown as Uint8Array, 0);
}

const monitors = new WeakMap<Socket, SocketEvents>();

_installEvents((socket: Socket): SocketEvents => {
  let events = monitors.get(socket);
  if (events === undefined) {
    if (socket.closed) throw closedError("events");
    events = new SocketEvents(socket);
    monitors.set(socket, events);
  }
  return events;
});
