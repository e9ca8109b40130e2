/**
 * Helpers for the examples that start other processes: find Deno, Bun and Python, start a
 * script under one of them, read its stdout line by line, and stop it. Uses node:child_process,
 * which Deno and Bun both provide.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import process from "node:process";

export type Runtime = "deno" | "bun";

/** The runtime this script runs under. */
export const currentRuntime: Runtime = "Bun" in globalThis ? "bun" : "deno";

const repoBin = new URL("../../tools/node_modules/.bin/", import.meta.url).pathname;

/** The executable of a runtime: this process's own, else on PATH, else in tools/node_modules/.bin; null if none. */
export function findRuntime(name: Runtime): string | null {
  if (name === currentRuntime) return process.execPath;
  const onPath = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout?.trim();
  if (onPath) return onPath;
  return existsSync(repoBin + name) ? repoBin + name : null;
}

/** Python with pyzmq (Debian's python3-zmq), or null with the reason. */
export function findPyzmq(): { python: string } | { python: null; reason: string } {
  const python = "/usr/bin/python3";
  if (!existsSync(python)) return { python: null, reason: `${python} not found` };
  const probe = spawnSync(python, ["-c", "import zmq"], { stdio: "ignore" });
  return probe.status === 0
    ? { python }
    : { python: null, reason: `${python} has no zmq module (apt install python3-zmq)` };
}

/** The argv that runs a TypeScript file under a runtime. */
export function scriptArgv(runtime: Runtime, executable: string, script: string, args: string[]): string[] {
  return runtime === "deno" ? [executable, "run", "-A", script, ...args] : [executable, script, ...args];
}

/** A child process whose stdout is read as lines. */
export class Child {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly name: string;
  #lines: string[] = [];
  #waiting: ((line: string | null) => void)[] = [];
  #ended = false;
  stderr = "";

  constructor(name: string, argv: string[], options: { env?: Record<string, string> } = {}) {
    this.name = name;
    this.process = spawn(argv[0], argv.slice(1), {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
    });
    let buffer = "";
    this.process.stdout!.on("data", (chunk: Uint8Array) => {
      buffer += new TextDecoder().decode(chunk);
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        this.#push(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
      }
    });
    this.process.stderr!.on("data", (chunk: Uint8Array) => this.stderr += new TextDecoder().decode(chunk));
    this.exited = new Promise((resolve) => {
      this.process.on("close", (code, signal) => {
        if (buffer) this.#push(buffer);
        this.#ended = true;
        for (const w of this.#waiting.splice(0)) w(null);
        resolve(code ?? (signal ? 128 : null));
      });
    });
  }

  #push(line: string): void {
    const w = this.#waiting.shift();
    if (w) w(line);
    else this.#lines.push(line);
  }

  /** The next line of stdout; null once the process ended; rejects after `timeout` ms. */
  line(timeout = 20_000): Promise<string | null> {
    if (this.#lines.length) return Promise.resolve(this.#lines.shift()!);
    if (this.#ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(new Error(`${this.name}: no output within ${timeout} ms; stderr: ${this.stderr}`));
      }, timeout);
      const waiter = (line: string | null): void => {
        clearTimeout(timer);
        resolve(line);
      };
      this.#waiting.push(waiter);
    });
  }

  /** Every remaining line of stdout. */
  async *lines(timeout?: number): AsyncGenerator<string> {
    for (let line = await this.line(timeout); line !== null; line = await this.line(timeout)) yield line;
  }

  /** Waits for the exit code, killing the process after `timeout` ms. */
  async finish(timeout = 20_000): Promise<number | null> {
    const timer = setTimeout(() => this.kill(), timeout);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL if it is still there after `grace` ms). */
  kill(grace = 2000): void {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill("SIGTERM");
    const timer = setTimeout(() => this.process.kill("SIGKILL"), grace);
    this.exited.then(() => clearTimeout(timer));
  }
}
