/**
 * Pipeline sink: collects the results of a batch, reports the elapsed time and who did what,
 * then publishes "KILL" so the workers stop.
 *
 *   deno run -A examples/pipeline/sink.ts         binds tcp://*:5558 (results) and tcp://*:5559 (kill)
 *   bun examples/pipeline/sink.ts
 */
import { Publisher, Pull } from "../../mod.ts";

export interface SinkReport {
  tasks: number;
  elapsedMs: number;
  perWorker: Map<string, number>;
}

/** Binds results and control (returned bound); `done` resolves after one batch and the kill. */
export function sink(
  results: string,
  control: string,
): { results: string; control: string; done: Promise<SinkReport> } {
  const receiver = new Pull();
  const controller = new Publisher();
  try {
    return { results: receiver.bind(results), control: controller.bind(control), done: run(receiver, controller) };
  } catch (e) {
    receiver.close();
    controller.close();
    throw e;
  }
}

async function run(receiverSocket: Pull, controllerSocket: Publisher): Promise<SinkReport> {
  using receiver = receiverSocket;
  using controller = controllerSocket;
  const decoder = new TextDecoder();
  const perWorker = new Map<string, number>();
  let count = Infinity; // known once the ventilator's "batch of N" arrives
  let done = 0;
  let started = 0;
  // The batch size and the results come over different connections, so a first result may
  // overtake the batch size: one frame is the batch size, two frames are a result.
  while (done < count) {
    const [first, second] = await receiver.receive();
    started ||= performance.now();
    if (second === undefined) {
      count = Number(decoder.decode(first));
      continue;
    }
    const id = decoder.decode(first);
    perWorker.set(id, (perWorker.get(id) ?? 0) + 1);
    if (++done % 10 === 0) console.log(`sink: ${done} results`);
  }
  const elapsedMs = Math.round(performance.now() - started);
  console.log(`sink: total elapsed time ${elapsedMs} ms`);
  await controller.send("KILL");
  return { tasks: done, elapsedMs, perWorker };
}

if (import.meta.main) {
  const report = await sink("tcp://*:5558", "tcp://*:5559").done;
  for (const [id, n] of report.perWorker) console.log(`sink: worker ${id} did ${n} tasks`);
}
