/**
 * Across runtimes, the server: a Reply socket that answers each request with the runtime it
 * runs on. Run it under Deno and the client under Bun, or the other way round: the wire
 * protocol (ZMTP) is the same for every ZeroMQ program, whatever its language.
 *
 *   deno run -A examples/interop/server.ts              binds tcp://*:5575, prints the endpoint
 *   bun examples/interop/client.ts                      (or: /usr/bin/python3 examples/interop/client.py)
 */
import { parseArgs } from "node:util";
import { Reply } from "../../mod.ts";

const { values } = parseArgs({
  options: { bind: { type: "string", default: "tcp://*:5575" }, count: { type: "string" } },
});
const runtime = "Bun" in globalThis ? "bun" : "deno";
const count = Number(values.count ?? Infinity);

using responder = new Reply();
console.log(responder.bind(values.bind!));
let answered = 0;
for await (const [request] of responder) {
  await responder.send([`world from ${runtime}`, request]);
  if (++answered === count) break;
}
console.log(`server (${runtime}): answered ${answered} requests`);
