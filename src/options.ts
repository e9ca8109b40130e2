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
export type SocketTypeName =
  | "PAIR"
  | "PUB"
  | "SUB"
  | "REQ"
  | "REP"
  | "DEALER"
  | "ROUTER"
  | "PULL"
  | "PUSH"
  | "XPUB"
  | "XSUB"
  | "STREAM";

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
export const OPTIONS = {
  /** ZMQ_AFFINITY: I/O thread affinity bitmask for new connections. */
  affinity: { id: 4, kind: "uint64", access: "rw" },
  /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. */
  routingId: { id: 5, kind: "bytes", access: "rw", sockets: ["REQ", "REP", "ROUTER", "DEALER"] },
  /** ZMQ_RATE: multicast data rate in kbit/s. */
  rate: { id: 8, kind: "int", access: "rw" },
  /** ZMQ_RECOVERY_IVL: multicast recovery interval in ms. */
  recoveryInterval: { id: 9, kind: "int", access: "rw" },
  /** ZMQ_SNDBUF: kernel transmit buffer size in bytes (-1: OS default). */
  sendBufferSize: { id: 11, kind: "int", access: "rw" },
  /** ZMQ_RCVBUF: kernel receive buffer size in bytes (-1: OS default). */
  receiveBufferSize: { id: 12, kind: "int", access: "rw" },
  /** ZMQ_LINGER: ms that unsent messages are kept after close (-1: forever, 0: discard). */
  linger: { id: 17, kind: "int", access: "rw" },
  /** ZMQ_RECONNECT_IVL: ms between reconnection attempts (-1: no reconnection). */
  reconnectInterval: { id: 18, kind: "int", access: "rw" },
  /** ZMQ_BACKLOG: maximum length of the queue of pending connections. */
  backlog: { id: 19, kind: "int", access: "rw" },
  /** ZMQ_RECONNECT_IVL_MAX: upper bound in ms of the exponential reconnect back-off (0: none). */
  reconnectMaxInterval: { id: 21, kind: "int", access: "rw" },
  /** ZMQ_MAXMSGSIZE: largest inbound message in bytes (-1: no limit); a peer sending more is dropped. */
  maxMessageSize: { id: 22, kind: "int64", access: "rw" },
  /** ZMQ_SNDHWM: high-water mark of outbound messages per peer (0: none). */
  sendHighWaterMark: { id: 23, kind: "int", access: "rw" },
  /** ZMQ_RCVHWM: high-water mark of inbound messages per peer (0: none). */
  receiveHighWaterMark: { id: 24, kind: "int", access: "rw" },
  /** ZMQ_MULTICAST_HOPS: multicast time-to-live, 1-255 (libzmq 4.3.4 takes more, then aborts when pgm starts). */
  multicastHops: { id: 25, kind: "int", access: "rw", range: [1, 255] },
  /** ZMQ_RCVTIMEO: default timeout in ms of each `receive()` (-1: none). */
  receiveTimeout: { id: 27, kind: "int", access: "rw" },
  /** ZMQ_SNDTIMEO: default timeout in ms of each `send()` (-1: none). */
  sendTimeout: { id: 28, kind: "int", access: "rw" },
  /** ZMQ_LAST_ENDPOINT: the endpoint last bound or connected, with wildcards resolved. */
  lastEndpoint: { id: 32, kind: "string", access: "r" },
  /** ZMQ_ROUTER_MANDATORY: sending to an unknown routing id fails with EHOSTUNREACH instead of dropping. */
  mandatory: { id: 33, kind: "bool", access: "w", sockets: ["ROUTER"] },
  /** ZMQ_TCP_KEEPALIVE: SO_KEEPALIVE (-1: OS default, 0: off, 1: on). */
  tcpKeepalive: { id: 34, kind: "int", access: "rw" },
  /** ZMQ_TCP_KEEPALIVE_CNT: TCP_KEEPCNT (-1: OS default). */
  tcpKeepaliveCount: { id: 35, kind: "int", access: "rw" },
  /** ZMQ_TCP_KEEPALIVE_IDLE: TCP_KEEPIDLE in s (-1: OS default). */
  tcpKeepaliveIdle: { id: 36, kind: "int", access: "rw" },
  /** ZMQ_TCP_KEEPALIVE_INTVL: TCP_KEEPINTVL in s (-1: OS default). */
  tcpKeepaliveInterval: { id: 37, kind: "int", access: "rw" },
  /** ZMQ_IMMEDIATE: queue messages only to completed connections. */
  immediate: { id: 39, kind: "bool", access: "rw" },
  /** ZMQ_XPUB_VERBOSE: pass every subscription message upstream, duplicates included. */
  verbose: { id: 40, kind: "bool", access: "w", sockets: ["XPUB"] },
  /** ZMQ_IPV6: enable IPv6 on the socket. */
  ipv6: { id: 42, kind: "bool", access: "rw" },
  /** ZMQ_MECHANISM: the security mechanism in use. */
  securityMechanism: { id: 43, kind: "mechanism", access: "r" },
  /** ZMQ_PLAIN_SERVER: act as a PLAIN server. */
  plainServer: { id: 44, kind: "bool", access: "rw" },
  /** ZMQ_PLAIN_USERNAME: PLAIN client user name. */
  plainUsername: { id: 45, kind: "string", access: "rw" },
  /** ZMQ_PLAIN_PASSWORD: PLAIN client password. */
  plainPassword: { id: 46, kind: "string", access: "rw" },
  /** ZMQ_CURVE_SERVER: act as a CURVE server (set `curveSecretKey` too). */
  curveServer: { id: 47, kind: "bool", access: "rw", requires: "curve" },
  /** ZMQ_CURVE_PUBLICKEY: this socket's long-term public key (Z85 or 32 bytes). */
  curvePublicKey: { id: 48, kind: "key", access: "rw", requires: "curve" },
  /** ZMQ_CURVE_SECRETKEY: this socket's long-term secret key (Z85 or 32 bytes). */
  curveSecretKey: { id: 49, kind: "key", access: "rw", requires: "curve" },
  /** ZMQ_CURVE_SERVERKEY: the server's public key, on a CURVE client (Z85 or 32 bytes). */
  curveServerKey: { id: 50, kind: "key", access: "rw", requires: "curve" },
  /** ZMQ_PROBE_ROUTER: send an empty message to each new ROUTER peer on connect. */
  probeRouter: { id: 51, kind: "bool", access: "w", sockets: ["ROUTER", "DEALER", "REQ"] },
  /** ZMQ_REQ_CORRELATE: match replies to requests with a request id. */
  correlate: { id: 52, kind: "bool", access: "w", sockets: ["REQ"] },
  /** ZMQ_REQ_RELAXED: allow a new request before the reply to the last one arrived. */
  relaxed: { id: 53, kind: "bool", access: "w", sockets: ["REQ"] },
  /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). */
  conflate: { id: 54, kind: "bool", access: "w", sockets: ["PULL", "PUSH", "SUB", "PUB", "DEALER", "PAIR"] },
  /** ZMQ_ZAP_DOMAIN: the authentication domain sent to the ZAP handler. */
  zapDomain: { id: 55, kind: "string", access: "rw" },
  /** ZMQ_ROUTER_HANDOVER: a new peer with a routing id in use takes it over. */
  handover: { id: 56, kind: "bool", access: "w", sockets: ["ROUTER"] },
  /** ZMQ_TOS: IP type-of-service of outgoing packets. */
  typeOfService: { id: 57, kind: "int", access: "rw" },
  /** ZMQ_CONNECT_ROUTING_ID: the routing id to give the peer of the next connect(). */
  connectRoutingId: { id: 61, kind: "bytes", access: "w", sockets: ["ROUTER", "STREAM"] },
  /** ZMQ_GSSAPI_SERVER: act as a GSSAPI server. */
  gssapiServer: { id: 62, kind: "bool", access: "rw", requires: "gssapi" },
  /** ZMQ_GSSAPI_PRINCIPAL: this socket's GSSAPI principal. */
  gssapiPrincipal: { id: 63, kind: "string", access: "rw", requires: "gssapi" },
  /** ZMQ_GSSAPI_SERVICE_PRINCIPAL: the server's GSSAPI principal, on a client. */
  gssapiServicePrincipal: { id: 64, kind: "string", access: "rw", requires: "gssapi" },
  /** ZMQ_GSSAPI_PLAINTEXT: disable GSSAPI encryption. */
  gssapiPlainText: { id: 65, kind: "bool", access: "rw", requires: "gssapi" },
  /** ZMQ_HANDSHAKE_IVL: ms a new connection has to complete its handshake (0: no limit). */
  handshakeInterval: { id: 66, kind: "int", access: "rw" },
  /** ZMQ_SOCKS_PROXY: a SOCKS5 proxy ("host:port") for tcp connections. */
  socksProxy: { id: 68, kind: "string", access: "rw" },
  /** ZMQ_XPUB_NODROP: at the high-water mark, fail with EAGAIN instead of dropping. */
  noDrop: { id: 69, kind: "bool", access: "w", sockets: ["XPUB", "PUB"] },
  /** ZMQ_XPUB_MANUAL: subscriptions are applied by the application (`subscribe()` after each subscription message). */
  manual: { id: 71, kind: "bool", access: "w", sockets: ["XPUB"] },
  /** ZMQ_XPUB_WELCOME_MSG: a message sent to each new subscriber. */
  welcomeMessage: { id: 72, kind: "bytes", access: "w", sockets: ["XPUB"] },
  /** ZMQ_STREAM_NOTIFY: deliver [id, ""] on connect and disconnect. */
  notify: { id: 73, kind: "bool", access: "w", sockets: ["STREAM"] },
  /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
  invertMatching: { id: 74, kind: "bool", access: "rw", sockets: ["PUB", "XPUB", "SUB", "XSUB"] },
  /** ZMQ_HEARTBEAT_IVL: ms between ZMTP heartbeats (0: none). */
  heartbeatInterval: { id: 75, kind: "int", access: "rw" },
  /** ZMQ_HEARTBEAT_TTL: ms the remote peer waits for traffic before dropping us (rounded to 100 ms). */
  heartbeatTimeToLive: { id: 76, kind: "int", access: "rw" },
  /** ZMQ_HEARTBEAT_TIMEOUT: ms without traffic after a ping before the connection is dropped. */
  heartbeatTimeout: { id: 77, kind: "int", access: "rw" },
  /** ZMQ_XPUB_VERBOSER: pass every subscribe and unsubscribe message upstream. */
  verboser: { id: 78, kind: "bool", access: "w", sockets: ["XPUB"] },
  /** ZMQ_CONNECT_TIMEOUT: ms a tcp connect may take (0: OS default). */
  connectTimeout: { id: 79, kind: "int", access: "rw" },
  /** ZMQ_TCP_MAXRT: TCP_USER_TIMEOUT in ms (0: OS default). */
  tcpMaxRetransmitTimeout: { id: 80, kind: "int", access: "rw" },
  /** ZMQ_THREAD_SAFE: whether the socket is thread-safe (never, for these types). */
  threadSafe: { id: 81, kind: "bool", access: "r" },
  /** ZMQ_MULTICAST_MAXTPDU: maximum multicast transport data unit in bytes. */
  multicastMaxTransportDataUnitSize: { id: 84, kind: "int", access: "rw" },
  /** ZMQ_VMCI_BUFFER_SIZE: VMCI buffer size. */
  vmciBufferSize: { id: 85, kind: "uint64", access: "rw" },
  /** ZMQ_VMCI_BUFFER_MIN_SIZE: VMCI minimum buffer size. */
  vmciBufferMinSize: { id: 86, kind: "uint64", access: "rw" },
  /** ZMQ_VMCI_BUFFER_MAX_SIZE: VMCI maximum buffer size. */
  vmciBufferMaxSize: { id: 87, kind: "uint64", access: "rw" },
  /** ZMQ_VMCI_CONNECT_TIMEOUT: VMCI connect timeout in ms. */
  vmciConnectTimeout: { id: 88, kind: "int", access: "rw" },
  /** ZMQ_USE_FD: bind to an already open listening file descriptor (-1: none). */
  useFd: { id: 89, kind: "int", access: "rw" },
  /** ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: name type of `gssapiPrincipal` (0 host-based, 1 user, 2 krb5). */
  gssapiPrincipalNameType: { id: 90, kind: "int", access: "rw", requires: "gssapi" },
  /** ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: name type of `gssapiServicePrincipal`. */
  gssapiServicePrincipalNameType: { id: 91, kind: "int", access: "rw", requires: "gssapi" },
  /** ZMQ_BINDTODEVICE: bind connections to this network interface (SO_BINDTODEVICE). */
  interface: { id: 92, kind: "string", access: "rw" },
} as const satisfies Record<string, OptionSpec>;

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
export function optionsFor(type: SocketTypeName): [OptionName, OptionSpec][] {
  return (Object.entries(OPTIONS) as [OptionName, OptionSpec][]).filter(([, spec]) =>
    spec.sockets === undefined || spec.sockets.includes(type)
  );
}
