/**
 * The numbers of libzmq, of errno and of the OS that the library uses, in one place. Socket
 * option ids live in the option table (`OPTIONS` in options.ts); the few options the library
 * keeps for itself (ZMQ_FD, ZMQ_EVENTS, ...) are here.
 */
/** libzmq's constants (zmq.h, 4.3). */
export declare const ZMQ: {
    readonly IO_THREADS: 1;
    readonly MAX_SOCKETS: 2;
    readonly SOCKET_LIMIT: 3;
    readonly THREAD_PRIORITY: 3;
    readonly THREAD_SCHED_POLICY: 4;
    readonly MAX_MSGSZ: 5;
    readonly IPV6: 42;
    readonly PAIR: 0;
    readonly PUB: 1;
    readonly SUB: 2;
    readonly REQ: 3;
    readonly REP: 4;
    readonly DEALER: 5;
    readonly ROUTER: 6;
    readonly PULL: 7;
    readonly PUSH: 8;
    readonly XPUB: 9;
    readonly XSUB: 10;
    readonly STREAM: 11;
    readonly DONTWAIT: 1;
    readonly SNDMORE: 2;
    readonly POLLIN: 1;
    readonly POLLOUT: 2;
    readonly FD: 14;
    readonly EVENTS: 15;
    readonly SUBSCRIBE: 6;
    readonly UNSUBSCRIBE: 7;
};
declare const ZMQ_ERRNO: {
    readonly EFSM: number;
    readonly ENOCOMPATPROTO: number;
    readonly ETERM: number;
    readonly EMTHREAD: number;
};
/** errno values by name, Linux. */
declare const LINUX: {
    readonly EPERM: 1;
    readonly ENOENT: 2;
    readonly EINTR: 4;
    readonly EBADF: 9;
    readonly EAGAIN: 11;
    readonly ENOMEM: 12;
    readonly EACCES: 13;
    readonly EFAULT: 14;
    readonly EBUSY: 16;
    readonly ENODEV: 19;
    readonly EINVAL: 22;
    readonly EMFILE: 24;
    readonly EPIPE: 32;
    readonly ENAMETOOLONG: 36;
    readonly EPROTO: 71;
    readonly ENOTSOCK: 88;
    readonly EMSGSIZE: 90;
    readonly EPROTONOSUPPORT: 93;
    readonly ENOTSUP: 95;
    readonly EAFNOSUPPORT: 97;
    readonly EADDRINUSE: 98;
    readonly EADDRNOTAVAIL: 99;
    readonly ENETDOWN: 100;
    readonly ENETUNREACH: 101;
    readonly ECONNABORTED: 103;
    readonly ECONNRESET: 104;
    readonly ENOBUFS: 105;
    readonly ENOTCONN: 107;
    readonly ETIMEDOUT: 110;
    readonly ECONNREFUSED: 111;
    readonly EHOSTUNREACH: 113;
    readonly EINPROGRESS: 115;
};
/** An errno name the library knows. */
export type ErrnoName = keyof typeof LINUX | keyof typeof ZMQ_ERRNO;
/** The errno table of an OS, libzmq's own codes included. */
export declare function errnoTable(os: string): Record<ErrnoName, number>;
/** libc's numbers (poll(2), fcntl(2), dlopen(3)). */
export declare const LIBC: {
    readonly POLLIN: 1;
    readonly F_SETFL: 4;
    /** O_NONBLOCK by OS. */
    readonly O_NONBLOCK: Record<string, number>;
    /** RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE by OS. */
    readonly RTLD_PIN: Record<string, number>;
    /** mmap/mprotect (Linux): PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS. */
    readonly PROT_RW: number;
    readonly PROT_RX: number;
    readonly MAP_PRIVATE_ANON: number;
};
/** Whether this machine stores integers little-endian (every platform libzmq runs on today). */
export declare const LITTLE_ENDIAN: boolean;
export {};
