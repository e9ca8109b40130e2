/** Chooses the backend for the running runtime, once, at load. */
import type { Backend } from "./types.ts";
export type { Backend, FdWaiter, Pointer, Size } from "./types.ts";
/**
 * The loaded backend: libzmq and libc bound for this runtime. Both backends are imported
 * statically and neither touches its runtime before createBackend(): no top-level await in the
 * library, since a Worker importing a module that awaits at load loses (on Bun) the messages
 * posted to it meanwhile, before its onmessage exists.
 */
export declare const native: Backend;
