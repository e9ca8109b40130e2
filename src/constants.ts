/**
 * The numbers of libzmq, of errno and of the OS that the library uses, in one place. Socket
 * option ids live in the option table (`OPTIONS` in options.ts); the few options the library
 * keeps for itself (ZMQ_FD, ZMQ_EVENTS, ...) are here.
 */

/** libzmq's constants (zmq.h, 4.3). */
export const ZMQ = {
  // context options (zmq_ctx_set / zmq_ctx_get)
  IO_THREADS: 1,
  MAX_SOCKETS: 2,
  SOCKET_LIMIT: 3,
  THREAD_PRIORITY: 3,
  THREAD_SCHED_POLICY: 4,
  MAX_MSGSZ: 5,
  IPV6: 42,
  // socket types
  PAIR: 0,
  PUB: 1,
  SUB: 2,
  REQ: 3,
  REP: 4,
  DEALER: 5,
  ROUTER: 6,
  PULL: 7,
  PUSH: 8,
  XPUB: 9,
  XSUB: 10,
  STREAM: 11,
  // send/receive flags
  DONTWAIT: 1,
  SNDMORE: 2,
  // ZMQ_EVENTS bits
  POLLIN: 1,
  POLLOUT: 2,
  // socket options the library keeps for itself (not in OPTIONS)
  FD: 14,
  EVENTS: 15,
  SUBSCRIBE: 6,
  UNSUBSCRIBE: 7,
} as const;

/** libzmq's own errno values (the same on every OS). */
const HAUSNUMERO = 156384712;
const ZMQ_ERRNO = {
  EFSM: HAUSNUMERO + 51,
  ENOCOMPATPROTO: HAUSNUMERO + 52,
  ETERM: HAUSNUMERO + 53,
  EMTHREAD: HAUSNUMERO + 54,
} as const;

/** errno values by name, Linux. */
const LINUX = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  ENODEV: 19,
  EINVAL: 22,
  EMFILE: 24,
  EPIPE: 32,
  ENAMETOOLONG: 36,
  EPROTO: 71,
  ENOTSOCK: 88,
  EMSGSIZE: 90,
  EPROTONOSUPPORT: 93,
  ENOTSUP: 95,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  EINPROGRESS: 115,
} as const;

/** errno values by name, macOS (and the BSDs it shares them with). */
const DARWIN: Record<keyof typeof LINUX, number> = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EBADF: 9,
  EAGAIN: 35,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  ENODEV: 19,
  EINVAL: 22,
  EMFILE: 24,
  EPIPE: 32,
  ENAMETOOLONG: 63,
  EPROTO: 100,
  ENOTSOCK: 38,
  EMSGSIZE: 40,
  EPROTONOSUPPORT: 43,
  ENOTSUP: 45,
  EAFNOSUPPORT: 47,
  EADDRINUSE: 48,
  EADDRNOTAVAIL: 49,
  ENETDOWN: 50,
  ENETUNREACH: 51,
  ECONNABORTED: 53,
  ECONNRESET: 54,
  ENOBUFS: 55,
  ENOTCONN: 57,
  ETIMEDOUT: 60,
  ECONNREFUSED: 61,
  EHOSTUNREACH: 65,
  EINPROGRESS: 36,
};

/** An errno name the library knows. */
export type ErrnoName = keyof typeof LINUX | keyof typeof ZMQ_ERRNO;

/** The errno table of an OS, libzmq's own codes included. */
export function errnoTable(os: string): Record<ErrnoName, number> {
  return { ...(os === "darwin" ? DARWIN : LINUX), ...ZMQ_ERRNO };
}

/** libc's numbers (poll(2), fcntl(2), dlopen(3)). */
export const LIBC = {
  POLLIN: 1,
  F_SETFL: 4,
  /** O_NONBLOCK by OS. */
  O_NONBLOCK: { linux: 0x800, darwin: 0x4 } as Record<string, number>,
  /** RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE by OS. */
  RTLD_PIN: { linux: 0x2 | 0x4 | 0x1000, darwin: 0x2 | 0x10 | 0x80 } as Record<string, number>,
  /** mmap/mprotect (Linux): PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS. */
  PROT_RW: 0x1 | 0x2,
  PROT_RX: 0x1 | 0x4,
  MAP_PRIVATE_ANON: 0x02 | 0x20,
} as const;

/** Whether this machine stores integers little-endian (every platform libzmq runs on today). */
export const LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
