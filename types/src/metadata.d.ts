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
export declare const STANDARD_PROPERTIES: readonly string[];
/** Reads the named properties of a libzmq message (`zmq_msg_t`); a missing one is skipped. */
export declare function readProperties(msg: Uint8Array, properties: readonly string[]): Record<string, string>;
/** The implementation of `socket.receiveWithMetadata()`. */
export declare function receiveWithMetadata(socket: SocketCore, options?: MetadataOptions): Promise<MessageWithMetadata>;
