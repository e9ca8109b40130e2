/**
 * The queue device: a Router frontend for clients and a Dealer backend for workers, run by the
 * native Proxy on a helper thread (the broker of examples/broker/msgqueue.ts in one call).
 *
 *   deno run -A examples/devices/queue.ts              binds tcp://*:5559 (clients) and tcp://*:5560 (workers)
 *   bun examples/devices/queue.ts
 * Clients and workers: examples/broker/rrclient.ts and rrworker.ts.
 */
import process from "node:process";
import { queue } from "../../mod.ts";

if (import.meta.main) {
  const device = queue("tcp://*:5559", "tcp://*:5560");
  console.log(
    `queue: clients on ${device.endpoints.frontend}, workers on ${device.endpoints.backend} (Ctrl-C to stop)`,
  );
  await new Promise((resolve) => process.once("SIGINT", resolve));
  await device.stop();
}
