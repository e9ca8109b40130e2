/**
 * Publish/subscribe, self-contained, in one process:
 *  1. two weather publishers (tcp and ipc) and one subscriber connected to both, filtering one
 *     zip code: every update it gets has that prefix, and both stations are heard;
 *  2. the synchronised publisher with three subscribers: each receives every update.
 *
 *   deno run -A examples/pubsub/main.ts [updates]
 *   bun examples/pubsub/main.ts [updates]
 */
import process from "node:process";
import { publisher } from "./publisher.ts";
import { subscriber } from "./subscriber.ts";
import { syncPublisher } from "./syncpub.ts";
import { syncSubscriber } from "./syncsub.ts";

const updates = Number(process.argv[2] ?? 10_000);

{
  const stop = new AbortController();
  const north = publisher("tcp://127.0.0.1:*", "north", stop.signal);
  const south = publisher(`ipc:///tmp/zmq-example-weather-${process.pid}`, "south", stop.signal);
  const report = await subscriber([north.endpoint, south.endpoint], "10001", 40, 2);
  stop.abort();
  const [sentNorth, sentSouth] = await Promise.all([north.done, south.done]);
  if (report.updates.some((u) => !u.startsWith("10001 "))) throw new Error("the prefix filter let through another zip");
  console.log(
    `pubsub: ${report.updates.length} updates for zip 10001, all with that prefix (publishers sent ${
      sentNorth + sentSouth
    } in all)`,
  );
  console.log(`pubsub: heard stations ${[...report.stations].sort().join(" and ")}`);
  console.log(`pubsub: average temperature ${report.averageTemperature.toFixed(1)} C`);
}

{
  const subscribers = 3;
  const pub = syncPublisher("tcp://127.0.0.1:*", "tcp://127.0.0.1:*", subscribers, updates);
  const counts = await Promise.all(
    Array.from({ length: subscribers }, () => syncSubscriber(pub.pubEndpoint, pub.syncEndpoint)),
  );
  await pub.done;
  for (const [i, count] of counts.entries()) {
    console.log(`pubsub: synchronised subscriber ${i + 1} received ${count} of ${updates} updates`);
  }
  if (counts.some((c) => c !== updates)) throw new Error("a synchronised subscriber missed updates");
  console.log("pubsub: no subscriber missed anything");
}
