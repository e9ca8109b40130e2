/**
 * Start in any order, the client: connects to a server that may not exist yet, sends one
 * message, closes the socket, and ends. The message waits in the socket; with the default
 * linger (5000 ms) the process stays until it is delivered (or the linger runs out), so a
 * server started within that time still gets it. With `--linger 0` it is dropped at close.
 *
 *   deno run -A examples/any-order/client.ts                  then, within 5 s:
 *   bun examples/any-order/server.ts
 *   deno run -A examples/any-order/client.ts --linger 0       the server gets nothing
 */
import { parseArgs } from "node:util";
import { DEFAULT_LINGER, Push } from "../../mod.ts";

const { values } = parseArgs({
  options: {
    endpoint: { type: "string", default: "tcp://localhost:5565" },
    message: { type: "string", default: "sent before the server existed" },
    linger: { type: "string", default: String(DEFAULT_LINGER) },
  },
});

{
  using push = new Push({ linger: Number(values.linger) });
  push.connect(values.endpoint!);
  await push.send(values.message!); // accepted at once: queued for the connection to come
}
console.log(`client: sent "${values.message}" and closed the socket (linger ${values.linger} ms)`);
