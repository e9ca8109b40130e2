/** Chooses the backend for the running runtime, once, at load. */
import type { Backend } from "./types.ts";

export type { Backend, FdWaiter, Pointer, Size } from "./types.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";
if (!isDeno && !isBun) throw new Error("this library runs on Deno or Bun");

const { createBackend } = isDeno ? await import("./deno.ts") : await import("./bun.ts");

/** The loaded backend: libzmq and libc bound for this runtime. */
export const native: Backend = createBackend();

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
