/** Reading and writing socket options through preallocated buffers (the JS thread is the only user). */
import { type Pointer } from "./ffi/mod.ts";
import type { OptionName, OptionSpec } from "./options.ts";
/** Reads an int option (used by the socket itself for ZMQ_FD, ZMQ_EVENTS, ZMQ_TYPE). */
export declare function getInt(handle: Pointer, id: number): number;
/** Writes an int option. */
export declare function setInt(handle: Pointer, id: number, value: number, what: string): void;
/** Writes a binary option (ZMQ_SUBSCRIBE etc). */
export declare function setBytes(handle: Pointer, id: number, value: Uint8Array, what: string): void;
/** Reads an option by its table entry and returns it as its JS type. */
export declare function getOption(handle: Pointer, name: OptionName, spec: OptionSpec): unknown;
/** Validates a value for an option (TypeError/RangeError/ZmqError) and writes it. */
export declare function setOption(handle: Pointer, name: OptionName, spec: OptionSpec, value: unknown): void;
