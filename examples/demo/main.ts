/**
 * The demo: ZeroMQ between real processes, on Deno and Bun at once.
 *
 *  1. A parallel pipeline: a ventilator hands out tasks over tcp to workers (half on Deno, half
 *     on Bun), which send their results over ipc to a sink; the sink then publishes KILL.
 *  2. A request/reply broker (a Router/Dealer Proxy): clients on both runtimes send requests
 *     over tcp, workers on both runtimes answer over ipc.
 *
 * Shows progress while it runs (a bar on a terminal, plain lines otherwise), then a summary:
 * tasks per worker and runtime, messages, elapsed time, throughput. Stops every process it
 * started, also on Ctrl-C. Exits 1 if anything was lost or failed.
 *
 *   npm run demo                        (or: bash scripts/demo.sh)
 *   deno run -A examples/demo/main.ts [--short]
 *   bun examples/demo/main.ts [--short]
 *
 * `--short` or DEMO_SHORT=1: a small run (used by the tests).
 */
import process from "node:process";
import { Child, currentRuntime, findRuntime, type Runtime, scriptArgv } from "../_shared/processes.ts";

const short = process.argv.includes("--short") || process.env.DEMO_SHORT === "1";
const config = short
  ? { tasks: 60, maxMs: 10, pipelineWorkers: 4, clients: 2, requests: 300, replyWorkers: 2, deadline: 40_000 }
  : { tasks: 1000, maxMs: 40, pipelineWorkers: 6, clients: 4, requests: 25_000, replyWorkers: 4, deadline: 55_000 };

const NODE = new URL("./node.ts", import.meta.url).pathname;
const tag = `${process.pid}-${Date.now().toString(36)}`;
const tty = process.stdout.isTTY === true;

// --- processes -----------------------------------------------------------------------------------

const runtimes = new Map<Runtime, string>();
for (const name of ["deno", "bun"] as const) {
  const exe = findRuntime(name);
  if (exe) runtimes.set(name, exe);
}
const roster = [...runtimes.keys()];
if (roster.length < 2) console.log(`note: only ${roster.join("")} found: every process runs on it`);

const children = new Set<Child>();
let finishing = false;
let interrupted: string | null = null;

/** Starts node.ts in `role` under `runtime`. */
function start(name: string, runtime: Runtime, role: string, args: Record<string, string | number>): Child {
  const argv = scriptArgv(runtime, runtimes.get(runtime)!, NODE, [
    role,
    ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)]),
  ]);
  const child = new Child(name, argv);
  children.add(child);
  return child;
}

interface Event {
  type: string;
  [key: string]: unknown;
}

/** Reads a child's JSON lines until one of `type`; other events go to `onEvent`. */
async function waitFor(child: Child, type: string, onEvent?: (e: Event) => void): Promise<Event> {
  for (;;) {
    const line = await child.line(config.deadline);
    if (line === null) throw new Error(`${child.name} exited before "${type}"; stderr: ${child.stderr.trim()}`);
    let event: Event;
    try {
      event = JSON.parse(line);
    } catch {
      console.log(`${child.name}: ${line}`);
      continue;
    }
    if (event.type === "error") throw new Error(`${child.name}: ${event.message}`);
    if (event.type === type) return event;
    onEvent?.(event);
  }
}

function stop(child: Child): void {
  child.process.stdin?.write("stop\n");
}

/** Every child must exit 0. */
async function allExited(list: Child[]): Promise<void> {
  const codes = await Promise.all(list.map((c) => c.finish(10_000)));
  const bad = list.filter((_, i) => codes[i] !== 0);
  if (bad.length) {
    throw new Error(`exit codes: ${bad.map((c) => `${c.name}=${c.process.exitCode}: ${c.stderr.trim()}`).join("; ")}`);
  }
}

function cleanup(): void {
  for (const child of children) child.kill(500);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (finishing) return;
    finishing = true;
    interrupted = signal;
    if (tty) process.stdout.write("\n");
    const running = [...children].filter((c) => c.process.exitCode === null && c.process.signalCode === null);
    console.log(`demo: ${signal}: stopping the ${running.length} processes still running`);
    cleanup();
    Promise.all(running.map((c) => c.exited)).then(() => process.exit(130));
    setTimeout(() => process.exit(130), 2000);
  });
}

// --- progress ------------------------------------------------------------------------------------

class Progress {
  #last = -1;
  #lastDraw = 0;
  constructor(readonly label: string, readonly total: number) {}

  update(done: number): void {
    if (tty) {
      const now = performance.now();
      if (now - this.#lastDraw < 50 && done < this.total) return;
      this.#lastDraw = now;
      const width = 30;
      const filled = Math.round((done / this.total) * width);
      const bar = "#".repeat(filled) + "-".repeat(width - filled);
      process.stdout.write(`\r${this.label} [${bar}] ${done}/${this.total}`);
    } else {
      const quarter = Math.floor((done / this.total) * 4);
      if (quarter > this.#last) {
        this.#last = quarter;
        console.log(`${this.label}: ${done}/${this.total} (${quarter * 25}%)`);
      }
    }
  }

  end(): void {
    this.update(this.total);
    if (tty) process.stdout.write("\n");
  }
}

// --- 1. the pipeline -----------------------------------------------------------------------------

interface Tally {
  runtime: string;
  count: number;
}

async function pipeline(): Promise<{ elapsedMs: number; workMs: number; perWorker: Map<string, Tally>; lost: number }> {
  console.log(
    `pipeline: ${config.tasks} tasks of 1-${config.maxMs} ms, ${config.pipelineWorkers} workers, ` +
      "tasks over tcp, results and KILL over ipc",
  );
  const sink = start("sink", currentRuntime, "sink", {
    results: `ipc:///tmp/zmq-demo-${tag}-results`,
    control: `ipc:///tmp/zmq-demo-${tag}-control`,
  });
  const sinkAt = await waitFor(sink, "listening");
  const ventilator = start("ventilator", currentRuntime, "ventilator", {
    tasks: "tcp://127.0.0.1:*",
    sink: sinkAt.results as string,
    workers: config.pipelineWorkers,
    count: config.tasks,
    "max-ms": config.maxMs,
  });
  const ventAt = await waitFor(ventilator, "listening");
  const workers = Array.from({ length: config.pipelineWorkers }, (_, i) => {
    const runtime = roster[i % roster.length];
    const id = `${runtime}-${Math.floor(i / roster.length) + 1}`;
    return start(`worker ${id}`, runtime, "worker", {
      id,
      tasks: ventAt.tasks as string,
      results: sinkAt.results as string,
      control: sinkAt.control as string,
    });
  });
  const workerDone = workers.map((w) => waitFor(w, "done"));
  workerDone.forEach((p) => p.catch(() => {}));
  await waitFor(ventilator, "workers-ready");
  const progress = new Progress("pipeline", config.tasks);
  const [sent, summary] = await Promise.all([
    waitFor(ventilator, "sent"),
    waitFor(sink, "summary", (e) => e.type === "progress" && progress.update(e.done as number)),
  ]);
  progress.end();
  const reports = await Promise.all(workerDone);
  stop(sink);
  await allExited([sink, ventilator, ...workers]);

  const perWorker = new Map<string, Tally>();
  for (const [id, t] of Object.entries(summary.perWorker as Record<string, { runtime: string; tasks: number }>)) {
    perWorker.set(id, { runtime: t.runtime, count: t.tasks });
  }
  const byWorkers = reports.reduce((sum, r) => sum + (r.tasks as number), 0);
  const received = summary.tasks as number;
  return {
    elapsedMs: summary.elapsedMs as number,
    workMs: sent.totalMs as number,
    perWorker,
    lost: config.tasks - Math.min(received, byWorkers),
  };
}

// --- 2. the broker -------------------------------------------------------------------------------

async function broker(): Promise<
  { elapsedMs: number; perWorker: Map<string, Tally>; perClient: Map<string, Tally>; lost: number; stats: Event }
> {
  const total = config.clients * config.requests;
  console.log(
    `broker: ${config.clients} clients x ${config.requests} requests through a Router/Dealer Proxy ` +
      `to ${config.replyWorkers} workers; clients over tcp, workers over ipc`,
  );
  const proxy = start("broker", currentRuntime, "broker", {
    frontend: "tcp://127.0.0.1:*",
    backend: `ipc:///tmp/zmq-demo-${tag}-backend`,
  });
  const at = await waitFor(proxy, "listening");
  const workers = Array.from({ length: config.replyWorkers }, (_, i) => {
    const runtime = roster[i % roster.length];
    const id = `${runtime}-${Math.floor(i / roster.length) + 1}`;
    return start(`reply worker ${id}`, runtime, "reply-worker", { id, backend: at.backend as string });
  });
  const workerDone = workers.map((w) => waitFor(w, "done"));
  workerDone.forEach((p) => p.catch(() => {}));
  const started = performance.now();
  const progress = new Progress("broker", total);
  const received = new Array<number>(config.clients).fill(0);
  const clients = Array.from({ length: config.clients }, (_, i) => {
    const runtime = roster[(i + 1) % roster.length];
    const id = `client-${i + 1}-${runtime}`;
    return start(id, runtime, "client", {
      id,
      frontend: at.frontend as string,
      count: config.requests,
      window: 50,
    });
  });
  const results = await Promise.all(clients.map((c, i) =>
    waitFor(c, "done", (e) => {
      if (e.type !== "progress") return;
      received[i] = e.received as number;
      progress.update(received.reduce((a, b) => a + b, 0));
    })
  ));
  progress.end();
  const elapsedMs = performance.now() - started;
  for (const w of workers) stop(w);
  const answered = await Promise.all(workerDone);
  stop(proxy);
  const stats = await waitFor(proxy, "statistics");
  await allExited([proxy, ...workers, ...clients]);

  const perWorker = new Map<string, Tally>();
  for (const a of answered) {
    perWorker.set(a.id as string, { runtime: a.runtime as string, count: a.answered as number });
  }
  const perClient = new Map<string, Tally>();
  for (const r of results) perClient.set(r.id as string, { runtime: r.runtime as string, count: r.received as number });
  const got = results.reduce((sum, r) => sum + (r.received as number), 0);
  return { elapsedMs, perWorker, perClient, lost: total - got, stats: stats.statistics as Event };
}

// --- run -----------------------------------------------------------------------------------------

function table(title: string, rows: Map<string, Tally>, unit: string): void {
  console.log(`  ${title}`);
  const byRuntime = new Map<string, number>();
  for (const [id, t] of [...rows].sort()) {
    console.log(`    ${id.padEnd(16)} ${t.runtime.padEnd(5)} ${String(t.count).padStart(7)} ${unit}`);
    byRuntime.set(t.runtime, (byRuntime.get(t.runtime) ?? 0) + t.count);
  }
  console.log(`    by runtime: ${[...byRuntime].map(([r, n]) => `${r} ${n}`).join(", ")}`);
}

const deadline = setTimeout(() => {
  console.log(`\ndemo: FAILED: not done within ${config.deadline / 1000} s`);
  finishing = true;
  cleanup();
  setTimeout(() => process.exit(1), 1000);
}, config.deadline);

const began = performance.now();
let failed = false;
try {
  console.log(`demo: runtimes ${roster.join(" and ")}${short ? " (short run)" : ""}`);
  const p = await pipeline();
  const b = await broker();
  const totalS = (performance.now() - began) / 1000;
  const requests = config.clients * config.requests;

  console.log("\n=== summary ===");
  console.log(
    `pipeline: ${config.tasks} tasks, ${p.workMs} ms of work done in ${(p.elapsedMs / 1000).toFixed(2)} s ` +
      `(${(config.tasks / (p.elapsedMs / 1000)).toFixed(0)} tasks/s, parallelism ${
        (p.workMs / p.elapsedMs).toFixed(1)
      })`,
  );
  table("tasks per worker", p.perWorker, "tasks");
  console.log(
    `broker: ${requests} requests answered in ${(b.elapsedMs / 1000).toFixed(2)} s ` +
      `(${(requests / (b.elapsedMs / 1000)).toFixed(0)} round trips/s, each 4 messages through the proxy)`,
  );
  table("replies per worker", b.perWorker, "replies");
  table("replies per client", b.perClient, "replies");
  const s = b.stats as unknown as Record<string, Record<string, number>>;
  console.log(
    `  proxy counters: frontend in ${s.frontend.messagesReceived} / out ${s.frontend.messagesSent}, ` +
      `backend in ${s.backend.messagesReceived} / out ${s.backend.messagesSent}`,
  );
  const messages = 2 * config.tasks + 4 * requests;
  console.log(
    `messages: ${messages} application messages in ${totalS.toFixed(1)} s (processes started: ${children.size})`,
  );
  const lost = p.lost + b.lost;
  if (lost > 0) {
    failed = true;
    console.log(`demo: FAILED: ${p.lost} tasks and ${b.lost} requests lost`);
  } else {
    console.log("demo: nothing lost");
  }
} catch (e) {
  failed = true;
  if (interrupted !== null) await new Promise(() => {}); // the signal handler exits once all are gone
  if (tty) process.stdout.write("\n");
  console.log(`demo: FAILED: ${e instanceof Error ? e.message : e}`);
} finally {
  finishing = true;
  clearTimeout(deadline);
  cleanup();
}
process.exit(failed ? 1 : 0);
