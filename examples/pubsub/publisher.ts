/**
 * Weather update publisher: publishes "<zip> <temperature> <humidity> <station>" for a few zip
 * codes, forever. A Publisher never waits for subscribers: with none connected, updates are
 * dropped (and a subscriber that joins late misses what came before: the slow joiner).
 *
 *   deno run -A examples/pubsub/publisher.ts                       binds tcp://*:5556
 *   bun examples/pubsub/publisher.ts --bind tcp://*:5566 --station north
 */
import { parseArgs } from "node:util";
import { Publisher } from "../../mod.ts";

export const ZIP_CODES = ["10001", "60601", "94103", "73301", "02108"];

/**
 * Binds a Publisher and publishes updates until `signal` aborts. Returns the bound endpoint and
 * a promise that resolves with the number of updates sent.
 */
export function publisher(
  endpoint: string,
  station: string,
  signal?: AbortSignal,
): { endpoint: string; done: Promise<number> } {
  const pub = new Publisher();
  return { endpoint: pub.bind(endpoint), done: publish(pub, station, signal) };
}

async function publish(socket: Publisher, station: string, signal?: AbortSignal): Promise<number> {
  using pub = socket;
  let sent = 0;
  while (!signal?.aborted) {
    // A burst of updates, then a millisecond's pause: a weather station, not a benchmark.
    for (let i = 0; i < 10; i++) {
      const zip = ZIP_CODES[Math.floor(Math.random() * ZIP_CODES.length)];
      const temperature = Math.round(Math.random() * 60 - 20);
      const humidity = Math.round(Math.random() * 50 + 10);
      await pub.send(`${zip} ${temperature} ${humidity} ${station}`);
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return sent;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { bind: { type: "string", default: "tcp://*:5556" }, station: { type: "string", default: "central" } },
  });
  const { endpoint, done } = publisher(values.bind!, values.station!);
  console.log(`publishing weather updates on ${endpoint} (Ctrl-C to stop)`);
  await done;
}
