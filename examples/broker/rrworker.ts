/**
 * Request/reply worker for the broker: a Reply socket connected to the broker's backend
 * answers each request. Start as many as you like, before or after the broker.
 *
 *   deno run -A examples/broker/rrworker.ts            connects to tcp://localhost:5560
 *   bun examples/broker/rrworker.ts --name bun-worker
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { Reply } from "../../mod.ts";

/** Answers requests until `signal` aborts; resolves with how many it answered. */
export async function worker(endpoint: string, name: string, signal?: AbortSignal): Promise<number> {
  using responder = new Reply();
  responder.connect(endpoint);
  // Closing the socket ends the for-await loop below quietly.
  signal?.addEventListener("abort", () => responder.close(), { once: true });
  let answered = 0;
  for await (const [request] of responder) {
    const text = new TextDecoder().decode(request);
    await responder.send(`World (${text}) from ${name}`);
    answered++;
  }
  return answered;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { name: { type: "string" }, connect: { type: "string" } } });
  const name = values.name ?? `worker-${process.pid}`;
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  const answered = await worker(values.connect ?? "tcp://localhost:5560", name, stop.signal);
  console.log(`rrworker ${name}: answered ${answered} requests`);
}
