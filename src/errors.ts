/** ZmqError and the one check helper that turns a failing libzmq return into one. */
import { native } from "./ffi/mod.ts";

const HAUSNUMERO = 156384712;

/** errno names by number. libzmq's own codes are the same everywhere; the rest follow the OS. */
const ZMQ_CODES: Record<number, string> = {
  [HAUSNUMERO + 51]: "EFSM",
  [HAUSNUMERO + 52]: "ENOCOMPATPROTO",
  [HAUSNUMERO + 53]: "ETERM",
  [HAUSNUMERO + 54]: "EMTHREAD",
};
const LINUX_CODES: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  4: "EINTR",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  14: "EFAULT",
  16: "EBUSY",
  19: "ENODEV",
  22: "EINVAL",
  24: "EMFILE",
  32: "EPIPE",
  36: "ENAMETOOLONG",
  71: "EPROTO",
  88: "ENOTSOCK",
  90: "EMSGSIZE",
  93: "EPROTONOSUPPORT",
  95: "ENOTSUP",
  97: "EAFNOSUPPORT",
  98: "EADDRINUSE",
  99: "EADDRNOTAVAIL",
  100: "ENETDOWN",
  101: "ENETUNREACH",
  103: "ECONNABORTED",
  104: "ECONNRESET",
  105: "ENOBUFS",
  107: "ENOTCONN",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED",
  113: "EHOSTUNREACH",
  115: "EINPROGRESS",
};
const DARWIN_CODES: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  4: "EINTR",
  9: "EBADF",
  35: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  14: "EFAULT",
  16: "EBUSY",
  19: "ENODEV",
  22: "EINVAL",
  24: "EMFILE",
  32: "EPIPE",
  63: "ENAMETOOLONG",
  100: "EPROTO",
  38: "ENOTSOCK",
  40: "EMSGSIZE",
  43: "EPROTONOSUPPORT",
  45: "ENOTSUP",
  47: "EAFNOSUPPORT",
  48: "EADDRINUSE",
  49: "EADDRNOTAVAIL",
  50: "ENETDOWN",
  51: "ENETUNREACH",
  53: "ECONNABORTED",
  54: "ECONNRESET",
  55: "ENOBUFS",
  57: "ENOTCONN",
  60: "ETIMEDOUT",
  61: "ECONNREFUSED",
  65: "EHOSTUNREACH",
  36: "EINPROGRESS",
};
const OS_CODES = native.os === "darwin" ? DARWIN_CODES : LINUX_CODES;

/** errno of EAGAIN on this OS (the hot paths compare against it). */
export const EAGAIN: number = native.os === "darwin" ? 35 : 11;
/** errno of EINTR on this OS. */
export const EINTR = 4;
/** errno of EBADF on this OS. */
export const EBADF = 9;

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
  return ZMQ_CODES[errno] ?? OS_CODES[errno] ?? `E${errno}`;
}

/** An error reported by libzmq, or a misuse of a socket the library detects itself. */
export class ZmqError extends Error {
  /** The symbolic errno name, such as "EAGAIN", "EFSM", "EADDRINUSE", "EBADF". */
  readonly code: string;
  /** The numeric errno (libzmq's value for its own codes). */
  readonly errno: number;
  /** The endpoint of a bind/connect/unbind/disconnect that failed, if any. */
  readonly endpoint?: string;

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

/** The error every use of a closed socket or context gets. */
export function closedError(what: string): ZmqError {
  return new ZmqError(`${what}: the socket is closed`, "EBADF", EBADF);
}
