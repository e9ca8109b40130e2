/**
 * Synchronised publisher: waits until a known number of subscribers are really subscribed,
 * then publishes a batch that none of them misses.
 *
 * The slow joiner: a subscriber's connection and subscription take a moment to reach the
 * publisher, and whatever is published before that is dropped for it. Connecting first and
 * then asking over REQ/REP is not quite enough either (the subscription travels on another
 * connection). So the handshake here is: the publisher sends "hello" probes on its PUB socket
 * while it waits; a subscriber that receives one knows its subscription is in place and only
 * then says "ready" over REQ/REP. Once every subscriber said so, the data goes out.
 *
 *   deno run -A examples/pubsub/syncpub.ts --subscribers 3       binds tcp://*:5561 and tcp://*:5562
 *   bun examples/pubsub/syncsub.ts        (three times, in other terminals)
 */
import { parseArgs } from "node:util";
import { Publisher, Reply } from "../../mod.ts";

/**
 * Binds the PUB and sync endpoints; `done` resolves once `subscribers` synced and `updates`
 * updates plus "END" were published.
 */
export function syncPublisher(
  pubEndpoint: string,
  syncEndpoint: string,
  subscribers: number,
  updates: number,
): { pubEndpoint: string; syncEndpoint: string; done: Promise<void> } {
  // No send high-water mark: the batch is queued whole even for a subscriber that reads slowly
  // (see examples/hwm for what a PUB drops otherwise).
  const pub = new Publisher({ sendHighWaterMark: 0 });
  const sync = new Reply();
  return {
    pubEndpoint: pub.bind(pubEndpoint),
    syncEndpoint: sync.bind(syncEndpoint),
    done: run(pub, sync, subscribers, updates),
  };
}

async function run(pubSocket: Publisher, syncSocket: Reply, subscribers: number, updates: number): Promise<void> {
  using pub = pubSocket;
  using sync = syncSocket;
  const probe = setInterval(() => pub.trySend("hello"), 10);
  try {
    for (let ready = 0; ready < subscribers;) {
      await sync.receive();
      await sync.send("go");
      console.log(`syncpub: subscriber ${++ready} of ${subscribers} is ready`);
    }
  } finally {
    clearInterval(probe);
  }
  for (let i = 0; i < updates; i++) await pub.send(`update ${i}`);
  await pub.send("END");
  console.log(`syncpub: published ${updates} updates`);
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      subscribers: { type: "string", default: "3" },
      updates: { type: "string", default: "100000" },
    },
  });
  await syncPublisher("tcp://*:5561", "tcp://*:5562", Number(values.subscribers), Number(values.updates)).done;
}
