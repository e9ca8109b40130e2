/**
 * Message metadata: the properties libzmq attaches to a received message (zmq_msg_gets), read
 * while the libzmq message still holds the first frame.
 */
import { native } from "./ffi/mod.ts";
import type { SocketCore } from "./core.ts";
import type { OperationOptions } from "./waiters.ts";

/** Options of `receiveWithMetadata()`. */
export interface MetadataOptions extends OperationOptions {
  /**
   * Property names to read besides the standard ones ("Peer-Address", "User-Id", "Socket-Type",
   * "Routing-Id"), e.g. names a ZAP handler set in its reply metadata.
   */
  properties?: readonly string[];
}

/** A message with its properties. */
export interface MessageWithMetadata {
  /** The message's frames, as receive() gives them. */
  frames: Uint8Array<ArrayBuffer>[];
  /**
   * The properties the message carries, by name: "Peer-Address" (the peer's IP over tcp),
   * "User-Id" (set by the ZAP handler), "Socket-Type" (the peer's type), "Routing-Id" (the peer's
   * routing id, if it set one), and any asked for in `properties`. A property the message does not
   * carry is absent (inproc messages carry none).
   */
  metadata: Record<string, string>;
}

/** The properties read from every message by receiveWithMetadata(). */
export const STANDARD_PROPERTIES: readonly string[] = ["Peer-Address", "User-Id", "Socket-Type", "Routing-Id"];

const encoder = new TextEncoder();
const names = new Map<string, Uint8Array>();

function cName(name: string): Uint8Array {
  let c = names.get(name);
  if (c === undefined) {
    c = encoder.encode(name + "\0");
    if (names.size < 256) names.set(name, c);
  }
  return c;
}

/** Reads the named properties of a libzmq message (`zmq_msg_t`); a missing one is skipped. */
export function readProperties(msg: Uint8Array, properties: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of properties) {
    let p = native.zmq.zmq_msg_gets(msg, cName(name));
    // libzmq 4.3 keeps the peer's routing id under the ZMTP property name "Identity".
    if (native.isNull(p) && name === "Routing-Id") p = native.zmq.zmq_msg_gets(msg, cName("Identity"));
    if (!native.isNull(p)) out[name] = native.cString(p);
  }
  return out;
}

function propertyList(options: MetadataOptions | undefined): readonly string[] {
  const extra = options?.properties;
  if (extra === undefined) return STANDARD_PROPERTIES;
  if (!Array.isArray(extra) || extra.some((n) => typeof n !== "string" || n.includes("\0") || n === "")) {
    throw new TypeError("properties must be an array of non-empty property names");
  }
  return [...new Set([...STANDARD_PROPERTIES, ...extra])];
}

/** The implementation of `socket.receiveWithMetadata()`. */
export function receiveWithMetadata(socket: SocketCore, options?: MetadataOptions): Promise<MessageWithMetadata> {
  let properties: readonly string[];
  try {
    properties = propertyList(options);
  } catch (e) {
    return Promise.reject(e);
  }
  let metadata: Record<string, string> = {};
  return socket.receive(options, (msg) => {
    metadata = readProperties(msg, properties);
  }).then((frames) => ({ frames, metadata }));
}
