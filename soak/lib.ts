/**
 * Helpers shared by the fault and soak scenarios (soak/scenarios.ts) and their subprocess
 * fixtures (tests/fixtures/fault_*.ts): process memory and file descriptors read from /proc, a
 * seeded PRNG, free ports, subprocess command lines.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";

/** The runtime this process runs under. */
export const runtime: "deno" | "bun" = "Bun" in globalThis ? "bun" : "deno";

/** The repository root. */
export const ROOT: string = new URL("..", import.meta.url).pathname;

const MiB = 1024 * 1024;

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM, ...); 0 once the process is gone. */
export function procStatus(pid: number | "self", field: "VmRSS" | "VmHWM"): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in bytes (0 once it is gone). */
export function rss(pid: number | "self" = "self"): number {
  return procStatus(pid, "VmRSS");
}

/** Open file descriptors of a process. */
export function fdCount(pid: number | "self" = "self"): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/**
 * Open pipes of a process (each end counts): the library's wake pipes are pipes, and libzmq's
 * own fds are eventfds and epoll instances, so pipes left over are the library's, whatever a
 * terminated context's fds do to the total.
 */
export function pipeCount(pid: number | "self" = "self"): number {
  let n = 0;
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("pipe:")) n++;
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return 0;
  }
  return n;
}

/**
 * Pages (4 KiB) of anonymous executable memory mapped in a process: where native code the
 * library writes goes (src/ffi/machine_code.ts; TinyCC's, writable too, on Bun elsewhere), next
 * to the runtime's JIT. Code made per Worker and left would show here.
 */
export function codePages(pid: number | "self" = "self"): number {
  let pages = 0;
  for (const line of readFileSync(`/proc/${pid}/maps`, "utf8").split("\n")) {
    const [range, perms, offset, dev, inode, path] = line.split(/\s+/);
    if (
      (perms !== "r-xp" && perms !== "rwxp") || offset !== "00000000" || dev !== "00:00" || inode !== "0" ||
      (path ?? "") !== ""
    ) continue;
    const [start, end] = range.split("-").map((x) => parseInt(x, 16));
    pages += (end - start) / 4096;
  }
  return pages;
}

/**
 * Ends the calling Worker from inside, as a Worker that is done does. A Worker with a message
 * listener lives until it closes itself: Deno has close() for that; Bun 1.4 has none
 * (self.close is undefined), and its Worker ends once nothing keeps it alive, so it lets go of
 * its listener.
 */
export function endSelf(onMessage: (e: MessageEvent<never>) => unknown): void {
  const self_ = globalThis as unknown as {
    close?(): void;
    removeEventListener(type: "message", fn: (e: MessageEvent<never>) => unknown): void;
  };
  if (typeof self_.close === "function") self_.close();
  else self_.removeEventListener("message", onMessage);
}

/** libzmq's threads in this process (it names them ZMQbg/...). */
export function zmqThreadCount(): number {
  let n = 0;
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, "utf8").startsWith("ZMQbg")) n++;
    } catch {
      // the thread ended meanwhile
    }
  }
  return n;
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): number {
  return Math.round(bytes / MiB * 10) / 10;
}

/**
 * Samples the RSS of a set of processes (this one included) every `intervalMs` and keeps each
 * one's peak. stop() must be called (the interval keeps the event loop alive).
 */
export class MemorySampler {
  #pids = new Map<number | "self", string>([["self", "self"]]);
  #peak = new Map<string, number>();
  #first = new Map<string, number>();
  #timer: ReturnType<typeof setInterval>;

  constructor(intervalMs = 100) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Watches another process under a label (processes of one label share one peak). */
  watch(pid: number | undefined, label: string): void {
    if (pid !== undefined) this.#pids.set(pid, label);
  }

  sample(): void {
    for (const [pid, label] of this.#pids) {
      const v = rss(pid);
      if (v === 0) continue;
      if (!this.#first.has(label)) this.#first.set(label, v);
      if (v > (this.#peak.get(label) ?? 0)) this.#peak.set(label, v);
    }
  }

  /** The peak RSS in bytes of a label (or of every process). */
  peak(label?: string): number {
    if (label !== undefined) return this.#peak.get(label) ?? 0;
    return Math.max(0, ...this.#peak.values());
  }

  /** Peaks by label, in MiB. */
  peaks(): Record<string, number> {
    return Object.fromEntries([...this.#peak].map(([k, v]) => [k, mib(v)]));
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }
}

/** A seeded PRNG (mulberry32): floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `items` in an order that `seed` decides (Fisher-Yates over prng). */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const a = items.slice();
  const random = prng(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A random seed (printed by the scenarios so a failure can be replayed). */
export function randomSeed(): number {
  return (Math.random() * 0x7fffffff) >>> 0;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for peers that must bind a fixed port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The command line that runs a fixture under this runtime (Deno with `--expose-gc` if asked). */
export function fixtureArgv(name: string, args: (string | number)[], options: { exposeGc?: boolean } = {}): string[] {
  const script = `${ROOT}tests/fixtures/${name}`;
  const rest = args.map(String);
  const exe = process.execPath;
  if (runtime === "bun") return [exe, script, ...rest];
  return [exe, "run", "-A", ...(options.exposeGc ? ["--v8-flags=--expose-gc"] : []), script, ...rest];
}

/** Forces a full garbage collection (Deno needs --v8-flags=--expose-gc; false if unavailable). */
export function forceGc(): boolean {
  const g = globalThis as { Bun?: { gc(sync: boolean): void }; gc?: () => void };
  if (g.Bun) {
    g.Bun.gc(true);
    return true;
  }
  if (typeof g.gc === "function") {
    g.gc();
    return true;
  }
  return false;
}

/** Max gap between the ticks of a `periodMs` interval timer: shows a starved event loop. */
export class TimerWatch {
  #last = performance.now();
  #timer: ReturnType<typeof setInterval>;
  maxGap = 0;
  ticks = 0;
  /** Gaps over 100 ms. */
  late = 0;

  constructor(periodMs = 10) {
    this.#timer = setInterval(() => {
      const now = performance.now();
      const gap = now - this.#last;
      this.#last = now;
      this.ticks++;
      if (gap > 100) this.late++;
      if (gap > this.maxGap) this.maxGap = gap;
    }, periodMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** Figures every scenario reports. */
export interface Figures {
  scenario: string;
  /** Messages that went through (sent and accounted for). */
  messages: number;
  /** Messages lost (from sequence numbers), where loss is allowed; 0 elsewhere. */
  lost: number;
  durationMs: number;
  /** Peak RSS in MiB of the processes of the scenario, by label. */
  peakRssMiB: Record<string, number>;
  /** Further figures, one short line each. */
  notes: string[];
}

/** The size of a run: "ci" for the short versions in tests/faults.test.ts, "full" for `npm run soak`. */
export type Scale = "ci" | "full";

/** Parses the last line of a fixture that reports JSON ("ok {...}"). */
export function parseReport(line: string): Record<string, number | string> {
  const m = /^(ok|bad) (.*)$/.exec(line);
  if (!m) throw new Error(`unexpected report line: ${line}`);
  const body = JSON.parse(m[2]);
  if (m[1] === "bad") throw new Error(`fixture reported a failure: ${m[2]}`);
  return body;
}
