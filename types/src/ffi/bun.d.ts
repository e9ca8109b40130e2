import type { Backend } from "./types.ts";
/** Loads libzmq and libc through bun:ffi. */
export declare function createBackend(): Backend;
