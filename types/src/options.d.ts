/**
 * Every stable libzmq 4.3 socket option as one table: camelCase name (zeromq.js's where it has
 * one), `ZMQ_*` id, C type, access, and the socket types it applies to. The typed properties on
 * each socket class and the constructor options are generated from this table.
 *
 * Left out on purpose: ZMQ_RCVMORE, ZMQ_FD and ZMQ_EVENTS (the library's event loop owns them;
 * messages are always whole), ZMQ_TYPE (`socket.type`), ZMQ_SUBSCRIBE/ZMQ_UNSUBSCRIBE
 * (`subscribe()`/`unsubscribe()`), deprecated options (ZMQ_IPV4ONLY, ZMQ_ROUTER_RAW,
 * ZMQ_TCP_ACCEPT_FILTER, ZMQ_IPC_FILTER_*), and options that are draft in 4.3.
 */
import type { OptionPropertiesByType, SocketOptionsByType } from "./option_properties.ts";
/** libzmq's socket type names. */
export type SocketTypeName = "PAIR" | "PUB" | "SUB" | "REQ" | "REP" | "DEALER" | "ROUTER" | "PULL" | "PUSH" | "XPUB" | "XSUB" | "STREAM";
/**
 * C types: `int`, `bool` (an int 0/1 shown as a boolean), `int64`, `uint64`, `string`
 * (NUL-terminated), `bytes` (binary, set from a string or bytes, read as a Uint8Array),
 * `key` (a CURVE key: 40 Z85 characters or 32 bytes, read as Z85), `mechanism` (read-only int
 * shown as "null" | "plain" | "curve" | "gssapi").
 */
export type OptionKind = "int" | "bool" | "int64" | "uint64" | "string" | "bytes" | "key" | "mechanism";
/** One entry of the option table. */
export interface OptionSpec {
    /** The `ZMQ_*` number libzmq knows the option by. */
    readonly id: number;
    /** The option's C type, which decides its JS type (see OptionKind). */
    readonly kind: OptionKind;
    /** "rw" read and write, "r" read-only, "w" write-only (libzmq cannot read it back). */
    readonly access: "rw" | "r" | "w";
    /** The socket types it applies to; absent: all. */
    readonly sockets?: readonly SocketTypeName[];
    /** A `zmq_has()` capability the option needs. */
    readonly requires?: "curve" | "gssapi";
    /** The values an int option accepts, where libzmq does not check them itself (RangeError). */
    readonly range?: readonly [number, number];
}
/**
 * The option table: every stable libzmq 4.3 socket option by its camelCase name. Each is a typed
 * property of the socket classes it applies to and a constructor option of theirs.
 *
 * ```ts
 * import { OPTIONS } from "zeromq-ffi";
 * console.log(OPTIONS.linger); // { id: 17, kind: "int", access: "rw" }
 * ```
 */
export declare const OPTIONS: {
    /** ZMQ_AFFINITY: I/O thread affinity bitmask for new connections. */
    readonly affinity: {
        readonly id: 4;
        readonly kind: "uint64";
        readonly access: "rw";
    };
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. */
    readonly routingId: {
        readonly id: 5;
        readonly kind: "bytes";
        readonly access: "rw";
        readonly sockets: readonly ["REQ", "REP", "ROUTER", "DEALER"];
    };
    /** ZMQ_RATE: multicast data rate in kbit/s. */
    readonly rate: {
        readonly id: 8;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_RECOVERY_IVL: multicast recovery interval in ms. */
    readonly recoveryInterval: {
        readonly id: 9;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_SNDBUF: kernel transmit buffer size in bytes (-1: OS default). */
    readonly sendBufferSize: {
        readonly id: 11;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_RCVBUF: kernel receive buffer size in bytes (-1: OS default). */
    readonly receiveBufferSize: {
        readonly id: 12;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_LINGER: ms that unsent messages are kept after close (-1: forever, 0: discard). */
    readonly linger: {
        readonly id: 17;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_RECONNECT_IVL: ms between reconnection attempts (-1: no reconnection). */
    readonly reconnectInterval: {
        readonly id: 18;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_BACKLOG: maximum length of the queue of pending connections. */
    readonly backlog: {
        readonly id: 19;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_RECONNECT_IVL_MAX: upper bound in ms of the exponential reconnect back-off (0: none). */
    readonly reconnectMaxInterval: {
        readonly id: 21;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_MAXMSGSIZE: largest inbound message in bytes (-1: no limit); a peer sending more is dropped. */
    readonly maxMessageSize: {
        readonly id: 22;
        readonly kind: "int64";
        readonly access: "rw";
    };
    /** ZMQ_SNDHWM: high-water mark of outbound messages per peer (0: none). */
    readonly sendHighWaterMark: {
        readonly id: 23;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_RCVHWM: high-water mark of inbound messages per peer (0: none). */
    readonly receiveHighWaterMark: {
        readonly id: 24;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_MULTICAST_HOPS: multicast time-to-live, 1-255 (libzmq 4.3.4 takes more, then aborts when pgm starts). */
    readonly multicastHops: {
        readonly id: 25;
        readonly kind: "int";
        readonly access: "rw";
        readonly range: readonly [1, 255];
    };
    /** ZMQ_RCVTIMEO: default timeout in ms of each `receive()` (-1: none). */
    readonly receiveTimeout: {
        readonly id: 27;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_SNDTIMEO: default timeout in ms of each `send()` (-1: none). */
    readonly sendTimeout: {
        readonly id: 28;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_LAST_ENDPOINT: the endpoint last bound or connected, with wildcards resolved. */
    readonly lastEndpoint: {
        readonly id: 32;
        readonly kind: "string";
        readonly access: "r";
    };
    /** ZMQ_ROUTER_MANDATORY: sending to an unknown routing id fails with EHOSTUNREACH instead of dropping. */
    readonly mandatory: {
        readonly id: 33;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["ROUTER"];
    };
    /** ZMQ_TCP_KEEPALIVE: SO_KEEPALIVE (-1: OS default, 0: off, 1: on). */
    readonly tcpKeepalive: {
        readonly id: 34;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_TCP_KEEPALIVE_CNT: TCP_KEEPCNT (-1: OS default). */
    readonly tcpKeepaliveCount: {
        readonly id: 35;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_TCP_KEEPALIVE_IDLE: TCP_KEEPIDLE in s (-1: OS default). */
    readonly tcpKeepaliveIdle: {
        readonly id: 36;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_TCP_KEEPALIVE_INTVL: TCP_KEEPINTVL in s (-1: OS default). */
    readonly tcpKeepaliveInterval: {
        readonly id: 37;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_IMMEDIATE: queue messages only to completed connections. */
    readonly immediate: {
        readonly id: 39;
        readonly kind: "bool";
        readonly access: "rw";
    };
    /** ZMQ_XPUB_VERBOSE: pass every subscription message upstream, duplicates included. */
    readonly verbose: {
        readonly id: 40;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["XPUB"];
    };
    /** ZMQ_IPV6: enable IPv6 on the socket. */
    readonly ipv6: {
        readonly id: 42;
        readonly kind: "bool";
        readonly access: "rw";
    };
    /** ZMQ_MECHANISM: the security mechanism in use. */
    readonly securityMechanism: {
        readonly id: 43;
        readonly kind: "mechanism";
        readonly access: "r";
    };
    /** ZMQ_PLAIN_SERVER: act as a PLAIN server. */
    readonly plainServer: {
        readonly id: 44;
        readonly kind: "bool";
        readonly access: "rw";
    };
    /** ZMQ_PLAIN_USERNAME: PLAIN client user name. */
    readonly plainUsername: {
        readonly id: 45;
        readonly kind: "string";
        readonly access: "rw";
    };
    /** ZMQ_PLAIN_PASSWORD: PLAIN client password. */
    readonly plainPassword: {
        readonly id: 46;
        readonly kind: "string";
        readonly access: "rw";
    };
    /** ZMQ_CURVE_SERVER: act as a CURVE server (set `curveSecretKey` too). */
    readonly curveServer: {
        readonly id: 47;
        readonly kind: "bool";
        readonly access: "rw";
        readonly requires: "curve";
    };
    /** ZMQ_CURVE_PUBLICKEY: this socket's long-term public key (Z85 or 32 bytes). */
    readonly curvePublicKey: {
        readonly id: 48;
        readonly kind: "key";
        readonly access: "rw";
        readonly requires: "curve";
    };
    /** ZMQ_CURVE_SECRETKEY: this socket's long-term secret key (Z85 or 32 bytes). */
    readonly curveSecretKey: {
        readonly id: 49;
        readonly kind: "key";
        readonly access: "rw";
        readonly requires: "curve";
    };
    /** ZMQ_CURVE_SERVERKEY: the server's public key, on a CURVE client (Z85 or 32 bytes). */
    readonly curveServerKey: {
        readonly id: 50;
        readonly kind: "key";
        readonly access: "rw";
        readonly requires: "curve";
    };
    /** ZMQ_PROBE_ROUTER: send an empty message to each new ROUTER peer on connect. */
    readonly probeRouter: {
        readonly id: 51;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["ROUTER", "DEALER", "REQ"];
    };
    /** ZMQ_REQ_CORRELATE: match replies to requests with a request id. */
    readonly correlate: {
        readonly id: 52;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["REQ"];
    };
    /** ZMQ_REQ_RELAXED: allow a new request before the reply to the last one arrived. */
    readonly relaxed: {
        readonly id: 53;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["REQ"];
    };
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). */
    readonly conflate: {
        readonly id: 54;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["PULL", "PUSH", "SUB", "PUB", "DEALER", "PAIR"];
    };
    /** ZMQ_ZAP_DOMAIN: the authentication domain sent to the ZAP handler. */
    readonly zapDomain: {
        readonly id: 55;
        readonly kind: "string";
        readonly access: "rw";
    };
    /** ZMQ_ROUTER_HANDOVER: a new peer with a routing id in use takes it over. */
    readonly handover: {
        readonly id: 56;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["ROUTER"];
    };
    /** ZMQ_TOS: IP type-of-service of outgoing packets. */
    readonly typeOfService: {
        readonly id: 57;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_CONNECT_ROUTING_ID: the routing id to give the peer of the next connect(). */
    readonly connectRoutingId: {
        readonly id: 61;
        readonly kind: "bytes";
        readonly access: "w";
        readonly sockets: readonly ["ROUTER", "STREAM"];
    };
    /** ZMQ_GSSAPI_SERVER: act as a GSSAPI server. */
    readonly gssapiServer: {
        readonly id: 62;
        readonly kind: "bool";
        readonly access: "rw";
        readonly requires: "gssapi";
    };
    /** ZMQ_GSSAPI_PRINCIPAL: this socket's GSSAPI principal. */
    readonly gssapiPrincipal: {
        readonly id: 63;
        readonly kind: "string";
        readonly access: "rw";
        readonly requires: "gssapi";
    };
    /** ZMQ_GSSAPI_SERVICE_PRINCIPAL: the server's GSSAPI principal, on a client. */
    readonly gssapiServicePrincipal: {
        readonly id: 64;
        readonly kind: "string";
        readonly access: "rw";
        readonly requires: "gssapi";
    };
    /** ZMQ_GSSAPI_PLAINTEXT: disable GSSAPI encryption. */
    readonly gssapiPlainText: {
        readonly id: 65;
        readonly kind: "bool";
        readonly access: "rw";
        readonly requires: "gssapi";
    };
    /** ZMQ_HANDSHAKE_IVL: ms a new connection has to complete its handshake (0: no limit). */
    readonly handshakeInterval: {
        readonly id: 66;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_SOCKS_PROXY: a SOCKS5 proxy ("host:port") for tcp connections. */
    readonly socksProxy: {
        readonly id: 68;
        readonly kind: "string";
        readonly access: "rw";
    };
    /** ZMQ_XPUB_NODROP: at the high-water mark, fail with EAGAIN instead of dropping. */
    readonly noDrop: {
        readonly id: 69;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["XPUB", "PUB"];
    };
    /** ZMQ_XPUB_MANUAL: subscriptions are applied by the application (`subscribe()` after each subscription message). */
    readonly manual: {
        readonly id: 71;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["XPUB"];
    };
    /** ZMQ_XPUB_WELCOME_MSG: a message sent to each new subscriber. */
    readonly welcomeMessage: {
        readonly id: 72;
        readonly kind: "bytes";
        readonly access: "w";
        readonly sockets: readonly ["XPUB"];
    };
    /** ZMQ_STREAM_NOTIFY: deliver [id, ""] on connect and disconnect. */
    readonly notify: {
        readonly id: 73;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["STREAM"];
    };
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    readonly invertMatching: {
        readonly id: 74;
        readonly kind: "bool";
        readonly access: "rw";
        readonly sockets: readonly ["PUB", "XPUB", "SUB", "XSUB"];
    };
    /** ZMQ_HEARTBEAT_IVL: ms between ZMTP heartbeats (0: none). */
    readonly heartbeatInterval: {
        readonly id: 75;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_HEARTBEAT_TTL: ms the remote peer waits for traffic before dropping us (rounded to 100 ms). */
    readonly heartbeatTimeToLive: {
        readonly id: 76;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_HEARTBEAT_TIMEOUT: ms without traffic after a ping before the connection is dropped. */
    readonly heartbeatTimeout: {
        readonly id: 77;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_XPUB_VERBOSER: pass every subscribe and unsubscribe message upstream. */
    readonly verboser: {
        readonly id: 78;
        readonly kind: "bool";
        readonly access: "w";
        readonly sockets: readonly ["XPUB"];
    };
    /** ZMQ_CONNECT_TIMEOUT: ms a tcp connect may take (0: OS default). */
    readonly connectTimeout: {
        readonly id: 79;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_TCP_MAXRT: TCP_USER_TIMEOUT in ms (0: OS default). */
    readonly tcpMaxRetransmitTimeout: {
        readonly id: 80;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_THREAD_SAFE: whether the socket is thread-safe (never, for these types). */
    readonly threadSafe: {
        readonly id: 81;
        readonly kind: "bool";
        readonly access: "r";
    };
    /** ZMQ_MULTICAST_MAXTPDU: maximum multicast transport data unit in bytes. */
    readonly multicastMaxTransportDataUnitSize: {
        readonly id: 84;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_VMCI_BUFFER_SIZE: VMCI buffer size. */
    readonly vmciBufferSize: {
        readonly id: 85;
        readonly kind: "uint64";
        readonly access: "rw";
    };
    /** ZMQ_VMCI_BUFFER_MIN_SIZE: VMCI minimum buffer size. */
    readonly vmciBufferMinSize: {
        readonly id: 86;
        readonly kind: "uint64";
        readonly access: "rw";
    };
    /** ZMQ_VMCI_BUFFER_MAX_SIZE: VMCI maximum buffer size. */
    readonly vmciBufferMaxSize: {
        readonly id: 87;
        readonly kind: "uint64";
        readonly access: "rw";
    };
    /** ZMQ_VMCI_CONNECT_TIMEOUT: VMCI connect timeout in ms. */
    readonly vmciConnectTimeout: {
        readonly id: 88;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_USE_FD: bind to an already open listening file descriptor (-1: none). */
    readonly useFd: {
        readonly id: 89;
        readonly kind: "int";
        readonly access: "rw";
    };
    /** ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: name type of `gssapiPrincipal` (0 host-based, 1 user, 2 krb5). */
    readonly gssapiPrincipalNameType: {
        readonly id: 90;
        readonly kind: "int";
        readonly access: "rw";
        readonly requires: "gssapi";
    };
    /** ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: name type of `gssapiServicePrincipal`. */
    readonly gssapiServicePrincipalNameType: {
        readonly id: 91;
        readonly kind: "int";
        readonly access: "rw";
        readonly requires: "gssapi";
    };
    /** ZMQ_BINDTODEVICE: bind connections to this network interface (SO_BINDTODEVICE). */
    readonly interface: {
        readonly id: 92;
        readonly kind: "string";
        readonly access: "rw";
    };
};
/** The name of a socket option: a key of {@link OPTIONS}. */
export type OptionName = keyof typeof OPTIONS;
/**
 * What can be passed to a socket constructor: every writable option of socket type T, with the
 * types a write takes. Generated from the table into option_properties.ts.
 */
export type SocketOptions<T extends SocketTypeName> = SocketOptionsByType[T];
/**
 * The typed option properties of a socket of type T: each reads as its C type's JS type and
 * accepts the wider types a write takes (a string or bytes for a routing id or a CURVE key, a
 * bigint for 64-bit options); write-only options read back the last value set. Generated from
 * this table into option_properties.ts (scripts/gen_option_types.ts), since a mapped type
 * cannot give a property different read and write types.
 */
export type OptionProperties<T extends SocketTypeName> = OptionPropertiesByType[T];
/** The option names that apply to a socket type. */
export declare function optionsFor(type: SocketTypeName): [OptionName, OptionSpec][];
