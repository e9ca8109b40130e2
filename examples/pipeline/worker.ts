/**
 * Pipeline worker: pulls tasks from the ventilator, "works" for the task's number of ms, pushes
 * a result to the sink, and stops when the sink publishes "KILL". Start as many as you like,
 * on Deno or Bun, at any time.
 *
 *   deno run -A examples/pipeline/worker.ts
 *   bun examples/pipeline/worker.ts --id bun-1
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { Pull, Push, Subscriber } from "../../mod.ts";

export interface WorkerOptions {
  id: string;
  tasks: string;
  results: string;
  control: string;
  /** Print a line per task. */
  verbose?: boolean;
}

/** Runs a worker until KILL; resolves with the number of tasks it did. */
export async function worker(options: WorkerOptions): Promise<number> {
  using receiver = new Pull();
  receiver.connect(options.tasks);
  using sender = new Push();
  sender.connect(options.results);
  using control = new Subscriber();
  control.connect(options.control);
  control.subscribe("KILL");

  // The kill signal closes the task socket, which ends the for-await loop below quietly.
  const killed = control.receive().then(() => receiver.close(), () => {});
  let done = 0;
  for await (const [task] of receiver) {
    const ms = Number(new TextDecoder().decode(task));
    await new Promise((resolve) => setTimeout(resolve, ms)); // the "work"
    await sender.send([options.id, String(ms)]);
    done++;
    if (options.verbose) console.log(`worker ${options.id}: task of ${ms} ms done`);
  }
  control.close();
  await killed;
  return done;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { id: { type: "string" }, host: { type: "string", default: "localhost" } },
  });
  const runtime = "Bun" in globalThis ? "bun" : "deno";
  const id = values.id ?? `${runtime}-${process.pid}`;
  const host = values.host;
  const done = await worker({
    id,
    tasks: `tcp://${host}:5557`,
    results: `tcp://${host}:5558`,
    control: `tcp://${host}:5559`,
    verbose: true,
  });
  console.log(`worker ${id}: killed after ${done} tasks`);
}
