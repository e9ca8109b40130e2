/**
 * Weather update subscriber: subscribes to one zip code (a prefix filter: "10001 " matches only
 * updates that start with it) on one or more publishers, collects some updates and prints the
 * average temperature. Connecting one Subscriber to several publishers merges their streams.
 *
 *   deno run -A examples/pubsub/subscriber.ts                                  tcp://localhost:5556, zip 10001
 *   bun examples/pubsub/subscriber.ts --zip 94103 --updates 50
 *   deno run -A examples/pubsub/subscriber.ts --connect tcp://localhost:5556 --connect tcp://localhost:5566
 */
import { parseArgs } from "node:util";
import { Subscriber } from "../../mod.ts";

export interface Report {
  updates: string[];
  averageTemperature: number;
  stations: Set<string>;
}

/**
 * Collects `count` updates for `zip` from every endpoint in `endpoints` (and goes on until it
 * heard from at least `stations` different stations).
 */
export async function subscriber(endpoints: string[], zip: string, count: number, stations = 1): Promise<Report> {
  using sub = new Subscriber();
  for (const endpoint of endpoints) sub.connect(endpoint);
  // The trailing space makes "10001 " not match a zip such as "100010".
  sub.subscribe(`${zip} `);
  const updates: string[] = [];
  const heard = new Set<string>();
  let total = 0;
  for await (const [frame] of sub) {
    const update = new TextDecoder().decode(frame);
    const [, temperature, , station] = update.split(" ");
    updates.push(update);
    heard.add(station);
    total += Number(temperature);
    if (updates.length >= count && heard.size >= stations) break;
  }
  return { updates, averageTemperature: total / updates.length, stations: heard };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      connect: { type: "string", multiple: true },
      zip: { type: "string", default: "10001" },
      updates: { type: "string", default: "20" },
    },
  });
  const endpoints = values.connect ?? ["tcp://localhost:5556"];
  console.log(`collecting updates for zip ${values.zip} from ${endpoints.join(", ")}`);
  const report = await subscriber(endpoints, values.zip!, Number(values.updates));
  console.log(
    `average temperature for zip ${values.zip}: ${report.averageTemperature.toFixed(1)} C ` +
      `(${report.updates.length} updates from ${[...report.stations].join(", ")})`,
  );
}
