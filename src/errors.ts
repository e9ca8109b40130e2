/** ZmqError and the one check helper that turns a failing libzmq return into one. */
import { native } from "./ffi/mod.ts";
import { type ErrnoName, errnoTable } from "./constants.ts";

const ERRNO = errnoTable(native.os);
const NAMES: Record<number, string> = Object.fromEntries(Object.entries(ERRNO).map(([name, n]) => [n, name]));

/** errno of EAGAIN on this OS (the hot paths compare against it). */
export const EAGAIN: number = ERRNO.EAGAIN;
/** errno of EINTR on this OS. */
export const EINTR: number = ERRNO.EINTR;

const errnoCell = native.errnoCell();
const zmqErrnoCall = native.zmq.zmq_errno;
/**
 * errno after a failed libzmq call on this thread, what zmq_errno() returns. On Linux it is read
 * where libc keeps it (no FFI call: an EAGAIN costs one call instead of two); elsewhere it asks
 * zmq_errno().
 */
export const zmqErrno: () => number = errnoCell !== null ? () => errnoCell[0] : () => zmqErrnoCall();

/** The symbolic name ("EAGAIN", "EFSM", ...) of an errno value, or "E<number>". */
export function errnoName(errno: number): string {
  return NAMES[errno] ?? `E${errno}`;
}

/** An error reported by libzmq, or a misuse of a socket the library detects itself. */
export class ZmqError extends Error {
  /** The symbolic errno name, such as "EAGAIN", "EFSM", "EADDRINUSE", "EBADF". */
  readonly code: string;
  /** The numeric errno (libzmq's value for its own codes). */
  readonly errno: number;
  /** The endpoint of a bind/connect/unbind/disconnect that failed, if any. */
  readonly endpoint?: string;

  /** An error with libzmq's (or the library's) message, errno name and number, and the endpoint if any. */
  constructor(message: string, code: string, errno: number, endpoint?: string) {
    super(message);
    this.name = "ZmqError";
    this.code = code;
    this.errno = errno;
    if (endpoint !== undefined) this.endpoint = endpoint;
  }
}

/** libzmq's message for an errno. */
export function strerror(errno: number): string {
  return native.cString(native.zmq.zmq_strerror(errno));
}

/** A ZmqError for the current `zmq_errno()`, with what was being done and the endpoint. */
export function lastError(what: string, endpoint?: string): ZmqError {
  const errno = zmqErrno();
  return errorFor(errno, what, endpoint);
}

/** A ZmqError for a given errno. */
export function errorFor(errno: number, what: string, endpoint?: string): ZmqError {
  const text = strerror(errno);
  const where = endpoint === undefined ? "" : ` (${endpoint})`;
  return new ZmqError(`${what}${where}: ${text}`, errnoName(errno), errno, endpoint);
}

/** The one check helper: a negative return from libzmq becomes a thrown ZmqError. */
export function check(rc: number, what: string, endpoint?: string): number {
  if (rc < 0) throw lastError(what, endpoint);
  return rc;
}

/**
 * Runs a libzmq call again while it fails with EINTR, then checks it like `check`. libzmq returns
 * EINTR when a signal reaches the thread while it processes its command mailbox, before the call
 * did anything (bind, connect, unbind, disconnect, send, receive, ZMQ_EVENTS, zmq_ctx_term): a
 * program with a signal handler (SIGTERM for a graceful stop, SIGUSR1, ...) must not see it.
 */
export function retryEintr(call: () => number, what: string, endpoint?: string): number {
  for (;;) {
    const rc = call();
    if (rc >= 0) return rc;
    const errno = zmqErrno();
    if (errno !== EINTR) throw errorFor(errno, what, endpoint);
  }
}

/**
 * The one factory for errors the library makes itself: the errno comes from the running OS's
 * table, so no number is written by hand (Linux and macOS differ).
 */
export function zmqError(code: ErrnoName, message: string, endpoint?: string): ZmqError {
  return new ZmqError(message, code, ERRNO[code], endpoint);
}

/** The error every use of a closed socket gets: "send: the socket is closed". */
export function closedError(what: string): ZmqError {
  return zmqError("EBADF", `${what}: the socket is closed`);
}
