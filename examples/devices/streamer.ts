/**
 * The streamer device: a Pull frontend and a Push backend, one stage of a pipeline. Ventilators
 * push to it, workers pull from it; neither side needs to know the other.
 *
 *   deno run -A examples/devices/streamer.ts           binds tcp://*:5580 (senders) and tcp://*:5581 (workers)
 *   bun examples/devices/streamer.ts
 */
import process from "node:process";
import { streamer } from "../../mod.ts";

if (import.meta.main) {
  const device = streamer("tcp://*:5580", "tcp://*:5581");
  console.log(
    `streamer: senders on ${device.endpoints.frontend}, workers on ${device.endpoints.backend} (Ctrl-C to stop)`,
  );
  await new Promise((resolve) => process.once("SIGINT", resolve));
  await device.stop();
}
