/**
 * Hello world client: a Request socket that sends "Hello" ten times and waits for each "World".
 *
 *   deno run -A examples/hello/client.ts                 connects to tcp://localhost:5555
 *   bun examples/hello/client.ts
 *   deno run -A examples/hello/client.ts --bind          binds tcp://*:5555 (run the server with --connect)
 *
 * The client may start before the server: requests wait in the socket until it is there.
 */
import { parseArgs } from "node:util";
import { Request } from "../../mod.ts";

/** Sends `count` requests and returns the replies. With `bind`, binds `endpoint` instead of connecting. */
export async function client(endpoint: string, options: { bind?: boolean; count?: number } = {}): Promise<string[]> {
  using requester = new Request();
  if (options.bind) requester.bind(endpoint);
  else requester.connect(endpoint);
  const replies: string[] = [];
  for (let i = 0; i < (options.count ?? 10); i++) {
    await requester.send("Hello");
    const [reply] = await requester.receive();
    replies.push(new TextDecoder().decode(reply));
    console.log(`client: received ${replies.at(-1)} ${i}`);
  }
  return replies;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { bind: { type: "boolean", default: false }, endpoint: { type: "string" } },
  });
  const endpoint = values.endpoint ?? (values.bind ? "tcp://*:5555" : "tcp://localhost:5555");
  await client(endpoint, { bind: values.bind });
}
