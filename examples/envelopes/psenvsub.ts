/**
 * Pub/sub envelopes, the subscriber: subscribes to the key "B" and prints key and data of each
 * message it gets; "A" messages never arrive.
 *
 *   deno run -A examples/envelopes/psenvsub.ts           connects to tcp://localhost:5563
 *   bun examples/envelopes/psenvsub.ts --count 5
 */
import { parseArgs } from "node:util";
import { Subscriber } from "../../mod.ts";

/** Receives `count` messages with key "B"; returns them as [key, data] pairs. */
export async function envelopeSubscriber(endpoint: string, count: number): Promise<[string, string][]> {
  using subscriber = new Subscriber();
  subscriber.connect(endpoint);
  subscriber.subscribe("B");
  const decoder = new TextDecoder();
  const got: [string, string][] = [];
  for await (const [key, data] of subscriber) {
    got.push([decoder.decode(key), decoder.decode(data)]);
    console.log(`[${got.at(-1)![0]}] ${got.at(-1)![1]}`);
    if (got.length === count) break;
  }
  return got;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { connect: { type: "string", default: "tcp://localhost:5563" }, count: { type: "string" } },
  });
  await envelopeSubscriber(values.connect!, Number(values.count ?? Infinity));
}
