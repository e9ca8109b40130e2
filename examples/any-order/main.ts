/**
 * Start in any order, self-contained: the client runs as a real process (under this runtime)
 * and sends before the server exists; then the server binds here.
 *  1. default linger: the client process stays alive after closing its socket, the server binds,
 *     the message arrives, and only then does the client process exit;
 *  2. linger 0: the client process exits at once and the message is gone.
 *
 *   deno run -A examples/any-order/main.ts
 *   bun examples/any-order/main.ts
 */
import process from "node:process";
import { spawn } from "node:child_process";
import { firstMessage } from "./server.ts";

/** Runs client.ts under this runtime; resolves once it printed its line, with its exit promise. */
async function startClient(endpoint: string, linger?: number): Promise<{ exited: Promise<number | null> }> {
  const script = new URL("./client.ts", import.meta.url).pathname;
  const args = ["--endpoint", endpoint, "--message", "hello from a client that came first"];
  if (linger !== undefined) args.push("--linger", String(linger));
  const argv = "Bun" in globalThis ? [script, ...args] : ["run", "-A", script, ...args];
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Uint8Array) => {
      process.stdout.write(chunk);
      resolve();
    });
    exited.then((code) => reject(new Error(`the client exited (${code}) before it sent`)));
  });
  return { exited };
}

/** True if the process exits within `ms` milliseconds. */
function exitsWithin(exited: Promise<number | null>, ms: number): Promise<boolean> {
  return Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))]);
}

{
  const endpoint = `ipc:///tmp/zmq-example-any-order-${process.pid}-1`;
  const client = await startClient(endpoint);
  if (await exitsWithin(client.exited, 500)) {
    throw new Error("the client process should wait for its message to go out");
  }
  console.log("any-order: half a second later the client process is still alive, holding its message");
  const message = await firstMessage(endpoint, 10_000);
  console.log(`any-order: the server, started second, received "${message}"`);
  const code = await client.exited;
  console.log(`any-order: then the client process exited with ${code}`);
  if (message === null || code !== 0) throw new Error("default linger: the message should have been delivered");
}

{
  const endpoint = `ipc:///tmp/zmq-example-any-order-${process.pid}-2`;
  const client = await startClient(endpoint, 0);
  const code = await client.exited;
  console.log(`any-order: with linger 0 the client process exited at once (${code})`);
  const message = await firstMessage(endpoint, 1000);
  if (message !== null) throw new Error(`linger 0: the message should have been dropped, got "${message}"`);
  console.log("any-order: and the server got nothing: the message was dropped at close");
}
