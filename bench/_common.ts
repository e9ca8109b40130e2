/**
 * What the TypeScript benchmark programs share: the command line (ROLE ENDPOINT SIZE COUNT [PARTS]),
 * the output protocol read by bench/run.ts ("READY <endpoint>", "RESULT {json}"), statistics and
 * runtime helpers. Runs under Deno and Bun (node: modules only, no runtime globals).
 */
import process from "node:process";
import { readdirSync, readFileSync } from "node:fs";

export const runtime: "deno" | "bun" = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined" ? "bun" : "deno";

export type Role =
  | "thr-pull"
  | "thr-push"
  | "lat-rep"
  | "lat-req"
  | "inproc-thr"
  | "inproc-lat";
export const ROLES: readonly Role[] = [
  "thr-pull",
  "thr-push",
  "lat-rep",
  "lat-req",
  "inproc-thr",
  "inproc-lat",
];

export interface Args {
  role: Role;
  endpoint: string;
  size: number;
  count: number;
  parts: number;
  /** Extra options after the positional ones: --name=value. */
  flags: Record<string, string>;
}

/** Parses ROLE ENDPOINT SIZE COUNT [PARTS] [--flag=value ...]. */
export function parseArgs(argv: string[] = process.argv.slice(2)): Args {
  const pos = argv.filter((a) => !a.startsWith("--"));
  const flags: Record<string, string> = {};
  for (const a of argv) {
    if (!a.startsWith("--")) continue;
    const [k, v = "1"] = a.slice(2).split("=");
    flags[k] = v;
  }
  const [role, endpoint, size, count, parts] = pos;
  if (
    !ROLES.includes(role as Role) || endpoint === undefined || !size || !count
  ) {
    console.error(
      `usage: ROLE ENDPOINT SIZE COUNT [PARTS] (ROLE: ${ROLES.join(", ")})`,
    );
    process.exit(2);
  }
  return {
    role: role as Role,
    endpoint,
    size: Number(size),
    count: Number(count),
    parts: Number(parts ?? 1),
    flags,
  };
}

export function ready(endpoint: string): void {
  console.log(`READY ${endpoint}`);
}

export function result(r: Record<string, unknown>): void {
  console.log(`RESULT ${JSON.stringify(r)}`);
}

/** Throughput result of `count` messages whose first arrived at t0 and last at t1 (ms). */
export function thrResult(
  count: number,
  size: number,
  parts: number,
  t0: number,
  t1: number,
): Record<string, unknown> {
  const elapsed = (t1 - t0) / 1000;
  const rate = (count - 1) / elapsed;
  return {
    kind: "thr",
    msgs: count,
    elapsed_s: +elapsed.toFixed(6),
    msgs_per_s: +rate.toFixed(1),
    mb_per_s: +(rate * size * parts / 1e6).toFixed(2),
  };
}

/** Latency result: `total` ms for `rtt.length` round trips, per-round-trip times in ms. */
export function latResult(
  rtt: Float64Array,
  total: number,
): Record<string, unknown> {
  const sorted = rtt.slice().sort();
  const n = sorted.length;
  return {
    kind: "lat",
    n,
    mean_us: +(total * 1000 / n).toFixed(2),
    p50_us: +(sorted[n >> 1] * 1000).toFixed(2),
    p99_us: +(sorted[Math.floor(n * 0.99)] * 1000).toFixed(2),
  };
}

/** Resolves when stdin reaches EOF (the orchestrator closes it once the measuring side is done). */
export function stdinEof(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.on("end", () => resolve());
    process.stdin.on("close", () => resolve());
    process.stdin.on("error", () => resolve());
    process.stdin.resume();
  });
}

/** CPU time of the whole process in ms, from the scheduler (ns precision, every thread). */
export function schedCpuMs(): number | null {
  try {
    let ns = 0;
    for (const tid of readdirSync("/proc/self/task")) {
      ns += Number(
        readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0],
      );
    }
    return ns / 1e6;
  } catch {
    return null;
  }
}

/**
 * Progress of the running loop, printed to stderr on SIGTERM (the orchestrator sends it when a
 * run times out), so a stall shows which side stopped and where.
 */
export const progress = { sent: 0, received: 0 };
export function reportProgressOnTerm(role: string): void {
  process.on("SIGTERM", () => {
    console.error(
      `PROGRESS ${role} sent=${progress.sent} received=${progress.received}`,
    );
    process.exit(143);
  });
}

export function exit(code = 0): never {
  process.exit(code);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
