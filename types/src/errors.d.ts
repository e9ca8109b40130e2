import { type ErrnoName } from "./constants.ts";
/** errno of EAGAIN on this OS (the hot paths compare against it). */
export declare const EAGAIN: number;
/** errno of EINTR on this OS. */
export declare const EINTR: number;
/**
 * errno after a failed libzmq call on this thread, what zmq_errno() returns. On Linux it is read
 * where libc keeps it (no FFI call: an EAGAIN costs one call instead of two); elsewhere it asks
 * zmq_errno().
 */
export declare const zmqErrno: () => number;
/** The symbolic name ("EAGAIN", "EFSM", ...) of an errno value, or "E<number>". */
export declare function errnoName(errno: number): string;
/** An error reported by libzmq, or a misuse of a socket the library detects itself. */
export declare class ZmqError extends Error {
    /** The symbolic errno name, such as "EAGAIN", "EFSM", "EADDRINUSE", "EBADF". */
    readonly code: string;
    /** The numeric errno (libzmq's value for its own codes). */
    readonly errno: number;
    /** The endpoint of a bind/connect/unbind/disconnect that failed, if any. */
    readonly endpoint?: string;
    /** An error with libzmq's (or the library's) message, errno name and number, and the endpoint if any. */
    constructor(message: string, code: string, errno: number, endpoint?: string);
}
/** libzmq's message for an errno. */
export declare function strerror(errno: number): string;
/** A ZmqError for the current `zmq_errno()`, with what was being done and the endpoint. */
export declare function lastError(what: string, endpoint?: string): ZmqError;
/** A ZmqError for a given errno. */
export declare function errorFor(errno: number, what: string, endpoint?: string): ZmqError;
/** The one check helper: a negative return from libzmq becomes a thrown ZmqError. */
export declare function check(rc: number, what: string, endpoint?: string): number;
/**
 * Runs a libzmq call again while it fails with EINTR, then checks it like `check`. libzmq returns
 * EINTR when a signal reaches the thread while it processes its command mailbox, before the call
 * did anything (bind, connect, unbind, disconnect, send, receive, ZMQ_EVENTS, zmq_ctx_term): a
 * program with a signal handler (SIGTERM for a graceful stop, SIGUSR1, ...) must not see it.
 */
export declare function retryEintr(call: () => number, what: string, endpoint?: string): number;
/**
 * The one factory for errors the library makes itself: the errno comes from the running OS's
 * table, so no number is written by hand (Linux and macOS differ).
 */
export declare function zmqError(code: ErrnoName, message: string, endpoint?: string): ZmqError;
/** The error every use of a closed socket gets: "send: the socket is closed". */
export declare function closedError(what: string): ZmqError;
