/** Chooses the backend for the running runtime, once, at load. */
import type { Backend } from "./types.ts";

export type { Backend, FdWaiter, Pointer, Size } from "./types.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";
if (!isDeno && !isBun) throw new Error("this library runs on Deno or Bun");

const { createBackend } = isDeno ? await import("./deno.ts") : await import("./bun.ts");

/** The loaded backend: libzmq and libc bound for this runtime. */
export const native: Backend = createBackend();
