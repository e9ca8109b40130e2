/**
 * Synchronised subscriber: subscribes, waits for the publisher's first "hello" probe (proof
 * that the subscription reached it), says "ready" over REQ/REP, then counts updates until
 * "END". See syncpub.ts for the why.
 *
 *   deno run -A examples/pubsub/syncsub.ts         connects to tcp://localhost:5561 and :5562
 *   bun examples/pubsub/syncsub.ts
 */
import { parseArgs } from "node:util";
import { Request, Subscriber } from "../../mod.ts";

/** Returns the number of updates received before "END". */
export async function syncSubscriber(pubEndpoint: string, syncEndpoint: string): Promise<number> {
  using sub = new Subscriber();
  sub.connect(pubEndpoint);
  sub.subscribe(); // everything
  const decoder = new TextDecoder();
  // Wait for a probe: from now on, nothing the publisher sends is lost to us.
  while (decoder.decode((await sub.receive())[0]) !== "hello");
  {
    using sync = new Request();
    sync.connect(syncEndpoint);
    await sync.send("ready");
    await sync.receive();
  }
  let received = 0;
  for await (const [frame] of sub) {
    const text = decoder.decode(frame);
    if (text === "END") break;
    if (text !== "hello") received++; // late probes may still be on their way
  }
  return received;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { host: { type: "string", default: "localhost" } } });
  const count = await syncSubscriber(`tcp://${values.host}:5561`, `tcp://${values.host}:5562`);
  console.log(`syncsub: received ${count} updates`);
}
