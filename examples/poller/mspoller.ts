/**
 * Reading from several sockets with a Poller: tasks from the pipeline's ventilator (Pull) and
 * weather updates (Subscriber), handled as they come, in one loop.
 *
 * The seed's first version of this program (msreader) loops over the sockets with DONTWAIT and
 * sleeps a millisecond when both are empty: it burns CPU and adds latency. A Poller instead
 * waits, without blocking the event loop and without spinning, until at least one socket has
 * a message. (In JS you may not need a poller at all: see concurrent.ts.)
 *
 *   deno run -A examples/pipeline/ventilator.ts & deno run -A examples/pubsub/publisher.ts &
 *   deno run -A examples/poller/mspoller.ts
 *   bun examples/poller/mspoller.ts
 */
import { parseArgs } from "node:util";
import { Poller, Pull, Subscriber } from "../../mod.ts";

export interface Counts {
  tasks: number;
  updates: number;
}

/** Reads both until `until(counts)` is true; returns how many of each it got. */
export async function mspoller(
  tasksEndpoint: string,
  weatherEndpoint: string,
  until: (counts: Counts) => boolean = () => false,
): Promise<Counts> {
  using receiver = new Pull();
  receiver.connect(tasksEndpoint);
  using subscriber = new Subscriber();
  subscriber.connect(weatherEndpoint);
  subscriber.subscribe("10001 ");

  const poller = new Poller<Pull | Subscriber>();
  poller.add(receiver, "readable");
  poller.add(subscriber, "readable");

  const counts: Counts = { tasks: 0, updates: 0 };
  while (!until(counts)) {
    for (const { socket } of await poller.poll()) {
      // Readable means a receive would not wait: take everything that is there.
      for (let frames = socket.tryReceive(); frames !== null; frames = socket.tryReceive()) {
        if (socket === receiver) counts.tasks++; // process a task
        else counts.updates++; // process a weather update
      }
    }
  }
  return counts;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { host: { type: "string", default: "localhost" } } });
  const counts = await mspoller(`tcp://${values.host}:5557`, `tcp://${values.host}:5556`, (c) => {
    if ((c.tasks + c.updates) % 10 === 0) console.log(`mspoller: ${c.tasks} tasks, ${c.updates} updates`);
    return false;
  });
  console.log(counts);
}
