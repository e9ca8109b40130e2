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
export type MonitorEvent = MonitorFdEvent | MonitorErrorEvent | MonitorRetryEvent | MonitorPlainEvent | MonitorProtocolEvent | MonitorAuthEvent | MonitorUnknownEvent;
/** ZMQ_PROTOCOL_ERROR_* names by value. */
export declare const PROTOCOL_ERRORS: Readonly<Record<number, string>>;
/** Decodes the two frames of a version-1 monitor event. */
export declare function decodeEvent(frames: Uint8Array[]): MonitorEvent;
