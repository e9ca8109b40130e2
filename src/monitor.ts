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
import { closedError, errorFor, zmqErrno } from "./errors.ts";
import { coreOf, type PollWatch, SocketCore } from "./core.ts";
import { OPTIONS } from "./options.ts";
import { setInt } from "./sockopt.ts";
import { decodeEvent, type MonitorEvent } from "./monitor_events.ts";
import { badOptions, END, iterate, type OperationOptions, type Waiter, WaitQueue } from "./waiters.ts";

/** Every ZMQ_EVENT_* bit. */
const ZMQ_EVENT_ALL = 0xffff;
const encoder = new TextEncoder();
// Unique across Workers sharing one libzmq context (inproc names are per context).
const prefix = `inproc://zmq-ffi-monitor-${crypto.randomUUID()}-`;
let sequence = 0;
/** Makes a socket's monitor (the constructor is private to this module). */
let monitorFor: (socket: SocketCore) => SocketEvents;

/**
 * The monitor events of one socket (`socket.events`): an async iterable of {@link MonitorEvent}s
 * with one consumer at a time (`break` ends that iteration, not the monitor). Events that happen
 * while nobody reads wait until read. The stream ends when the socket closes, or on `close()`;
 * events already emitted are still delivered first, the last being "monitor-stopped". A pending
 * read keeps the process alive, an idle monitor does not.
 *
 * ```ts ignore
 * for await (const event of socket.events) {
 *   if (event.type === "accepted") console.log("a peer connected to", event.endpoint);
 * }
 * ```
 */
export class SocketEvents implements AsyncIterable<MonitorEvent> {
  #socket: SocketCore;
  #reader: SocketCore | null;
  #queue: MonitorEvent[] = [];
  #waiters = new WaitQueue<MonitorEvent | null>(() => this.#idle());
  #watching = false;
  #iterating = false;
  #watch: PollWatch;

  private constructor(socket: SocketCore) {
    const handle = socket.usable("events");
    const reader = new SocketCore(socket.context, "PAIR");
    const endpoint = prefix + sequence++;
    try {
      // An unbounded pipe into the reader: libzmq's blocking event send never waits on us.
      setInt(reader.usable("monitor"), OPTIONS.receiveHighWaterMark.id, 0, "monitor reader receiveHighWaterMark");
      const rc = native.zmq.zmq_socket_monitor(handle, encoder.encode(endpoint + "\0"), ZMQ_EVENT_ALL);
      if (rc < 0) throw errorFor(zmqErrno(), "starting the socket monitor", endpoint);
    } catch (e) {
      reader.close();
      throw e;
    }
    // Connecting an inproc PAIR to a bound one cannot fail here; a failure would leave libzmq
    // monitoring without a reader, so it stops the monitor before rethrowing.
    try {
      reader.endpoint("connect", endpoint);
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
      failed: (error) => this.#waiters.settleAll(error, false),
    };
    socket.onClose((h) => this.#stop(h));
  }

  static {
    monitorFor = (socket) => new SocketEvents(socket);
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
    const bad = options === undefined ? null : badOptions("events.receive", options.timeout, signal);
    if (bad) return Promise.reject(bad);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#waiters.length === 0) {
      if (this.#queue.length === 0) this.#drain();
      if (this.#queue.length !== 0) return Promise.resolve(this.#queue.shift()!);
      if (this.#reader === null) return Promise.resolve(null);
    }
    return new Promise<MonitorEvent | null>((resolve, reject) => {
      const w: Waiter<MonitorEvent | null> = { resolve, reject };
      this.#waiters.add(w, options?.timeout ?? -1, signal, "monitor event");
      this.#watchReader(true);
    });
  }

  /** Iterates events until the stream ends. One consumer at a time. */
  [Symbol.asyncIterator](): AsyncIterableIterator<MonitorEvent> {
    if (this.#iterating) {
      throw new TypeError("socket.events is already being iterated: it has one consumer at a time");
    }
    this.#iterating = true;
    return iterate(
      () => this.receive().then((event) => event ?? END),
      () => this.#iterating = false,
    );
  }

  /**
   * Stops monitoring now (the socket stays open): events already emitted can still be read, the
   * last being "monitor-stopped", then the stream ends. `socket.events` then starts a new monitor.
   * Idempotent.
   */
  close(): void {
    if (this.#reader === null || this.#socket.closed) return;
    this.#stop(this.#socket.usable("events.close"));
  }

  /** Moves every event waiting in the reader into the queue, and hands them to waiting readers. */
  #drain(): void {
    const reader = this.#reader;
    if (reader !== null) {
      for (;;) {
        let frames: Uint8Array[] | null;
        try {
          frames = reader.tryReceive();
        } catch {
          break; // ETERM after context.shutdown(): no further event can be read
        }
        if (frames === null) break;
        this.#queue.push(decodeEvent(frames));
      }
    }
    while (this.#waiters.length !== 0 && this.#queue.length !== 0) this.#waiters.settleFirst(this.#queue.shift(), true);
    if (this.#reader === null) this.#waiters.settleAll(null, true);
    this.#idle();
  }

  /** Nobody waits any more: stop watching the reader (an idle monitor keeps nothing alive). */
  #idle(): void {
    if (this.#waiters.length === 0) this.#watchReader(false);
  }

  #watchReader(on: boolean): void {
    const reader = this.#reader;
    if (on === this.#watching || reader === null) return;
    this.#watching = on;
    if (on) reader.addPoll(this.#watch);
    else reader.removePoll(this.#watch);
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
    this.#drain();
  }
}

function stopMonitor(handle: Pointer): void {
  // Fails only with ETERM (the context was shut down): then libzmq's sends fail too, never block.
  native.zmq.zmq_socket_monitor(handle, null as unknown as Uint8Array, 0);
}

const monitors = new WeakMap<SocketCore, SocketEvents>();

/** `socket.events`: the socket's monitor, started on first access. */
export function eventsOf(socket: object): SocketEvents {
  const core = coreOf(socket);
  let events = monitors.get(core);
  if (events === undefined) {
    if (core.closed) throw closedError("events");
    events = monitorFor(core);
    monitors.set(core, events);
  }
  return events;
}
