/**
 * How a `zmq` process talks and ends: stdin as lines of bytes, stdout lines with back-pressure,
 * informational stderr lines, and one way out (`end`) that closes what the command opened, lets
 * libzmq deliver what the linger allows (`defaultContext.terminate()`), flushes stdout and only
 * then exits. Errors become one stderr line: exit 2 for usage errors, 1 for the rest.
 */
import process from "node:process";
import { defaultContext, ZmqError } from "../mod.ts";
import { UsageError } from "./args.ts";

/**
 * Why the process ends: "done" (the work is done), "signal" (SIGINT, SIGTERM), "failure" (exit 1)
 * or "usage" (exit 2: nothing was sent, nothing to wait for).
 */
export type EndReason = "done" | "signal" | "failure" | "usage";
/** Something to close at the end. */
type Stopper = (why: EndReason) => void | Promise<void>;
const stoppers: Stopper[] = [];
let ending: Promise<never> | null = null;
let quiet = false;

/** Registers something to close when the process ends (closed in reverse order). */
export function onEnd(fn: Stopper): void {
  stoppers.push(fn);
}

/** True once the process is ending: errors of loops cut short by it are expected. */
export function ended(): boolean {
  return ending !== null;
}

/** Silences `info` lines (--quiet). */
export function setQuiet(value: boolean): void {
  quiet = value;
}

/** A line on stderr for people and scripts ("bound tcp://127.0.0.1:5555"), unless --quiet. */
export function info(line: string): void {
  if (!quiet) process.stderr.write(line + "\n");
}

/** A line on stderr that --quiet does not silence (events, statistics). */
export function note(line: string): void {
  process.stderr.write(line + "\n");
}

/** Writes one line to stdout; returns a promise when stdout wants the caller to wait. */
export function writeLine(line: string): Promise<void> | undefined {
  if (process.stdout.write(line + "\n")) return undefined;
  return new Promise((resolve) => process.stdout.once("drain", () => resolve()));
}

/** Lines of stdin as bytes (without the newline); a last line without one counts too. */
export async function* stdinLines(): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Uint8Array | string>) {
    const data = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    let start = 0;
    for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, start)) {
      const piece = data.subarray(start, i);
      if (parts.length === 0) yield piece;
      else {
        parts.push(piece);
        yield concat(parts);
        parts = [];
      }
      start = i + 1;
    }
    if (start < data.length) parts.push(data.slice(start));
  }
  if (parts.length !== 0) yield concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A run-time failure with a message for the user (exit 1). */
export class Failure extends Error {}

const USAGE_CODES = new Set(["EINVAL", "EPROTONOSUPPORT", "ENOCOMPATPROTO"]);

/**
 * Runs a set-up step (making a socket, setting options, bind, connect, starting a device): a
 * value the library or libzmq rejects as malformed is a usage error, anything else a failure.
 */
export function setup<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(e.message);
    if (e instanceof ZmqError && USAGE_CODES.has(e.code)) throw new UsageError(e.message);
    throw e;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function flush(stream: typeof process.stdout | typeof process.stderr): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    try {
      stream.write("", () => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/**
 * Ends the process: closes everything registered with onEnd (in reverse order), terminates the
 * default context (what was sent is delivered within each socket's linger, unless the run
 * failed), flushes stdout and stderr and exits with `code`. Idempotent: later calls get the
 * first one's promise.
 */
export function end(code: number, message?: string, why?: EndReason): Promise<never> {
  if (ending) return ending;
  if (message !== undefined) process.stderr.write(`zmq: ${oneLine(message)}\n`);
  const reason = why ?? (code === 0 ? "done" : code === 2 ? "usage" : "failure");
  ending = (async () => {
    for (const stop of stoppers.splice(0).reverse()) {
      try {
        await stop(reason);
      } catch {
        // closing is best effort: the exit comes next
      }
    }
    await defaultContext.terminate().catch(() => {});
    await flush(process.stdout);
    await flush(process.stderr);
    process.exit(code);
  })();
  return ending;
}

/** Ends the process for an error: usage errors exit 2, everything else 1; one line, no stack. */
export function fail(e: unknown): Promise<never> {
  if (ending) return ending;
  if (e instanceof UsageError) return end(2, e.message);
  if (e instanceof Failure || e instanceof ZmqError) return end(1, e.message);
  if (e instanceof Error) return end(1, e.message || e.name);
  return end(1, String(e));
}

/**
 * SIGINT ends with 130 and SIGTERM with 0, after closing cleanly; a second signal exits at once.
 * Uncaught errors become one line too, and a closed stdout (a pipe into `head`) ends quietly.
 */
export function installHandlers(): void {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 0]] as const) {
    process.on(signal, () => {
      if (ending) process.exit(code);
      void end(code, undefined, "signal");
    });
  }
  process.on("uncaughtException", (e) => void fail(e));
  process.on("unhandledRejection", (e) => void fail(e));
  process.stdout.on("error", () => void end(0));
}

/** Whether an error is a timeout of a send or receive (`{ timeout }`). */
export function isTimeout(e: unknown): boolean {
  return (e as { name?: string })?.name === "TimeoutError";
}
