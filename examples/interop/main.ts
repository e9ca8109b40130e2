/**
 * Across runtimes and languages, self-contained: every pairing of a Deno, a Bun and a Python
 * (pyzmq) process that is available here, each server answering three requests of a client
 * in another process. Deno and Bun are found on PATH or in tools/node_modules/.bin; Python pairings
 * are skipped, with a note, when /usr/bin/python3 has no zmq module.
 *
 *   deno run -A examples/interop/main.ts
 *   bun examples/interop/main.ts
 */
import { Child, findPyzmq, findRuntime, scriptArgv } from "../_shared/processes.ts";

const here = (file: string): string => new URL(file, import.meta.url).pathname;
const COUNT = "3";

type Peer = "deno" | "bun" | "python";
const available = new Map<Peer, string>();
for (const runtime of ["deno", "bun"] as const) {
  const exe = findRuntime(runtime);
  if (exe) available.set(runtime, exe);
  else console.log(`interop: ${runtime} not found: skipping its pairings`);
}
const pyzmq = findPyzmq();
if (pyzmq.python !== null) available.set("python", pyzmq.python);
else console.log(`interop: pyzmq skipped: ${pyzmq.reason}`);

function argv(peer: Peer, role: "server" | "client", args: string[]): string[] {
  const exe = available.get(peer)!;
  if (peer === "python") return [exe, here(`./${role}.py`), ...args];
  return scriptArgv(peer, exe, here(`./${role}.ts`), args);
}

const pairs: [Peer, Peer][] = [["deno", "bun"], ["bun", "deno"], ["deno", "python"], ["python", "bun"]];
let ran = 0;
for (const [serverPeer, clientPeer] of pairs) {
  if (!available.has(serverPeer) || !available.has(clientPeer)) continue;
  const server = new Child(
    `${serverPeer} server`,
    argv(serverPeer, "server", ["--bind", "tcp://127.0.0.1:*", "--count", COUNT]),
  );
  try {
    const endpoint = await server.line();
    if (endpoint === null) throw new Error(`${server.name} ended early: ${server.stderr}`);
    const client = new Child(
      `${clientPeer} client`,
      argv(clientPeer, "client", ["--connect", endpoint, "--count", COUNT]),
    );
    for await (const line of client.lines()) console.log(line);
    const codes = [await client.finish(), await server.finish()];
    for await (const line of server.lines()) console.log(line);
    if (codes.some((c) => c !== 0)) throw new Error(`exit codes ${codes}: ${client.stderr} ${server.stderr}`);
    console.log(`interop: ${clientPeer} client <-> ${serverPeer} server: ok`);
    ran++;
  } finally {
    server.kill();
  }
}
if (ran === 0) throw new Error("no pairing could run");
console.log(`interop: ${ran} pairings done`);
