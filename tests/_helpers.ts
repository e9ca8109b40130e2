/**
 * Helpers several test files share: polling sockets for a message, reading monitor events up to
 * one of some types, CURVE-only tests and private contexts.
 */
import { test, waitFor } from "./_harness.ts";
import { Context, has, type MonitorEvent, type Readable, type SocketEvents, type Writable, ZmqError } from "../mod.ts";

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
