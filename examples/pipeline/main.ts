/**
 * The parallel pipeline, self-contained: a sink, a ventilator and three workers in one process
 * (tcp for tasks, ipc for results and the kill signal), one batch, then the kill.
 *
 *   deno run -A examples/pipeline/main.ts [--tasks 100] [--max-ms 100] [--workers 3]
 *   bun examples/pipeline/main.ts
 *
 * Tasks and workload also come from PIPELINE_TASKS and PIPELINE_MAX_MS.
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { sink } from "./sink.ts";
import { ventilator } from "./ventilator.ts";
import { worker } from "./worker.ts";

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: process.env.PIPELINE_TASKS ?? "100" },
    "max-ms": { type: "string", default: process.env.PIPELINE_MAX_MS ?? "100" },
    workers: { type: "string", default: "3" },
  },
});
const count = Number(values.tasks);
const workers = Number(values.workers);

const collector = sink(`ipc:///tmp/zmq-example-results-${process.pid}`, `ipc:///tmp/zmq-example-kill-${process.pid}`);
const vent = ventilator({
  tasks: "tcp://127.0.0.1:*",
  sink: collector.results,
  workers,
  count,
  maxMs: Number(values["max-ms"]),
});
const running = Array.from({ length: workers }, (_, i) =>
  worker({
    id: `worker-${i + 1}`,
    tasks: vent.tasks,
    results: collector.results,
    control: collector.control,
  }));

const [expectedMs, report, done] = await Promise.all([vent.done, collector.done, Promise.all(running)]);
for (const [id, n] of [...report.perWorker].sort()) console.log(`pipeline: ${id} did ${n} tasks`);
const sum = done.reduce((a, b) => a + b, 0);
console.log(
  `pipeline: ${report.tasks} tasks (${expectedMs} ms of work) in ${report.elapsedMs} ms with ${workers} workers`,
);
if (report.tasks !== count || sum !== count) throw new Error(`lost tasks: sink ${report.tasks}, workers ${sum}`);
console.log(`pipeline: all ${count} tasks done, workers killed`);
