/**
 * Hello world server: a Reply socket that answers each "Hello" with "World".
 *
 *   deno run -A examples/hello/server.ts                 binds tcp://*:5555 (start the client too)
 *   bun examples/hello/server.ts
 *   deno run -A examples/hello/server.ts --connect       connects instead (run the client with --bind)
 *
 * Either side may bind: the endpoint that stays put binds, the other connects. Stop with Ctrl-C.
 */
import { parseArgs } from "node:util";
import { Reply } from "../../mod.ts";

/**
 * Starts a Reply socket bound to (or connected to) `endpoint` that answers `count` requests
 * (default: forever). Returns the bound endpoint ("tcp://127.0.0.1:*" comes back with its port)
 * and a promise that settles when it is done.
 */
export function server(
  endpoint: string,
  options: { connect?: boolean; count?: number } = {},
): { endpoint: string; done: Promise<void> } {
  const responder = new Reply();
  if (options.connect) responder.connect(endpoint);
  else endpoint = responder.bind(endpoint);
  return { endpoint, done: serve(responder, options.count ?? Infinity) };
}

async function serve(socket: Reply, count: number): Promise<void> {
  using responder = socket; // closed when this function returns
  let served = 0;
  for await (const [request] of responder) {
    console.log(`server: received ${new TextDecoder().decode(request)}`);
    await doSomeWork();
    await responder.send("World");
    if (++served === count) break;
  }
}

/** Stands in for real work: in JS a wait is a promise, never a blocking sleep. */
function doSomeWork(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10));
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { connect: { type: "boolean", default: false }, endpoint: { type: "string" } },
  });
  const endpoint = values.endpoint ?? (values.connect ? "tcp://localhost:5555" : "tcp://*:5555");
  await server(endpoint, { connect: values.connect }).done;
}
