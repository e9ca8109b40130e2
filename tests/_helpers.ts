/**
 * Helpers several test files share: polling sockets for a message, reading monitor events up to
 * one of some types, handshake outcomes, CURVE-only tests, private contexts, a PLAIN client and
 * server pair, XPUB subscription frames and tcp ports.
 */
import * as net from "node:net";
import { assert, endpoint, sleep, test, type Transport, waitFor } from "./_harness.ts";
import {
  Context,
  has,
  type MonitorEvent,
  Poller,
  Pull,
  Push,
  type Readable,
  type SocketEvents,
  type Writable,
  ZmqError,
} from "../mod.ts";

/** A connected PUSH/PULL pair over `transport` (inproc by default), closed together. */
export function pipeline(
  transport: Transport = "inproc",
  options: { sendHighWaterMark?: number; receiveHighWaterMark?: number; linger?: number } = {},
): { push: Push; pull: Pull } & Disposable {
  const pull = new Pull({ receiveHighWaterMark: options.receiveHighWaterMark });
  const push = new Push({ sendHighWaterMark: options.sendHighWaterMark, linger: options.linger });
  try {
    push.connect(pull.bind(endpoint(transport)));
  } catch (e) {
    pull.close();
    push.close();
    throw e;
  }
  return {
    push,
    pull,
    [Symbol.dispose]() {
      push.close();
      pull.close();
    },
  };
}

/** A predicate for assert.throws/rejects: a ZmqError with this code. */
export const isCode = (code: string) => (e: unknown): boolean => e instanceof ZmqError && e.code === code;

/** The next message of `socket`, polled with tryReceive(). */
export async function next(socket: Readable, what = "a message"): Promise<Uint8Array[]> {
  let m: Uint8Array[] | null = null;
  await waitFor(() => (m = socket.tryReceive()) !== null, 5000, what);
  return m!;
}

/** Which of `sockets` receives the next message (polled with tryReceive()), and the message. */
export async function nextOf(sockets: Readable[], what = "a message"): Promise<[number, Uint8Array[]]> {
  let got: [number, Uint8Array[]] | null = null;
  await waitFor(
    () => {
      for (let i = 0; i < sockets.length && got === null; i++) {
        const m = sockets[i].tryReceive();
        if (m !== null) got = [i, m];
      }
      return got !== null;
    },
    5000,
    what,
  );
  return got!;
}

/** trySend() that must succeed (waiting a little while a connection comes up). */
export async function put(socket: Writable, message: Parameters<Writable["trySend"]>[0]): Promise<void> {
  await waitFor(() => socket.trySend(message), 5000, "trySend to succeed");
}

/** Event types as a JSON list, for messages. */
export function types(events: MonitorEvent[]): string {
  return JSON.stringify(events.map((e) => e.type));
}

/**
 * Reads events until one of the `wanted` types arrives (10 s at most); returns every event read,
 * that one last.
 */
export async function until(events: SocketEvents, ...wanted: MonitorEvent["type"][]): Promise<MonitorEvent[]> {
  const seen: MonitorEvent[] = [];
  const end = Date.now() + 10_000;
  for (;;) {
    let e: MonitorEvent | null;
    try {
      e = await events.receive({ timeout: Math.max(1, end - Date.now()) });
    } catch (err) {
      throw new Error(`none of ${JSON.stringify(wanted)} within 10 s; saw ${types(seen)} (${err})`);
    }
    if (e === null) throw new Error(`the stream ended before any of ${JSON.stringify(wanted)}; saw ${types(seen)}`);
    seen.push(e);
    if (wanted.includes(e.type)) return seen;
  }
}

/** The events that arrive within `ms` (a short bounded wait, for "nothing happens" checks). */
export async function within(events: SocketEvents, ms: number): Promise<MonitorEvent[]> {
  const seen: MonitorEvent[] = [];
  const end = Date.now() + ms;
  for (;;) {
    const left = end - Date.now();
    if (left <= 0) return seen;
    try {
      const e = await events.receive({ timeout: left });
      if (e === null) return seen;
      seen.push(e);
    } catch (err) {
      if (err instanceof DOMException && err.name === "TimeoutError") return seen;
      throw err;
    }
  }
}

/** Whether this libzmq has CURVE. */
export const CURVE: boolean = has("curve");
const NO_CURVE = CURVE ? "" : " (skipped: this libzmq has no CURVE)";

/** A test that needs CURVE: still registered without it, and then passes with a note in its name. */
export function curveTest(name: string, fn: () => Promise<void>, options?: { timeout?: number }): void {
  test(name + NO_CURVE, async () => {
    if (CURVE) await fn();
  }, options);
}

/** Runs `fn` with a fresh context (its own ZAP endpoint), terminated afterwards. */
export async function inContext(fn: (context: Context) => Promise<void> | void): Promise<void> {
  const context = new Context();
  try {
    await fn(context);
  } finally {
    await context.terminate();
  }
}

/**
 * Whether a poll with `timeout` finds `socket` ready for `events`. A poll reads ZMQ_EVENTS, which
 * runs libzmq's pending commands (a send or receive runs them at most once a millisecond or so).
 */
export async function ready(
  socket: Readable | Writable,
  events: "readable" | "writable",
  timeout = 5000,
): Promise<boolean> {
  const poller = new Poller();
  poller.add(socket as Pull, events);
  return (await poller.poll({ timeout })).length === 1;
}

const decoder = new TextDecoder();

/** An XPUB subscription frame as "+topic" / "-topic". */
export function subscription(frames: Uint8Array[]): string {
  assert.equal(frames.length, 1, "a subscription message is one frame");
  const [kind, ...topic] = frames[0];
  assert.ok(kind === 0 || kind === 1, `a subscription frame starts with 0 or 1, not ${kind}`);
  return (kind === 1 ? "+" : "-") + decoder.decode(new Uint8Array(topic));
}

/** The port of a resolved tcp endpoint. */
export function portOf(ep: string): number {
  return Number(ep.split(":").at(-1));
}

/**
 * A tcp endpoint nobody listens on: a port node:net just bound and released. (A libzmq socket
 * would close its listener on its I/O thread, after close() returned: a connect could still reach it.)
 */
export async function unusedTcpEndpoint(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return `tcp://127.0.0.1:${port}`;
}

/** The three ways a handshake fails, as monitor event types. */
export const HANDSHAKE_FAILURES: MonitorEvent["type"][] = [
  "handshake-failed-auth",
  "handshake-failed-protocol",
  "handshake-failed-no-detail",
];

/** The next handshake outcome of a socket: success or one of the three failures. */
export async function handshake(events: SocketEvents): Promise<MonitorEvent> {
  return (await until(events, "handshake-succeeded", ...HANDSHAKE_FAILURES)).at(-1)!;
}

/** How long "nothing arrives" is watched (libzmq's own tests use a few hundred ms). */
const QUIET_MS = 250;

/** Waits QUIET_MS, then asserts the socket has nothing to read. */
export async function assertNothingArrives(socket: Pull, what: string): Promise<void> {
  await sleep(QUIET_MS);
  assert.equal(socket.tryReceive(), null, `${what}: a message was delivered`);
}

/**
 * A PLAIN server PULL and a client PUSH with the given credentials, in `context`, both monitored,
 * connected over tcp; disposing closes both.
 */
export function plainPair(context: Context, username: string, password: string, server: Record<string, unknown> = {}) {
  const pull = new Pull({ context, plainServer: true, ...server });
  const serverEvents = pull.events;
  const ep = pull.bind("tcp://127.0.0.1:*");
  const push = new Push({ context, linger: 0, plainUsername: username, plainPassword: password });
  const clientEvents = push.events;
  push.connect(ep);
  return {
    pull,
    push,
    ep,
    serverEvents,
    clientEvents,
    [Symbol.dispose]: () => {
      push.close();
      pull.close();
    },
  };
}
