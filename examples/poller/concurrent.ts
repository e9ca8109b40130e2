/**
 * The same reader as mspoller.ts without a poller: one async loop per socket. Each receive()
 * waits on the event loop, so the two loops interleave by themselves; this is usually the
 * simplest way in JS. A Poller is for when one loop must decide what to do next knowing which
 * sockets are ready (a broker, for example: see examples/broker/rrbroker.ts).
 *
 *   deno run -A examples/poller/concurrent.ts
 *   bun examples/poller/concurrent.ts
 */
import { parseArgs } from "node:util";
import { Pull, Subscriber } from "../../mod.ts";
import type { Counts } from "./mspoller.ts";

/** Reads both until `until(counts)` is true; returns how many of each it got. */
export async function concurrentReader(
  tasksEndpoint: string,
  weatherEndpoint: string,
  until: (counts: Counts) => boolean = () => false,
): Promise<Counts> {
  using receiver = new Pull();
  receiver.connect(tasksEndpoint);
  using subscriber = new Subscriber();
  subscriber.connect(weatherEndpoint);
  subscriber.subscribe("10001 ");

  const counts: Counts = { tasks: 0, updates: 0 };
  const stop = (): void => {
    // Closing a socket ends its for-await loop quietly.
    if (until(counts)) {
      receiver.close();
      subscriber.close();
    }
  };
  await Promise.all([
    (async () => {
      for await (const _task of receiver) {
        counts.tasks++; // process a task
        stop();
      }
    })(),
    (async () => {
      for await (const _update of subscriber) {
        counts.updates++; // process a weather update
        stop();
      }
    })(),
  ]);
  return counts;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { host: { type: "string", default: "localhost" } } });
  const counts = await concurrentReader(`tcp://${values.host}:5557`, `tcp://${values.host}:5556`, (c) => {
    if ((c.tasks + c.updates) % 10 === 0) console.log(`concurrent: ${c.tasks} tasks, ${c.updates} updates`);
    return false;
  });
  console.log(counts);
}
