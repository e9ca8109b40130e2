/**
 * The broker again, with the native Proxy: libzmq's zmq_proxy runs on a helper thread and
 * moves messages between the Router and the Dealer at C speed; the JS thread stays free.
 * The Proxy can be paused, resumed, asked for statistics, and terminated.
 *
 *   deno run -A examples/broker/msgqueue.ts            binds tcp://*:5559 and tcp://*:5560
 *   bun examples/broker/msgqueue.ts
 */
import process from "node:process";
import { Dealer, Proxy, type ProxyStatistics, Router } from "../../mod.ts";

/** Binds both sides (returned bound) and runs a Proxy; `stop()` ends it and returns its statistics. */
export function messageQueue(
  frontendEndpoint: string,
  backendEndpoint: string,
): { frontend: string; backend: string; stop(): Promise<ProxyStatistics> } {
  const frontend = new Router();
  const backend = new Dealer();
  try {
    const endpoints = { frontend: frontend.bind(frontendEndpoint), backend: backend.bind(backendEndpoint) };
    const proxy = new Proxy(frontend, backend);
    const running = proxy.run(); // resolves once terminated
    return {
      ...endpoints,
      async stop(): Promise<ProxyStatistics> {
        const statistics = await proxy.statistics();
        await proxy.terminate();
        await running;
        frontend.close();
        backend.close();
        return statistics;
      },
    };
  } catch (e) {
    frontend.close();
    backend.close();
    throw e;
  }
}

if (import.meta.main) {
  const queue = messageQueue("tcp://*:5559", "tcp://*:5560");
  console.log(`msgqueue: clients on ${queue.frontend}, workers on ${queue.backend} (Ctrl-C to stop)`);
  await new Promise((resolve) => process.once("SIGINT", resolve));
  console.log(await queue.stop());
}
