/**
 * Hello world, self-contained: the server and the client of this folder in one process, first
 * with the server binding, then the other way round (client binds, server connects).
 *
 *   deno run -A examples/hello/main.ts
 *   bun examples/hello/main.ts
 */
import process from "node:process";
import { client } from "./client.ts";
import { server } from "./server.ts";

const count = 3;

// The server binds port *, and the client connects to the port it got.
{
  const serving = server("tcp://127.0.0.1:*", { count });
  check(await client(serving.endpoint, { count }));
  await serving.done;
  console.log("hello: server bound, client connected: ok");
}

// The client binds, the server connects (the seed's "server connects, client binds" variant):
// here the server even connects first, to an ipc endpoint nobody has bound yet.
{
  const endpoint = `ipc:///tmp/zmq-example-hello-${process.pid}`;
  const serving = server(endpoint, { connect: true, count });
  check(await client(endpoint, { bind: true, count }));
  await serving.done;
  console.log("hello: client bound, server connected: ok");
}

function check(replies: string[]): void {
  if (replies.length !== count || replies.some((r) => r !== "World")) {
    throw new Error(`unexpected replies: ${replies.join(", ")}`);
  }
}
