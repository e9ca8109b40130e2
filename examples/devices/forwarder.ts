/**
 * The forwarder device: an XSubscriber frontend that publishers connect to and an XPublisher
 * backend that subscribers connect to. Publishers and subscribers come and go and only know
 * the forwarder's address (dynamic discovery); subscriptions travel upstream through it, so
 * each publisher still filters at the source.
 *
 *   deno run -A examples/devices/forwarder.ts          binds tcp://*:5570 (publishers) and tcp://*:5571 (subscribers)
 *   bun examples/devices/forwarder.ts
 * Publishers and subscribers: examples/devices/main.ts runs both ends in code.
 */
import process from "node:process";
import { forwarder } from "../../mod.ts";

if (import.meta.main) {
  const device = forwarder("tcp://*:5570", "tcp://*:5571");
  console.log(
    `forwarder: publishers connect to ${device.endpoints.frontend}, subscribers to ${device.endpoints.backend}` +
      " (Ctrl-C to stop)",
  );
  await new Promise((resolve) => process.once("SIGINT", resolve));
  await device.stop();
}
