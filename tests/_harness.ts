/**
 * The test harness shared by every test file, run under `deno test` and `bun test` alike
 * (node:test and node:assert are built into both). Every test gets a watchdog and fails if it
 * leaves a socket open.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { test as nodeTest } from "node:test";
import { openSocketCount } from "../src/socket.ts";

export { default as assert } from "node:assert/strict";

/** The runtime the suite runs under. */
export const runtime: "deno" | "bun" = "Bun" in globalThis ? "bun" : "deno";

/** Transports every send/receive behaviour runs over. */
export const TRANSPORTS = ["inproc", "ipc", "tcp"] as const;
export type Transport = typeof TRANSPORTS[number];

let unique = 0;
/** ipc paths handed out by endpoint() during the running test: removed when it ends. */
let ipcPaths: string[] = [];
/** A bindable endpoint for a transport: tcp binds port * (read back the real one from bind()). */
export function endpoint(transport: Transport): string {
  const id = `${process.pid}-${Date.now().toString(36)}-${unique++}`;
  switch (transport) {
    case "inproc":
      return `inproc://test-${id}`;
    case "ipc":
      ipcPaths.push(`/tmp/zmq-ffi-test-${id}`);
      return `ipc:///tmp/zmq-ffi-test-${id}`;
    case "tcp":
      return "tcp://127.0.0.1:*";
  }
}

/**
 * Declares a test with a watchdog (default 20 s) and a socket-leak check: a test that leaves a
 * socket open fails.
 */
export function test(name: string, fn: () => Promise<void> | void, options: { timeout?: number } = {}): void {
  const timeout = options.timeout ?? 20_000;
  nodeTest(name, async () => {
    const before = openSocketCount();
    ipcPaths = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`watchdog: test did not finish within ${timeout} ms`)), timeout);
    });
    try {
      await Promise.race([fn(), watchdog]);
    } finally {
      clearTimeout(timer);
      // libzmq 4.3 leaves the socket file of an ipc endpoint behind after close and unbind (it
      // removes a stale one at the next bind): the test's own are removed here.
      for (const path of ipcPaths) rmSync(path, { force: true });
      ipcPaths = [];
    }
    const leaked = openSocketCount() - before;
    if (leaked > 0) throw new Error(`the test left ${leaked} socket(s) open`);
  });
}

/** Waits until `cond()` is true, checking every few ms; throws after `timeout` ms. */
export async function waitFor(cond: () => boolean, timeout = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + timeout;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const decoder = new TextDecoder();
/** Frames as strings. */
export function text(frames: Uint8Array[]): string[] {
  return frames.map((f) => decoder.decode(f));
}

/** The path of the repository root (for subprocess tests). */
export const ROOT: string = new URL("..", import.meta.url).pathname;

/** The command line that runs a script under the current runtime. */
export function runtimeCommand(script: string, ...args: string[]): string[] {
  const exe = process.execPath;
  return runtime === "deno" ? [exe, "run", "-A", script, ...args] : [exe, script, ...args];
}

/** How a script run by runScript() ended. */
export interface ScriptRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `script` under the current runtime to its exit, killed (SIGKILL) after `deadlineMs`. */
export function runScript(script: string, args: string[], deadlineMs: number): Promise<ScriptRun> {
  const [exe, ...rest] = runtimeCommand(script, ...args);
  const started = Date.now();
  const child = spawn(exe, rest, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => stdout += d.toString());
  child.stderr!.on("data", (d: Buffer) => stderr += d.toString());
  const timer = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    })
  );
}
