import type { Backend } from "./types.ts";
/** Loads libzmq and libc through Deno.dlopen. */
export declare function createBackend(): Backend;
