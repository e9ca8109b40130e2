/**
 * One process of the demo (examples/demo/main.ts starts them): a pipeline ventilator, worker or
 * sink, or a broker, broker worker or client. Each reports on stdout in JSON lines, and the
 * long-running ones stop when "stop" arrives on stdin, or when stdin closes (the demo is gone).
 *
 *   deno run -A examples/demo/node.ts <role> --option value ...     (not meant to be run by hand)
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { Dealer, Proxy, Publisher, Pull, Push, Reply, Router, Subscriber } from "../../mod.ts";

const runtime = "Bun" in globalThis ? "bun" : "deno";
const decoder = new TextDecoder();
const [role, ...rest] = process.argv.slice(2);
const { values: opt } = parseArgs({
  args: rest,
  options: Object.fromEntries(
    ["id", "tasks", "results", "control", "workers", "count", "max-ms", "sink", "frontend", "backend", "window"]
      .map((name) => [name, { type: "string" as const }]),
  ),
});

/** Writes one JSON line; resolves once it is out (so an exit right after loses nothing). */
function emit(event: Record<string, unknown>): Promise<void> {
  return new Promise((resolve) => process.stdout.write(JSON.stringify(event) + "\n", () => resolve()));
}

/** Resolves when "stop" arrives on stdin; exits the process if stdin closes first. */
let stopping: Promise<void> | null = null;
function stopRequested(): Promise<void> {
  return stopping ??= new Promise((resolve) => {
    let buffer = "";
    process.stdin.on("data", (chunk: Uint8Array) => {
      buffer += decoder.decode(chunk);
      if (buffer.includes("stop\n")) resolve();
    });
    process.stdin.on("end", () => process.exit(3));
  });
}

async function sink(): Promise<void> {
  using results = new Pull();
  using control = new Publisher();
  const bound = { results: results.bind(opt.results!), control: control.bind(opt.control!) };
  const stop = stopRequested();
  await emit({ type: "listening", ...bound });
  const perWorker: Record<string, { runtime: string; tasks: number }> = {};
  let total = Infinity; // known once the ventilator's batch size arrives
  let done = 0;
  let started = 0;
  let lastReport = 0;
  // The batch size and the results come over different connections: a result may overtake it.
  while (done < total) {
    const [first, second] = (await results.receive()).map((f) => decoder.decode(f));
    started ||= performance.now();
    if (second === undefined) {
      total = Number(first);
      continue;
    }
    (perWorker[first] ??= { runtime: second, tasks: 0 }).tasks++;
    done++;
    const now = performance.now();
    if (now - lastReport > 50 || done === total) {
      lastReport = now;
      await emit({ type: "progress", done, total });
    }
  }
  const elapsedMs = performance.now() - started;
  await emit({ type: "summary", tasks: done, elapsedMs, perWorker });
  // Publish KILL until the demo saw every worker go (a worker whose subscription were late
  // would miss a single KILL).
  const kill = setInterval(() => control.trySend("KILL"), 50);
  control.trySend("KILL");
  await stop;
  clearInterval(kill);
}

async function ventilator(): Promise<void> {
  const workers = Number(opt.workers);
  const count = Number(opt.count);
  const maxMs = Number(opt["max-ms"]);
  using tasks = new Push();
  using sink = new Push();
  const events = tasks.events; // watched before bind(), so no connection is missed
  const bound = { tasks: tasks.bind(opt.tasks!) };
  sink.connect(opt.sink!);
  await emit({ type: "listening", ...bound });
  // Tasks go round-robin to the workers connected when they are sent: wait for all of them.
  const timeout = setTimeout(() => process.exit(4), 30_000); // the workers should come within 30 s
  let connected = 0;
  for await (const event of events) {
    if (event.type === "handshake-succeeded" && ++connected === workers) break;
  }
  clearTimeout(timeout);
  await emit({ type: "workers-ready", workers });
  await sink.send(String(count));
  let totalMs = 0;
  for (let i = 0; i < count; i++) {
    const ms = 1 + Math.floor(Math.random() * maxMs);
    totalMs += ms;
    await tasks.send(String(ms));
  }
  await emit({ type: "sent", count, totalMs });
  // Returning closes the sockets; the process stays until the tasks are delivered (linger).
}

async function worker(): Promise<void> {
  const id = opt.id!;
  using tasks = new Pull();
  tasks.connect(opt.tasks!);
  using results = new Push();
  results.connect(opt.results!);
  // linger 0: the sink keeps publishing KILL while we close, and libzmq would hold a closing
  // socket that still receives for its whole linger (5 s) at exit. A Subscriber has nothing of
  // ours to deliver anyway.
  using control = new Subscriber({ linger: 0 });
  control.connect(opt.control!);
  control.subscribe("KILL");
  const killed = control.receive().then(() => tasks.close(), () => {});
  let done = 0;
  for await (const [task] of tasks) {
    await new Promise((resolve) => setTimeout(resolve, Number(decoder.decode(task))));
    await results.send([id, runtime]);
    done++;
  }
  await killed;
  await emit({ type: "done", id, runtime, tasks: done });
}

async function broker(): Promise<void> {
  using frontend = new Router();
  using backend = new Dealer();
  const bound = { frontend: frontend.bind(opt.frontend!), backend: backend.bind(opt.backend!) };
  const proxy = new Proxy(frontend, backend);
  const running = proxy.run();
  const stop = stopRequested();
  await emit({ type: "listening", ...bound });
  await stop;
  const statistics = await proxy.statistics();
  await proxy.terminate();
  await running;
  await emit({ type: "statistics", statistics });
}

async function replyWorker(): Promise<void> {
  const id = opt.id!;
  using responder = new Reply();
  responder.connect(opt.backend!);
  stopRequested().then(() => responder.close());
  let answered = 0;
  for await (const [request] of responder) {
    await responder.send([request, id, runtime]);
    answered++;
  }
  await emit({ type: "done", id, runtime, answered });
}

async function client(): Promise<void> {
  const id = opt.id!;
  const count = Number(opt.count);
  const window = Number(opt.window ?? 50);
  using dealer = new Dealer();
  dealer.connect(opt.frontend!);
  // A Dealer may have many requests in flight; each starts with an empty delimiter frame, as a
  // Request socket would send, so the Reply workers behind the broker accept it.
  const outstanding = new Set<number>();
  const perWorker: Record<string, { runtime: string; replies: number }> = {};
  let sent = 0;
  let received = 0;
  let lastReport = 0;
  const started = performance.now();
  const fill = async (): Promise<void> => {
    while (sent < count && outstanding.size < window) {
      outstanding.add(sent);
      await dealer.send(["", `${id}:${sent++}`]);
    }
  };
  await fill();
  while (received < count) {
    let reply: string[];
    try {
      reply = (await dealer.receive({ timeout: 10_000 })).map((f) => decoder.decode(f));
    } catch {
      break; // nothing for 10 s: the rest is lost; reported below
    }
    const [, request, worker, workerRuntime] = reply;
    const seq = Number(request.slice(id.length + 1));
    if (!request.startsWith(`${id}:`) || !outstanding.delete(seq)) continue; // not ours or a duplicate
    received++;
    (perWorker[worker] ??= { runtime: workerRuntime, replies: 0 }).replies++;
    const now = performance.now();
    if (now - lastReport > 50) {
      lastReport = now;
      await emit({ type: "progress", received, total: count });
    }
    await fill();
  }
  const elapsedMs = performance.now() - started;
  await emit({ type: "done", id, runtime, sent, received, lost: count - received, elapsedMs, perWorker });
}

const roles: Record<string, () => Promise<void>> = {
  sink,
  ventilator,
  worker,
  broker,
  "reply-worker": replyWorker,
  client,
};
if (!roles[role]) {
  console.error(`unknown role "${role}"; one of ${Object.keys(roles).join(", ")}`);
  process.exit(2);
}
// Everyone but the ventilator (which must be free to end by itself once its tasks are out)
// watches stdin, so an orphan exits when the demo is gone.
if (role !== "ventilator") void stopRequested();
try {
  await roles[role]();
} catch (e) {
  await emit({ type: "error", role, message: String(e) });
  process.exit(1);
}
// Roles that read stdin would stay alive for it: end them explicitly, after their sockets closed
// (their messages are delivered by then: the demo waited for the answers).
if (role !== "ventilator") process.exit(0);
