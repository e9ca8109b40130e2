/**
 * The libzmq and libc symbols this library calls, as data: one entry per C function, every
 * parameter commented with its C type and name. Both backends (Deno.dlopen, bun:ffi) bind
 * exactly this table; `optional` symbols may be missing from a build without failing the load.
 *
 * Neutral parameter kinds, mapped by each backend:
 * - "pointer": an opaque native handle (void*, a socket or context) kept from a previous call
 * - "buffer":  memory owned by JS for the duration of the call (a Uint8Array or other view)
 * - "i32" / "u32" / "i64": integers passed as JS numbers (i64 as bigint)
 * - "usize":  size_t, passed through `backend.size(n)` (a BigInt on Deno, a number on Bun)
 * - "isize":  ssize_t, a result only (a number or a bigint)
 */
export type ParamKind = "pointer" | "buffer" | "i32" | "u32" | "i64" | "usize";
export type ResultKind = "pointer" | "i32" | "usize" | "isize" | "void";

export interface SymbolSpec {
  readonly parameters: readonly ParamKind[];
  readonly result: ResultKind;
  /** Run on a helper thread (blocking calls): Deno `nonblocking`, Bun a Worker. */
  readonly blocking?: boolean;
  readonly optional?: boolean;
  /** The C name, when the key is an alias (the same function bound a second way). */
  readonly name?: string;
}

export const zmqSymbols = {
  zmq_version: {
    // int *major, int *minor, int *patch
    parameters: ["buffer", "buffer", "buffer"],
    result: "void",
  },
  zmq_errno: { parameters: [], result: "i32" },
  zmq_strerror: {
    // int errnum -> const char *
    parameters: ["i32"],
    result: "pointer",
  },
  zmq_has: {
    // const char *capability
    parameters: ["buffer"],
    result: "i32",
  },
  zmq_ctx_new: { parameters: [], result: "pointer" },
  zmq_ctx_term: {
    // void *context
    parameters: ["pointer"],
    result: "i32",
  },
  zmq_ctx_term_blocking: {
    // void *context (zmq_ctx_term run off the JS thread: it waits for sockets to linger)
    name: "zmq_ctx_term",
    parameters: ["pointer"],
    result: "i32",
    blocking: true,
  },
  zmq_ctx_shutdown: {
    // void *context
    parameters: ["pointer"],
    result: "i32",
  },
  zmq_ctx_set: {
    // void *context, int option_name, int option_value
    parameters: ["pointer", "i32", "i32"],
    result: "i32",
  },
  zmq_ctx_get: {
    // void *context, int option_name
    parameters: ["pointer", "i32"],
    result: "i32",
  },
  zmq_socket: {
    // void *context, int type
    parameters: ["pointer", "i32"],
    result: "pointer",
  },
  zmq_close: {
    // void *socket
    parameters: ["pointer"],
    result: "i32",
  },
  zmq_setsockopt: {
    // void *socket, int option_name, const void *option_value, size_t option_len
    parameters: ["pointer", "i32", "buffer", "usize"],
    result: "i32",
  },
  zmq_getsockopt: {
    // void *socket, int option_name, void *option_value, size_t *option_len
    parameters: ["pointer", "i32", "buffer", "buffer"],
    result: "i32",
  },
  zmq_bind: {
    // void *socket, const char *endpoint
    parameters: ["pointer", "buffer"],
    result: "i32",
  },
  zmq_connect: {
    // void *socket, const char *endpoint
    parameters: ["pointer", "buffer"],
    result: "i32",
  },
  zmq_unbind: {
    // void *socket, const char *endpoint
    parameters: ["pointer", "buffer"],
    result: "i32",
  },
  zmq_disconnect: {
    // void *socket, const char *endpoint
    parameters: ["pointer", "buffer"],
    result: "i32",
  },
  zmq_send: {
    // void *socket, const void *buf, size_t len, int flags
    parameters: ["pointer", "buffer", "usize", "i32"],
    result: "i32",
  },
  zmq_msg_init: {
    // zmq_msg_t *msg
    parameters: ["buffer"],
    result: "i32",
  },
  zmq_msg_data: {
    // zmq_msg_t *msg -> void *
    parameters: ["buffer"],
    result: "pointer",
  },
  zmq_msg_size: {
    // const zmq_msg_t *msg -> size_t
    parameters: ["buffer"],
    result: "usize",
  },
  zmq_msg_more: {
    // const zmq_msg_t *msg
    parameters: ["buffer"],
    result: "i32",
  },
  zmq_msg_close: {
    // zmq_msg_t *msg
    parameters: ["buffer"],
    result: "i32",
  },
  zmq_msg_init_at: {
    // zmq_msg_t *msg (in native memory: a received frame's own message, see Backend.adopter)
    name: "zmq_msg_init",
    parameters: ["pointer"],
    result: "i32",
  },
  zmq_msg_move: {
    // zmq_msg_t *dest (native memory), zmq_msg_t *src (the thread's receive message)
    parameters: ["pointer", "buffer"],
    result: "i32",
  },
  zmq_msg_data_at: {
    // zmq_msg_t *msg (native memory) -> void *
    name: "zmq_msg_data",
    parameters: ["pointer"],
    result: "pointer",
  },
  zmq_msg_init_data: {
    // zmq_msg_t *msg, void *data (a transferred frame's memory), size_t size,
    // zmq_free_fn *ffn (native: see Backend.doneFunction), void *hint
    parameters: ["buffer", "buffer", "usize", "pointer", "pointer"],
    result: "i32",
  },
  zmq_msg_send: {
    // zmq_msg_t *msg, void *socket, int flags
    parameters: ["buffer", "pointer", "i32"],
    result: "i32",
  },
  zmq_msg_recv: {
    // zmq_msg_t *msg, void *socket, int flags
    parameters: ["buffer", "pointer", "i32"],
    result: "i32",
  },
  zmq_msg_gets: {
    // const zmq_msg_t *msg, const char *property -> const char *
    parameters: ["buffer", "buffer"],
    result: "pointer",
  },
  zmq_socket_monitor: {
    // void *socket, const char *endpoint, int events
    parameters: ["pointer", "buffer", "i32"],
    result: "i32",
  },
  zmq_proxy_steerable: {
    // void *frontend, void *backend, void *capture, void *control
    parameters: ["pointer", "pointer", "pointer", "pointer"],
    result: "i32",
    blocking: true,
  },
  zmq_z85_encode: {
    // char *dest, const uint8_t *data, size_t size -> char * (NULL on error)
    parameters: ["buffer", "buffer", "usize"],
    result: "pointer",
  },
  zmq_z85_decode: {
    // uint8_t *dest, const char *string -> uint8_t * (NULL on error)
    parameters: ["buffer", "buffer"],
    result: "pointer",
  },
  zmq_curve_keypair: {
    // char *z85_public_key, char *z85_secret_key
    parameters: ["buffer", "buffer"],
    result: "i32",
  },
  zmq_curve_public: {
    // char *z85_public_key, const char *z85_secret_key
    parameters: ["buffer", "buffer"],
    result: "i32",
  },
} as const satisfies Record<string, SymbolSpec>;

/** The few libc functions the event loop needs (poll on ZMQ_FDs, a wake pipe, memcpy). */
export const libcSymbols = {
  __errno_location: {
    // void -> int * (glibc and musl: the calling thread's errno, which zmq_errno() returns; read
    // in place by the library instead of calling zmq_errno() after every EAGAIN)
    parameters: [],
    result: "pointer",
    optional: true,
  },
  poll: {
    // struct pollfd *fds, nfds_t nfds, int timeout
    parameters: ["buffer", "usize", "i32"],
    result: "i32",
  },
  ppoll: {
    // struct pollfd *fds, nfds_t nfds, const struct timespec *tmo_p, const sigset_t *sigmask
    // (Linux; the reactor's opt-in latency budget: a wait bounded in microseconds)
    parameters: ["buffer", "usize", "buffer", "pointer"],
    result: "i32",
    optional: true,
  },
  pipe: {
    // int pipefd[2]
    parameters: ["buffer"],
    result: "i32",
  },
  read: {
    // int fd, void *buf, size_t count -> ssize_t
    parameters: ["i32", "buffer", "usize"],
    result: "isize",
  },
  write: {
    // int fd, const void *buf, size_t count -> ssize_t
    parameters: ["i32", "buffer", "usize"],
    result: "isize",
  },
  close: {
    // int fd
    parameters: ["i32"],
    result: "i32",
  },
  fcntl: {
    // int fd, int cmd, int arg (the variadic third argument as int)
    parameters: ["i32", "i32", "i32"],
    result: "i32",
  },
  memcpy: {
    // void *dest, const void *src, size_t n
    parameters: ["buffer", "pointer", "usize"],
    result: "pointer",
  },
  malloc: {
    // size_t size -> void * (a received frame's own zmq_msg_t)
    parameters: ["usize"],
    result: "pointer",
  },
  free: {
    // void *ptr
    parameters: ["pointer"],
    result: "void",
  },
  calloc: {
    // size_t nmemb, size_t size -> void * (the process-wide registry of src/registry.ts, never freed)
    parameters: ["usize", "usize"],
    result: "pointer",
  },
  getenv: {
    // const char *name -> char * (where the registry is: one variable for the whole process)
    parameters: ["buffer"],
    result: "pointer",
  },
  setenv: {
    // const char *name, const char *value, int overwrite
    parameters: ["buffer", "buffer", "i32"],
    result: "i32",
  },
  mmap: {
    // void *addr, size_t length, int prot, int flags, int fd, off_t offset -> void *
    // (Deno, Linux x86-64: one page for the native done function, see deno.ts)
    parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"],
    result: "pointer",
  },
  mprotect: {
    // void *addr, size_t len, int prot
    parameters: ["pointer", "usize", "i32"],
    result: "i32",
  },
  getpid: { parameters: [], result: "i32" },
  gettid: {
    // void -> pid_t (Linux, glibc >= 2.30: the calling thread's id, which outlives no thread)
    parameters: [],
    result: "i32",
    optional: true,
  },
  getauxval: {
    // unsigned long type -> unsigned long (Linux; AT_RANDOM: where the kernel put 16 random
    // bytes when it started this program image, new at every execve)
    parameters: ["usize"],
    result: "usize",
    optional: true,
  },
  tgkill: {
    // pid_t tgid, pid_t tid, int sig (Linux, glibc >= 2.30; signal 0: is thread `tid` alive?)
    parameters: ["i32", "i32", "i32"],
    result: "i32",
    optional: true,
  },
} as const satisfies Record<string, SymbolSpec>;

export type ZmqSymbols = typeof zmqSymbols;
export type LibcSymbols = typeof libcSymbols;
