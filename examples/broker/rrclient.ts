/**
 * Request/reply client for the broker: a Request socket connected to the broker's frontend
 * sends "Hello" and waits for each reply. It may start before the broker: requests wait.
 *
 *   deno run -A examples/broker/rrclient.ts            connects to tcp://localhost:5559
 *   bun examples/broker/rrclient.ts --requests 20
 */
import { parseArgs } from "node:util";
import { Request } from "../../mod.ts";

/** Sends `count` requests through the broker; returns the replies. */
export async function client(endpoint: string, name: string, count: number): Promise<string[]> {
  using requester = new Request();
  requester.connect(endpoint);
  const replies: string[] = [];
  for (let i = 0; i < count; i++) {
    await requester.send(`Hello ${i} from ${name}`);
    const [reply] = await requester.receive();
    replies.push(new TextDecoder().decode(reply));
  }
  return replies;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { requests: { type: "string", default: "10" }, connect: { type: "string" } },
  });
  const replies = await client(values.connect ?? "tcp://localhost:5559", "rrclient", Number(values.requests));
  for (const reply of replies) console.log(`rrclient: received ${reply}`);
}
