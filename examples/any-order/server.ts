/**
 * Start in any order, the server: binds and waits (up to `--timeout` ms) for a message.
 *
 *   deno run -A examples/any-order/server.ts                  binds tcp://*:5565
 *   bun examples/any-order/server.ts --timeout 2000
 */
import { parseArgs } from "node:util";
import { Pull } from "../../mod.ts";

/** Binds `endpoint` and returns the first message, or null when none came within `timeout` ms. */
export async function firstMessage(endpoint: string, timeout: number): Promise<string | null> {
  using pull = new Pull();
  pull.bind(endpoint);
  try {
    const [frame] = await pull.receive({ timeout });
    return new TextDecoder().decode(frame);
  } catch (e) {
    if (e instanceof DOMException && e.name === "TimeoutError") return null;
    throw e;
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { endpoint: { type: "string", default: "tcp://*:5565" }, timeout: { type: "string", default: "10000" } },
  });
  const message = await firstMessage(values.endpoint!, Number(values.timeout));
  console.log(
    message === null ? `server: nothing arrived within ${values.timeout} ms` : `server: received "${message}"`,
  );
}
