/**
 * Across runtimes, the client: sends requests to a server written in anything that speaks
 * ZeroMQ (server.ts under the other runtime, or server.py with pyzmq) and prints the replies.
 *
 *   bun examples/interop/client.ts                      connects to tcp://localhost:5575
 *   deno run -A examples/interop/client.ts --connect tcp://localhost:5575 --count 3
 */
import { parseArgs } from "node:util";
import { Request } from "../../mod.ts";

const { values } = parseArgs({
  options: { connect: { type: "string", default: "tcp://localhost:5575" }, count: { type: "string", default: "3" } },
});
const runtime = "Bun" in globalThis ? "bun" : "deno";
const decoder = new TextDecoder();

using requester = new Request();
requester.connect(values.connect!);
for (let i = 0; i < Number(values.count); i++) {
  await requester.send(`hello ${i} from ${runtime}`);
  const [reply, echoed] = await requester.receive({ timeout: 10_000 });
  console.log(`client (${runtime}): "${decoder.decode(reply)}" to "${decoder.decode(echoed)}"`);
}
