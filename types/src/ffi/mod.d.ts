/** Chooses the backend for the running runtime, once, at load. */
import type { Backend } from "./types.ts";
export type { Backend, FdWaiter, Pointer, Size } from "./types.ts";
/** The loaded backend: libzmq and libc bound for this runtime. */
export declare const native: Backend;
