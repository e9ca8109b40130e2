/**
 * Task ventilator: binds a Push socket and sends a batch of tasks (each a workload in ms) to
 * the workers, round-robin. It first tells the sink how many tasks the batch has.
 *
 * A Push only hands tasks to workers already connected: sent before the others connect, the
 * whole batch lands on the first one. So with `--workers N` the ventilator watches its socket's
 * monitor events until N workers have connected (without it: Enter on a terminal, as in the
 * seed). A worker started later joins the round-robin for the tasks sent after it connected.
 *
 *   deno run -A examples/pipeline/sink.ts
 *   deno run -A examples/pipeline/worker.ts        (in several terminals, Deno or Bun)
 *   bun examples/pipeline/ventilator.ts --workers 2 --tasks 100
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { Push } from "../../mod.ts";

export interface VentilatorOptions {
  /** Where workers connect for tasks (bound). */
  tasks: string;
  /** The sink's results endpoint (connected: the batch size goes there first). */
  sink: string;
  /** Wait for this many workers; 0: wait for Enter on a terminal, else start at once. */
  workers: number;
  count: number;
  maxMs: number;
}

/** Binds the task endpoint (returned bound) and sends one batch (`done` resolves after, with its total ms). */
export function ventilator(options: VentilatorOptions): { tasks: string; done: Promise<number> } {
  const sender = new Push();
  try {
    // Watch the socket's events from the start, so no connection is missed.
    const events = options.workers > 0 ? sender.events : null;
    return { tasks: sender.bind(options.tasks), done: run(sender, events, options) };
  } catch (e) {
    sender.close();
    throw e;
  }
}

async function run(
  senderSocket: Push,
  events: AsyncIterable<{ type: string }> | null,
  options: VentilatorOptions,
): Promise<number> {
  using sender = senderSocket;
  using sink = new Push();
  sink.connect(options.sink);

  if (events !== null) {
    let connected = 0;
    for await (const event of events) {
      if (event.type !== "handshake-succeeded") continue;
      console.log(`ventilator: a worker connected (${++connected}/${options.workers})`);
      if (connected === options.workers) break;
    }
  } else if (process.stdin.isTTY) {
    console.log("Press Enter when the workers are ready");
    await new Promise((resolve) => process.stdin.once("data", resolve));
    process.stdin.pause();
  }

  console.log(`ventilator: sending ${options.count} tasks to workers`);
  await sink.send(String(options.count)); // the start of the batch
  let totalMs = 0;
  for (let i = 0; i < options.count; i++) {
    const workload = 1 + Math.floor(Math.random() * options.maxMs);
    totalMs += workload;
    await sender.send(String(workload));
  }
  console.log(`ventilator: total expected cost ${totalMs} ms`);
  return totalMs;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      workers: { type: "string", default: "0" },
      tasks: { type: "string", default: "100" },
      "max-ms": { type: "string", default: "100" },
    },
  });
  await ventilator({
    tasks: "tcp://*:5557",
    sink: "tcp://localhost:5558",
    workers: Number(values.workers),
    count: Number(values.tasks),
    maxMs: Number(values["max-ms"]),
  }).done;
}
