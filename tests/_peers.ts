/** Subprocess peers for interop tests: pyzmq (system python3) and the other JS runtime. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { ROOT, runtime } from "./_harness.ts";

const PYTHON = "/usr/bin/python3";

/** Whether Debian's python3 with pyzmq is available. */
export const hasPyzmq: boolean = existsSync(PYTHON) &&
  spawnSync(PYTHON, ["-c", "import zmq"], { stdio: "ignore" }).status === 0;

/** The executable of the other runtime (bun under deno, deno under bun), or null. */
export function otherRuntime(): { name: "deno" | "bun"; argv: (script: string, ...a: string[]) => string[] } | null {
  const name = runtime === "deno" ? "bun" : "deno";
  const local = `${ROOT}tools/node_modules/.bin/${name}`;
  const exe = existsSync(local) ? local : spawnSync("which", [name]).stdout?.toString().trim();
  if (!exe) return null;
  return {
    name,
    argv: (script, ...a) => name === "deno" ? [exe, "run", "-A", script, ...a] : [exe, script, ...a],
  };
}

/** A running peer process with line-based stdout. */
export class Peer {
  readonly child: ChildProcess;
  #lines: string[] = [];
  #waiters: ((line: string) => void)[] = [];
  #stderr = "";
  readonly exited: Promise<number | null>;

  constructor(argv: string[]) {
    this.child = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
    let buffer = "";
    this.child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let i: number;
      while ((i = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const w = this.#waiters.shift();
        if (w) w(line);
        else this.#lines.push(line);
      }
    });
    this.child.stderr!.on("data", (chunk: Buffer) => this.#stderr += chunk.toString());
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  /** The next line of stdout (rejects if the process exits first or after `timeout` ms). */
  line(timeout = 15_000): Promise<string> {
    const queued = this.#lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`peer gave no line in ${timeout} ms; stderr: ${this.#stderr}`)),
        timeout,
      );
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`peer exited (${code}) before a line; stderr: ${this.#stderr}`));
      });
      this.#waiters.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  }

  /** Writes a line to the peer's stdin. */
  send(line: string): void {
    this.child.stdin!.write(line + "\n");
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Waits for exit (killing after `timeout` ms) and returns the exit code. */
  async finish(timeout = 15_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeout);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

/** Starts a pyzmq peer mode. */
export function pyzmq(...args: string[]): Peer {
  return new Peer([PYTHON, `${ROOT}tests/fixtures/pyzmq_peer.py`, ...args]);
}
