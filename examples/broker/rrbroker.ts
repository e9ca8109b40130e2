/**
 * Request/reply broker with a hand-written poll loop: clients (Request) connect to a Router
 * frontend, workers (Reply) to a Dealer backend. Whatever arrives on one side goes out on the
 * other as is: the Router keeps the client's identity frame in front of the request, the
 * Dealer spreads requests over the workers, and the identity routes the reply back.
 * (msgqueue.ts does the same with the native Proxy.)
 *
 *   deno run -A examples/broker/rrbroker.ts            binds tcp://*:5559 and tcp://*:5560
 *   bun examples/broker/rrbroker.ts
 */
import process from "node:process";
import { Dealer, Poller, Router } from "../../mod.ts";

/** Binds both sides (returned bound); `done` resolves after `signal` aborts, with the count forwarded. */
export function broker(
  frontendEndpoint: string,
  backendEndpoint: string,
  signal: AbortSignal,
): { frontend: string; backend: string; done: Promise<number> } {
  const frontend = new Router();
  const backend = new Dealer();
  try {
    return {
      frontend: frontend.bind(frontendEndpoint),
      backend: backend.bind(backendEndpoint),
      done: run(frontend, backend, signal),
    };
  } catch (e) {
    frontend.close();
    backend.close();
    throw e;
  }
}

async function run(frontendSocket: Router, backendSocket: Dealer, signal: AbortSignal): Promise<number> {
  using frontend = frontendSocket;
  using backend = backendSocket;
  const poller = new Poller<Router | Dealer>();
  poller.add(frontend, "readable");
  poller.add(backend, "readable");
  let forwarded = 0;
  while (!signal.aborted) {
    let ready;
    try {
      ready = await poller.poll({ signal });
    } catch (e) {
      if (signal.aborted) break;
      throw e;
    }
    for (const { socket } of ready) {
      const other = socket === frontend ? backend : frontend;
      // Drain what is there; multipart messages are moved whole, envelope included.
      for (let message = socket.tryReceive(); message !== null; message = socket.tryReceive()) {
        await other.send(message);
        forwarded++;
      }
    }
  }
  return forwarded;
}

if (import.meta.main) {
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  const { frontend, backend, done } = broker("tcp://*:5559", "tcp://*:5560", stop.signal);
  console.log(`rrbroker: clients on ${frontend}, workers on ${backend} (Ctrl-C to stop)`);
  console.log(`rrbroker: forwarded ${await done} messages`);
}
