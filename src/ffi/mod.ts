/** Chooses the backend for the running runtime, once, at load. */
import type { Backend } from "./types.ts";
import { createBackend as createDeno } from "./deno.ts";
import { createBackend as createBun } from "./bun.ts";

export type { Backend, FdWaiter, Pointer, Size } from "./types.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";
if (!isDeno && !isBun) throw new Error("this library runs on Deno or Bun");

/**
 * The loaded backend: libzmq and libc bound for this runtime. Both backends are imported
 * statically and neither touches its runtime before createBackend(): no top-level await in the
 * library, since a Worker importing a module that awaits at load loses (on Bun) the messages
 * posted to it meanwhile, before its onmessage exists.
 */
export const native: Backend = isDeno ? createDeno() : createBun();

// DESIGN.md: libzmq >= 4.3 (zmq_proxy_steerable's statistics, ZMQ_ROUTING_ID, the monitor's v1
// events as decoded here).
{
  const v = new Int32Array(3);
  native.zmq.zmq_version(v.subarray(0, 1), v.subarray(1, 2), v.subarray(2, 3));
  if (v[0] < 4 || (v[0] === 4 && v[1] < 3)) {
    throw new Error(
      `libzmq ${v[0]}.${v[1]}.${v[2]} at ${native.libraryPath} is too old: this library needs libzmq >= 4.3`,
    );
  }
}
