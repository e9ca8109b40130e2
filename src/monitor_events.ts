/** Socket monitor events: their types, and decoding libzmq's (version 1) event messages. */
import { errnoName } from "./errors.ts";
import { LITTLE_ENDIAN } from "./constants.ts";

/** Events whose value is a file descriptor. */
export interface MonitorFdEvent {
  /**
   * "connected": an outgoing connection is up; "listening": a bind succeeded; "accepted": a peer
   * connected to a bound endpoint; "closed": a connection's socket was closed; "disconnected": a
   * connection was lost (the peer went away).
   */
  type: "connected" | "listening" | "accepted" | "closed" | "disconnected";
  /**
   * The endpoint the event is about; for "accepted" the local address of the new connection
   * (with a wildcard bind, the address it arrived on rather than the bound one).
   */
  endpoint: string;
  /** The socket's file descriptor (libzmq's event value). */
  fd: number;
}

/** Events whose value is an errno. */
export interface MonitorErrorEvent {
  /**
   * "connect-delayed": a connect is pending (retried in the background); "bind-failed",
   * "accept-failed", "close-failed": the call failed with `error`; "handshake-failed-no-detail":
   * the ZMTP handshake failed for a reason libzmq does not detail.
   */
  type: "connect-delayed" | "bind-failed" | "accept-failed" | "close-failed" | "handshake-failed-no-detail";
  /** The endpoint; libzmq gives "bind-failed" the address without its transport ("127.0.0.1:5555"). */
  endpoint: string;
  /** The errno name, such as "EADDRINUSE" or "EPIPE". */
  error: string;
  /** The errno number. */
  errno: number;
}

/** A connection attempt will be retried after `interval` ms. */
export interface MonitorRetryEvent {
  /** "connect-retried": a connection attempt failed and will be retried. */
  type: "connect-retried";
  /** The endpoint being connected to. */
  endpoint: string;
  /** The reconnect interval in ms (grows up to reconnectIntervalMax). */
  interval: number;
}

/** Events without a value. */
export interface MonitorPlainEvent {
  /** "handshake-succeeded": the ZMTP (and security) handshake completed; "monitor-stopped": the last event of a monitor. */
  type: "handshake-succeeded" | "monitor-stopped";
  /** The endpoint the event is about ("" for "monitor-stopped"). */
  endpoint: string;
}

/** The ZMTP handshake failed for a protocol reason (ZMQ_PROTOCOL_ERROR_*). */
export interface MonitorProtocolEvent {
  /** "handshake-failed-protocol": the peer broke the ZMTP protocol during the handshake. */
  type: "handshake-failed-protocol";
  /** The endpoint of the connection. */
  endpoint: string;
  /** The protocol error's name without the ZMQ_PROTOCOL_ERROR_ prefix, e.g. "ZMTP_MECHANISM_MISMATCH". */
  error: string;
  /** The protocol error's number, e.g. 0x11000002. */
  code: number;
}

/** The ZAP handler refused the peer: its status code (300, 400 or 500). */
export interface MonitorAuthEvent {
  /** "handshake-failed-auth": the ZAP handler (see Authenticator) refused the peer. */
  type: "handshake-failed-auth";
  /** The endpoint of the connection. */
  endpoint: string;
  /** The ZAP status code, e.g. 400. */
  status: number;
}

/** An event this library does not know (a newer libzmq). */
export interface MonitorUnknownEvent {
  /** "unknown": an event number this library cannot name. */
  type: "unknown";
  /** The endpoint the event is about. */
  endpoint: string;
  /** The ZMQ_EVENT_* number. */
  event: number;
  /** Its raw value. */
  value: number;
}

/** A decoded monitor event: switch on `type`. */
export type MonitorEvent =
  | MonitorFdEvent
  | MonitorErrorEvent
  | MonitorRetryEvent
  | MonitorPlainEvent
  | MonitorProtocolEvent
  | MonitorAuthEvent
  | MonitorUnknownEvent;

/** The type names of monitor events, by ZMQ_EVENT_* bit. */
const EVENT_TYPES: Record<number, MonitorEvent["type"]> = {
  0x0001: "connected",
  0x0002: "connect-delayed",
  0x0004: "connect-retried",
  0x0008: "listening",
  0x0010: "bind-failed",
  0x0020: "accepted",
  0x0040: "accept-failed",
  0x0080: "closed",
  0x0100: "close-failed",
  0x0200: "disconnected",
  0x0400: "monitor-stopped",
  0x0800: "handshake-failed-no-detail",
  0x1000: "handshake-succeeded",
  0x2000: "handshake-failed-protocol",
  0x4000: "handshake-failed-auth",
};

/** ZMQ_PROTOCOL_ERROR_* names by value. */
export const PROTOCOL_ERRORS: Readonly<Record<number, string>> = {
  0x10000000: "ZMTP_UNSPECIFIED",
  0x10000001: "ZMTP_UNEXPECTED_COMMAND",
  0x10000002: "ZMTP_INVALID_SEQUENCE",
  0x10000003: "ZMTP_KEY_EXCHANGE",
  0x10000011: "ZMTP_MALFORMED_COMMAND_UNSPECIFIED",
  0x10000012: "ZMTP_MALFORMED_COMMAND_MESSAGE",
  0x10000013: "ZMTP_MALFORMED_COMMAND_HELLO",
  0x10000014: "ZMTP_MALFORMED_COMMAND_INITIATE",
  0x10000015: "ZMTP_MALFORMED_COMMAND_ERROR",
  0x10000016: "ZMTP_MALFORMED_COMMAND_READY",
  0x10000017: "ZMTP_MALFORMED_COMMAND_WELCOME",
  0x10000018: "ZMTP_INVALID_METADATA",
  0x11000001: "ZMTP_CRYPTOGRAPHIC",
  0x11000002: "ZMTP_MECHANISM_MISMATCH",
  0x20000000: "ZAP_UNSPECIFIED",
  0x20000001: "ZAP_MALFORMED_REPLY",
  0x20000002: "ZAP_BAD_REQUEST_ID",
  0x20000003: "ZAP_BAD_VERSION",
  0x20000004: "ZAP_INVALID_STATUS_CODE",
  0x20000005: "ZAP_INVALID_METADATA",
  0x30000000: "WS_UNSPECIFIED",
};

const decoder = new TextDecoder();

/** Decodes the two frames of a version-1 monitor event. */
export function decodeEvent(frames: Uint8Array[]): MonitorEvent {
  const head = frames[0];
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const event = view.getUint16(0, LITTLE_ENDIAN);
  const value = view.getUint32(2, LITTLE_ENDIAN);
  const endpoint = frames.length > 1 ? decoder.decode(frames[1]) : "";
  const type = EVENT_TYPES[event];
  switch (type) {
    case "connected":
    case "listening":
    case "accepted":
    case "closed":
    case "disconnected":
      return { type, endpoint, fd: value };
    case "connect-delayed":
    case "bind-failed":
    case "accept-failed":
    case "close-failed":
    case "handshake-failed-no-detail":
      return { type, endpoint, error: errnoName(value), errno: value };
    case "connect-retried":
      return { type, endpoint, interval: value };
    case "handshake-succeeded":
    case "monitor-stopped":
      return { type, endpoint };
    case "handshake-failed-protocol":
      return { type, endpoint, error: PROTOCOL_ERRORS[value] ?? `0x${value.toString(16)}`, code: value };
    case "handshake-failed-auth":
      return { type, endpoint, status: value };
    default:
      return { type: "unknown", endpoint, event, value };
  }
}
