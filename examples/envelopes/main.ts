/**
 * Multipart envelopes, self-contained:
 *  1. the pub/sub envelope: a key frame separate from the data; the subscriber to "B" gets
 *     only B messages, each with both frames;
 *  2. a Router/Dealer envelope: the Router adds the sender's identity as the first frame and
 *     routes a reply by it; the body frames, binary included, arrive byte for byte.
 *
 *   deno run -A examples/envelopes/main.ts
 *   bun examples/envelopes/main.ts
 */
import { Dealer, Router } from "../../mod.ts";
import { envelopePublisher } from "./psenvpub.ts";
import { envelopeSubscriber } from "./psenvsub.ts";

{
  const stop = new AbortController();
  const publisher = envelopePublisher("tcp://127.0.0.1:*", stop.signal);
  const got = await envelopeSubscriber(publisher.endpoint, 5);
  stop.abort();
  await publisher.done;
  if (got.some(([key, data]) => key !== "B" || !data.startsWith("We would like"))) throw new Error("wrong envelope");
  console.log("envelopes: the subscriber to B got 5 two-frame messages, all B, no A");
}

{
  using router = new Router();
  const endpoint = router.bind("tcp://127.0.0.1:*");
  using dealer = new Dealer({ routingId: "client-7" });
  dealer.connect(endpoint);
  const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
  await dealer.send(["order", binary]);

  const [identity, kind, body] = await router.receive();
  const decoder = new TextDecoder();
  console.log(
    `envelopes: the Router got [${decoder.decode(identity)}] [${decoder.decode(kind)}] [${body.length} bytes]`,
  );
  await router.send([identity, "receipt", body]); // the first frame says where the reply goes

  const [reply, echoed] = await dealer.receive();
  const intact = echoed.length === 256 && echoed.every((b, i) => b === i);
  console.log(
    `envelopes: the Dealer got [${decoder.decode(reply)}] and its ${echoed.length} bytes back intact: ${intact}`,
  );
  if (decoder.decode(identity) !== "client-7" || !intact) throw new Error("wrong router envelope");
}
