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
export declare const zmqSymbols: {
    readonly zmq_version: {
        readonly parameters: readonly ["buffer", "buffer", "buffer"];
        readonly result: "void";
    };
    readonly zmq_errno: {
        readonly parameters: readonly [];
        readonly result: "i32";
    };
    readonly zmq_strerror: {
        readonly parameters: readonly ["i32"];
        readonly result: "pointer";
    };
    readonly zmq_has: {
        readonly parameters: readonly ["buffer"];
        readonly result: "i32";
    };
    readonly zmq_ctx_new: {
        readonly parameters: readonly [];
        readonly result: "pointer";
    };
    readonly zmq_ctx_term: {
        readonly parameters: readonly ["pointer"];
        readonly result: "i32";
    };
    readonly zmq_ctx_term_blocking: {
        readonly name: "zmq_ctx_term";
        readonly parameters: readonly ["pointer"];
        readonly result: "i32";
        readonly blocking: true;
    };
    readonly zmq_ctx_shutdown: {
        readonly parameters: readonly ["pointer"];
        readonly result: "i32";
    };
    readonly zmq_ctx_set: {
        readonly parameters: readonly ["pointer", "i32", "i32"];
        readonly result: "i32";
    };
    readonly zmq_ctx_get: {
        readonly parameters: readonly ["pointer", "i32"];
        readonly result: "i32";
    };
    readonly zmq_socket: {
        readonly parameters: readonly ["pointer", "i32"];
        readonly result: "pointer";
    };
    readonly zmq_close: {
        readonly parameters: readonly ["pointer"];
        readonly result: "i32";
    };
    readonly zmq_setsockopt: {
        readonly parameters: readonly ["pointer", "i32", "buffer", "usize"];
        readonly result: "i32";
    };
    readonly zmq_getsockopt: {
        readonly parameters: readonly ["pointer", "i32", "buffer", "buffer"];
        readonly result: "i32";
    };
    readonly zmq_bind: {
        readonly parameters: readonly ["pointer", "buffer"];
        readonly result: "i32";
    };
    readonly zmq_connect: {
        readonly parameters: readonly ["pointer", "buffer"];
        readonly result: "i32";
    };
    readonly zmq_unbind: {
        readonly parameters: readonly ["pointer", "buffer"];
        readonly result: "i32";
    };
    readonly zmq_disconnect: {
        readonly parameters: readonly ["pointer", "buffer"];
        readonly result: "i32";
    };
    readonly zmq_send: {
        readonly parameters: readonly ["pointer", "buffer", "usize", "i32"];
        readonly result: "i32";
    };
    readonly zmq_msg_init: {
        readonly parameters: readonly ["buffer"];
        readonly result: "i32";
    };
    readonly zmq_msg_data: {
        readonly parameters: readonly ["buffer"];
        readonly result: "pointer";
    };
    readonly zmq_msg_size: {
        readonly parameters: readonly ["buffer"];
        readonly result: "usize";
    };
    readonly zmq_msg_more: {
        readonly parameters: readonly ["buffer"];
        readonly result: "i32";
    };
    readonly zmq_msg_close: {
        readonly parameters: readonly ["buffer"];
        readonly result: "i32";
    };
    readonly zmq_msg_init_at: {
        readonly name: "zmq_msg_init";
        readonly parameters: readonly ["pointer"];
        readonly result: "i32";
    };
    readonly zmq_msg_move: {
        readonly parameters: readonly ["pointer", "buffer"];
        readonly result: "i32";
    };
    readonly zmq_msg_data_at: {
        readonly name: "zmq_msg_data";
        readonly parameters: readonly ["pointer"];
        readonly result: "pointer";
    };
    readonly zmq_msg_init_data: {
        readonly parameters: readonly ["buffer", "buffer", "usize", "pointer", "pointer"];
        readonly result: "i32";
    };
    readonly zmq_msg_send: {
        readonly parameters: readonly ["buffer", "pointer", "i32"];
        readonly result: "i32";
    };
    readonly zmq_msg_recv: {
        readonly parameters: readonly ["buffer", "pointer", "i32"];
        readonly result: "i32";
    };
    readonly zmq_msg_gets: {
        readonly parameters: readonly ["buffer", "buffer"];
        readonly result: "pointer";
    };
    readonly zmq_socket_monitor: {
        readonly parameters: readonly ["pointer", "buffer", "i32"];
        readonly result: "i32";
    };
    readonly zmq_proxy_steerable: {
        readonly parameters: readonly ["pointer", "pointer", "pointer", "pointer"];
        readonly result: "i32";
        readonly blocking: true;
    };
    readonly zmq_z85_encode: {
        readonly parameters: readonly ["buffer", "buffer", "usize"];
        readonly result: "pointer";
    };
    readonly zmq_z85_decode: {
        readonly parameters: readonly ["buffer", "buffer"];
        readonly result: "pointer";
    };
    readonly zmq_curve_keypair: {
        readonly parameters: readonly ["buffer", "buffer"];
        readonly result: "i32";
    };
    readonly zmq_curve_public: {
        readonly parameters: readonly ["buffer", "buffer"];
        readonly result: "i32";
    };
};
/** The few libc functions the event loop needs (poll on ZMQ_FDs, a wake pipe, memcpy). */
export declare const libcSymbols: {
    readonly __errno_location: {
        readonly parameters: readonly [];
        readonly result: "pointer";
        readonly optional: true;
    };
    readonly poll: {
        readonly parameters: readonly ["buffer", "usize", "i32"];
        readonly result: "i32";
    };
    readonly ppoll: {
        readonly parameters: readonly ["buffer", "usize", "buffer", "pointer"];
        readonly result: "i32";
        readonly optional: true;
    };
    readonly pipe: {
        readonly parameters: readonly ["buffer"];
        readonly result: "i32";
    };
    readonly read: {
        readonly parameters: readonly ["i32", "buffer", "usize"];
        readonly result: "isize";
    };
    readonly write: {
        readonly parameters: readonly ["i32", "buffer", "usize"];
        readonly result: "isize";
    };
    readonly close: {
        readonly parameters: readonly ["i32"];
        readonly result: "i32";
    };
    readonly fcntl: {
        readonly parameters: readonly ["i32", "i32", "i32"];
        readonly result: "i32";
    };
    readonly memcpy: {
        readonly parameters: readonly ["buffer", "pointer", "usize"];
        readonly result: "pointer";
    };
    readonly malloc: {
        readonly parameters: readonly ["usize"];
        readonly result: "pointer";
    };
    readonly free: {
        readonly parameters: readonly ["pointer"];
        readonly result: "void";
    };
    readonly calloc: {
        readonly parameters: readonly ["usize", "usize"];
        readonly result: "pointer";
    };
    readonly getenv: {
        readonly parameters: readonly ["buffer"];
        readonly result: "pointer";
    };
    readonly setenv: {
        readonly parameters: readonly ["buffer", "buffer", "i32"];
        readonly result: "i32";
    };
    readonly mmap: {
        readonly parameters: readonly ["pointer", "usize", "i32", "i32", "i32", "i64"];
        readonly result: "pointer";
    };
    readonly mprotect: {
        readonly parameters: readonly ["pointer", "usize", "i32"];
        readonly result: "i32";
    };
    readonly getpid: {
        readonly parameters: readonly [];
        readonly result: "i32";
    };
    readonly gettid: {
        readonly parameters: readonly [];
        readonly result: "i32";
        readonly optional: true;
    };
    readonly getauxval: {
        readonly parameters: readonly ["usize"];
        readonly result: "usize";
        readonly optional: true;
    };
    readonly tgkill: {
        readonly parameters: readonly ["i32", "i32", "i32"];
        readonly result: "i32";
        readonly optional: true;
    };
};
export type ZmqSymbols = typeof zmqSymbols;
export type LibcSymbols = typeof libcSymbols;
