/**
 * Pub/sub envelopes, the publisher: each message is two frames, a key ("A" or "B") and the
 * data. Subscribers filter on the key frame only, so the data can hold anything, binary
 * included, without ever matching a subscription by accident.
 *
 *   deno run -A examples/envelopes/psenvpub.ts           binds tcp://*:5563
 *   bun examples/envelopes/psenvsub.ts
 */
import { parseArgs } from "node:util";
import { Publisher } from "../../mod.ts";

/** Binds and publishes A and B messages until `signal` aborts; returns the endpoint and `done`. */
export function envelopePublisher(endpoint: string, signal?: AbortSignal): { endpoint: string; done: Promise<void> } {
  const pub = new Publisher();
  return { endpoint: pub.bind(endpoint), done: run(pub, signal) };
}

async function run(socket: Publisher, signal?: AbortSignal): Promise<void> {
  using publisher = socket;
  let seq = 0;
  while (!signal?.aborted) {
    // A multipart message is atomic: a subscriber gets both frames or neither.
    await publisher.send(["A", "We don't want to see this"]);
    await publisher.send(["B", `We would like to see this (${seq++})`]);
    await new Promise((resolve) => setTimeout(resolve, signal ? 2 : 1000));
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { bind: { type: "string", default: "tcp://*:5563" } } });
  const { endpoint, done } = envelopePublisher(values.bind!);
  console.log(`psenvpub: publishing on ${endpoint} (Ctrl-C to stop)`);
  await done;
}
