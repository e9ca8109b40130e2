/** The option properties of every socket type (write-only ones read back the last value set). */
export interface CommonOptionProperties {
    /** ZMQ_AFFINITY: I/O thread affinity bitmask for new connections. */
    affinity: number | bigint;
    /** ZMQ_RATE: multicast data rate in kbit/s. */
    rate: number;
    /** ZMQ_RECOVERY_IVL: multicast recovery interval in ms. */
    recoveryInterval: number;
    /** ZMQ_SNDBUF: kernel transmit buffer size in bytes (-1: OS default). */
    sendBufferSize: number;
    /** ZMQ_RCVBUF: kernel receive buffer size in bytes (-1: OS default). */
    receiveBufferSize: number;
    /** ZMQ_LINGER: ms that unsent messages are kept after close (-1: forever, 0: discard). */
    linger: number;
    /** ZMQ_RECONNECT_IVL: ms between reconnection attempts (-1: no reconnection). */
    reconnectInterval: number;
    /** ZMQ_BACKLOG: maximum length of the queue of pending connections. */
    backlog: number;
    /** ZMQ_RECONNECT_IVL_MAX: upper bound in ms of the exponential reconnect back-off (0: none). */
    reconnectMaxInterval: number;
    /** ZMQ_MAXMSGSIZE: largest inbound message in bytes (-1: no limit); a peer sending more is dropped. */
    maxMessageSize: number | bigint;
    /** ZMQ_SNDHWM: high-water mark of outbound messages per peer (0: none). */
    sendHighWaterMark: number;
    /** ZMQ_RCVHWM: high-water mark of inbound messages per peer (0: none). */
    receiveHighWaterMark: number;
    /** ZMQ_MULTICAST_HOPS: multicast time-to-live, 1-255 (libzmq 4.3.4 takes more, then aborts when pgm starts). */
    multicastHops: number;
    /** ZMQ_RCVTIMEO: default timeout in ms of each `receive()` (-1: none). */
    receiveTimeout: number;
    /** ZMQ_SNDTIMEO: default timeout in ms of each `send()` (-1: none). */
    sendTimeout: number;
    /** ZMQ_LAST_ENDPOINT: the endpoint last bound or connected, with wildcards resolved. Read-only. */
    readonly lastEndpoint: string;
    /** ZMQ_TCP_KEEPALIVE: SO_KEEPALIVE (-1: OS default, 0: off, 1: on). */
    tcpKeepalive: number;
    /** ZMQ_TCP_KEEPALIVE_CNT: TCP_KEEPCNT (-1: OS default). */
    tcpKeepaliveCount: number;
    /** ZMQ_TCP_KEEPALIVE_IDLE: TCP_KEEPIDLE in s (-1: OS default). */
    tcpKeepaliveIdle: number;
    /** ZMQ_TCP_KEEPALIVE_INTVL: TCP_KEEPINTVL in s (-1: OS default). */
    tcpKeepaliveInterval: number;
    /** ZMQ_IMMEDIATE: queue messages only to completed connections. */
    immediate: boolean;
    /** ZMQ_IPV6: enable IPv6 on the socket. */
    ipv6: boolean;
    /** ZMQ_MECHANISM: the security mechanism in use. Read-only. */
    readonly securityMechanism: "null" | "plain" | "curve" | "gssapi";
    /** ZMQ_PLAIN_SERVER: act as a PLAIN server. */
    plainServer: boolean;
    /** ZMQ_PLAIN_USERNAME: PLAIN client user name. */
    plainUsername: string;
    /** ZMQ_PLAIN_PASSWORD: PLAIN client password. */
    plainPassword: string;
    /** ZMQ_CURVE_SERVER: act as a CURVE server (set `curveSecretKey` too). */
    curveServer: boolean;
    /** ZMQ_CURVE_PUBLICKEY: this socket's long-term public key (Z85 or 32 bytes). Reads give string; a write takes string | Uint8Array. */
    get curvePublicKey(): string;
    /** @ignore */
    set curvePublicKey(value: string | Uint8Array);
    /** ZMQ_CURVE_SECRETKEY: this socket's long-term secret key (Z85 or 32 bytes). Reads give string; a write takes string | Uint8Array. */
    get curveSecretKey(): string;
    /** @ignore */
    set curveSecretKey(value: string | Uint8Array);
    /** ZMQ_CURVE_SERVERKEY: the server's public key, on a CURVE client (Z85 or 32 bytes). Reads give string; a write takes string | Uint8Array. */
    get curveServerKey(): string;
    /** @ignore */
    set curveServerKey(value: string | Uint8Array);
    /** ZMQ_ZAP_DOMAIN: the authentication domain sent to the ZAP handler. */
    zapDomain: string;
    /** ZMQ_TOS: IP type-of-service of outgoing packets. */
    typeOfService: number;
    /** ZMQ_GSSAPI_SERVER: act as a GSSAPI server. */
    gssapiServer: boolean;
    /** ZMQ_GSSAPI_PRINCIPAL: this socket's GSSAPI principal. */
    gssapiPrincipal: string;
    /** ZMQ_GSSAPI_SERVICE_PRINCIPAL: the server's GSSAPI principal, on a client. */
    gssapiServicePrincipal: string;
    /** ZMQ_GSSAPI_PLAINTEXT: disable GSSAPI encryption. */
    gssapiPlainText: boolean;
    /** ZMQ_HANDSHAKE_IVL: ms a new connection has to complete its handshake (0: no limit). */
    handshakeInterval: number;
    /** ZMQ_SOCKS_PROXY: a SOCKS5 proxy ("host:port") for tcp connections. */
    socksProxy: string;
    /** ZMQ_HEARTBEAT_IVL: ms between ZMTP heartbeats (0: none). */
    heartbeatInterval: number;
    /** ZMQ_HEARTBEAT_TTL: ms the remote peer waits for traffic before dropping us (rounded to 100 ms). */
    heartbeatTimeToLive: number;
    /** ZMQ_HEARTBEAT_TIMEOUT: ms without traffic after a ping before the connection is dropped. */
    heartbeatTimeout: number;
    /** ZMQ_CONNECT_TIMEOUT: ms a tcp connect may take (0: OS default). */
    connectTimeout: number;
    /** ZMQ_TCP_MAXRT: TCP_USER_TIMEOUT in ms (0: OS default). */
    tcpMaxRetransmitTimeout: number;
    /** ZMQ_THREAD_SAFE: whether the socket is thread-safe (never, for these types). Read-only. */
    readonly threadSafe: boolean;
    /** ZMQ_MULTICAST_MAXTPDU: maximum multicast transport data unit in bytes. */
    multicastMaxTransportDataUnitSize: number;
    /** ZMQ_VMCI_BUFFER_SIZE: VMCI buffer size. */
    vmciBufferSize: number | bigint;
    /** ZMQ_VMCI_BUFFER_MIN_SIZE: VMCI minimum buffer size. */
    vmciBufferMinSize: number | bigint;
    /** ZMQ_VMCI_BUFFER_MAX_SIZE: VMCI maximum buffer size. */
    vmciBufferMaxSize: number | bigint;
    /** ZMQ_VMCI_CONNECT_TIMEOUT: VMCI connect timeout in ms. */
    vmciConnectTimeout: number;
    /** ZMQ_USE_FD: bind to an already open listening file descriptor (-1: none). */
    useFd: number;
    /** ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: name type of `gssapiPrincipal` (0 host-based, 1 user, 2 krb5). */
    gssapiPrincipalNameType: number;
    /** ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: name type of `gssapiServicePrincipal`. */
    gssapiServicePrincipalNameType: number;
    /** ZMQ_BINDTODEVICE: bind connections to this network interface (SO_BINDTODEVICE). */
    interface: string;
}
/** The option properties of a Pair (PAIR). */
export interface PairOptionProperties extends CommonOptionProperties {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get conflate(): boolean | undefined;
    /** @ignore */
    set conflate(value: boolean);
}
/** The option properties of a Publisher (PUB). */
export interface PublisherOptionProperties extends CommonOptionProperties {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get conflate(): boolean | undefined;
    /** @ignore */
    set conflate(value: boolean);
    /** ZMQ_XPUB_NODROP: at the high-water mark, fail with EAGAIN instead of dropping. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get noDrop(): boolean | undefined;
    /** @ignore */
    set noDrop(value: boolean);
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    invertMatching: boolean;
}
/** The option properties of a Subscriber (SUB). */
export interface SubscriberOptionProperties extends CommonOptionProperties {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get conflate(): boolean | undefined;
    /** @ignore */
    set conflate(value: boolean);
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    invertMatching: boolean;
}
/** The option properties of a XPublisher (XPUB). */
export interface XPublisherOptionProperties extends CommonOptionProperties {
    /** ZMQ_XPUB_VERBOSE: pass every subscription message upstream, duplicates included. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get verbose(): boolean | undefined;
    /** @ignore */
    set verbose(value: boolean);
    /** ZMQ_XPUB_NODROP: at the high-water mark, fail with EAGAIN instead of dropping. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get noDrop(): boolean | undefined;
    /** @ignore */
    set noDrop(value: boolean);
    /** ZMQ_XPUB_MANUAL: subscriptions are applied by the application (`subscribe()` after each subscription message). Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get manual(): boolean | undefined;
    /** @ignore */
    set manual(value: boolean);
    /** ZMQ_XPUB_WELCOME_MSG: a message sent to each new subscriber. Write-only in libzmq: reads give the last value set here (undefined before). Takes string | Uint8Array. */
    get welcomeMessage(): Uint8Array | undefined;
    /** @ignore */
    set welcomeMessage(value: string | Uint8Array);
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    invertMatching: boolean;
    /** ZMQ_XPUB_VERBOSER: pass every subscribe and unsubscribe message upstream. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get verboser(): boolean | undefined;
    /** @ignore */
    set verboser(value: boolean);
}
/** The option properties of a XSubscriber (XSUB). */
export interface XSubscriberOptionProperties extends CommonOptionProperties {
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    invertMatching: boolean;
}
/** The option properties of a Request (REQ). */
export interface RequestOptionProperties extends CommonOptionProperties {
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. Reads give Uint8Array; a write takes string | Uint8Array. */
    get routingId(): Uint8Array;
    /** @ignore */
    set routingId(value: string | Uint8Array);
    /** ZMQ_PROBE_ROUTER: send an empty message to each new ROUTER peer on connect. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get probeRouter(): boolean | undefined;
    /** @ignore */
    set probeRouter(value: boolean);
    /** ZMQ_REQ_CORRELATE: match replies to requests with a request id. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get correlate(): boolean | undefined;
    /** @ignore */
    set correlate(value: boolean);
    /** ZMQ_REQ_RELAXED: allow a new request before the reply to the last one arrived. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get relaxed(): boolean | undefined;
    /** @ignore */
    set relaxed(value: boolean);
}
/** The option properties of a Reply (REP). */
export interface ReplyOptionProperties extends CommonOptionProperties {
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. Reads give Uint8Array; a write takes string | Uint8Array. */
    get routingId(): Uint8Array;
    /** @ignore */
    set routingId(value: string | Uint8Array);
}
/** The option properties of a Dealer (DEALER). */
export interface DealerOptionProperties extends CommonOptionProperties {
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. Reads give Uint8Array; a write takes string | Uint8Array. */
    get routingId(): Uint8Array;
    /** @ignore */
    set routingId(value: string | Uint8Array);
    /** ZMQ_PROBE_ROUTER: send an empty message to each new ROUTER peer on connect. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get probeRouter(): boolean | undefined;
    /** @ignore */
    set probeRouter(value: boolean);
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get conflate(): boolean | undefined;
    /** @ignore */
    set conflate(value: boolean);
}
/** The option properties of a Router (ROUTER). */
export interface RouterOptionProperties extends CommonOptionProperties {
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. Reads give Uint8Array; a write takes string | Uint8Array. */
    get routingId(): Uint8Array;
    /** @ignore */
    set routingId(value: string | Uint8Array);
    /** ZMQ_ROUTER_MANDATORY: sending to an unknown routing id fails with EHOSTUNREACH instead of dropping. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get mandatory(): boolean | undefined;
    /** @ignore */
    set mandatory(value: boolean);
    /** ZMQ_PROBE_ROUTER: send an empty message to each new ROUTER peer on connect. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get probeRouter(): boolean | undefined;
    /** @ignore */
    set probeRouter(value: boolean);
    /** ZMQ_ROUTER_HANDOVER: a new peer with a routing id in use takes it over. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get handover(): boolean | undefined;
    /** @ignore */
    set handover(value: boolean);
    /** ZMQ_CONNECT_ROUTING_ID: the routing id to give the peer of the next connect(). Write-only in libzmq: reads give the last value set here (undefined before). Takes string | Uint8Array. */
    get connectRoutingId(): Uint8Array | undefined;
    /** @ignore */
    set connectRoutingId(value: string | Uint8Array);
}
/** The option properties of a Pull (PULL). */
export interface PullOptionProperties extends CommonOptionProperties {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get conflate(): boolean | undefined;
    /** @ignore */
    set conflate(value: boolean);
}
/** The option properties of a Push (PUSH). */
export interface PushOptionProperties extends CommonOptionProperties {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get conflate(): boolean | undefined;
    /** @ignore */
    set conflate(value: boolean);
}
/** The option properties of a Stream (STREAM). */
export interface StreamOptionProperties extends CommonOptionProperties {
    /** ZMQ_CONNECT_ROUTING_ID: the routing id to give the peer of the next connect(). Write-only in libzmq: reads give the last value set here (undefined before). Takes string | Uint8Array. */
    get connectRoutingId(): Uint8Array | undefined;
    /** @ignore */
    set connectRoutingId(value: string | Uint8Array);
    /** ZMQ_STREAM_NOTIFY: deliver [id, ""] on connect and disconnect. Write-only in libzmq: reads give the last value set here (undefined before). Takes boolean. */
    get notify(): boolean | undefined;
    /** @ignore */
    set notify(value: boolean);
}
/** The option properties by socket type. */
export interface OptionPropertiesByType {
    /** The option properties of a Pair. */
    PAIR: PairOptionProperties;
    /** The option properties of a Publisher. */
    PUB: PublisherOptionProperties;
    /** The option properties of a Subscriber. */
    SUB: SubscriberOptionProperties;
    /** The option properties of a XPublisher. */
    XPUB: XPublisherOptionProperties;
    /** The option properties of a XSubscriber. */
    XSUB: XSubscriberOptionProperties;
    /** The option properties of a Request. */
    REQ: RequestOptionProperties;
    /** The option properties of a Reply. */
    REP: ReplyOptionProperties;
    /** The option properties of a Dealer. */
    DEALER: DealerOptionProperties;
    /** The option properties of a Router. */
    ROUTER: RouterOptionProperties;
    /** The option properties of a Pull. */
    PULL: PullOptionProperties;
    /** The option properties of a Push. */
    PUSH: PushOptionProperties;
    /** The option properties of a Stream. */
    STREAM: StreamOptionProperties;
}
/** The constructor options of every socket type: each writable option, by name. */
export interface CommonSocketOptions {
    /** ZMQ_AFFINITY: I/O thread affinity bitmask for new connections. */
    affinity?: number | bigint;
    /** ZMQ_RATE: multicast data rate in kbit/s. */
    rate?: number;
    /** ZMQ_RECOVERY_IVL: multicast recovery interval in ms. */
    recoveryInterval?: number;
    /** ZMQ_SNDBUF: kernel transmit buffer size in bytes (-1: OS default). */
    sendBufferSize?: number;
    /** ZMQ_RCVBUF: kernel receive buffer size in bytes (-1: OS default). */
    receiveBufferSize?: number;
    /** ZMQ_LINGER: ms that unsent messages are kept after close (-1: forever, 0: discard). */
    linger?: number;
    /** ZMQ_RECONNECT_IVL: ms between reconnection attempts (-1: no reconnection). */
    reconnectInterval?: number;
    /** ZMQ_BACKLOG: maximum length of the queue of pending connections. */
    backlog?: number;
    /** ZMQ_RECONNECT_IVL_MAX: upper bound in ms of the exponential reconnect back-off (0: none). */
    reconnectMaxInterval?: number;
    /** ZMQ_MAXMSGSIZE: largest inbound message in bytes (-1: no limit); a peer sending more is dropped. */
    maxMessageSize?: number | bigint;
    /** ZMQ_SNDHWM: high-water mark of outbound messages per peer (0: none). */
    sendHighWaterMark?: number;
    /** ZMQ_RCVHWM: high-water mark of inbound messages per peer (0: none). */
    receiveHighWaterMark?: number;
    /** ZMQ_MULTICAST_HOPS: multicast time-to-live, 1-255 (libzmq 4.3.4 takes more, then aborts when pgm starts). */
    multicastHops?: number;
    /** ZMQ_RCVTIMEO: default timeout in ms of each `receive()` (-1: none). */
    receiveTimeout?: number;
    /** ZMQ_SNDTIMEO: default timeout in ms of each `send()` (-1: none). */
    sendTimeout?: number;
    /** ZMQ_TCP_KEEPALIVE: SO_KEEPALIVE (-1: OS default, 0: off, 1: on). */
    tcpKeepalive?: number;
    /** ZMQ_TCP_KEEPALIVE_CNT: TCP_KEEPCNT (-1: OS default). */
    tcpKeepaliveCount?: number;
    /** ZMQ_TCP_KEEPALIVE_IDLE: TCP_KEEPIDLE in s (-1: OS default). */
    tcpKeepaliveIdle?: number;
    /** ZMQ_TCP_KEEPALIVE_INTVL: TCP_KEEPINTVL in s (-1: OS default). */
    tcpKeepaliveInterval?: number;
    /** ZMQ_IMMEDIATE: queue messages only to completed connections. */
    immediate?: boolean;
    /** ZMQ_IPV6: enable IPv6 on the socket. */
    ipv6?: boolean;
    /** ZMQ_PLAIN_SERVER: act as a PLAIN server. */
    plainServer?: boolean;
    /** ZMQ_PLAIN_USERNAME: PLAIN client user name. */
    plainUsername?: string;
    /** ZMQ_PLAIN_PASSWORD: PLAIN client password. */
    plainPassword?: string;
    /** ZMQ_CURVE_SERVER: act as a CURVE server (set `curveSecretKey` too). */
    curveServer?: boolean;
    /** ZMQ_CURVE_PUBLICKEY: this socket's long-term public key (Z85 or 32 bytes). */
    curvePublicKey?: string | Uint8Array;
    /** ZMQ_CURVE_SECRETKEY: this socket's long-term secret key (Z85 or 32 bytes). */
    curveSecretKey?: string | Uint8Array;
    /** ZMQ_CURVE_SERVERKEY: the server's public key, on a CURVE client (Z85 or 32 bytes). */
    curveServerKey?: string | Uint8Array;
    /** ZMQ_ZAP_DOMAIN: the authentication domain sent to the ZAP handler. */
    zapDomain?: string;
    /** ZMQ_TOS: IP type-of-service of outgoing packets. */
    typeOfService?: number;
    /** ZMQ_GSSAPI_SERVER: act as a GSSAPI server. */
    gssapiServer?: boolean;
    /** ZMQ_GSSAPI_PRINCIPAL: this socket's GSSAPI principal. */
    gssapiPrincipal?: string;
    /** ZMQ_GSSAPI_SERVICE_PRINCIPAL: the server's GSSAPI principal, on a client. */
    gssapiServicePrincipal?: string;
    /** ZMQ_GSSAPI_PLAINTEXT: disable GSSAPI encryption. */
    gssapiPlainText?: boolean;
    /** ZMQ_HANDSHAKE_IVL: ms a new connection has to complete its handshake (0: no limit). */
    handshakeInterval?: number;
    /** ZMQ_SOCKS_PROXY: a SOCKS5 proxy ("host:port") for tcp connections. */
    socksProxy?: string;
    /** ZMQ_HEARTBEAT_IVL: ms between ZMTP heartbeats (0: none). */
    heartbeatInterval?: number;
    /** ZMQ_HEARTBEAT_TTL: ms the remote peer waits for traffic before dropping us (rounded to 100 ms). */
    heartbeatTimeToLive?: number;
    /** ZMQ_HEARTBEAT_TIMEOUT: ms without traffic after a ping before the connection is dropped. */
    heartbeatTimeout?: number;
    /** ZMQ_CONNECT_TIMEOUT: ms a tcp connect may take (0: OS default). */
    connectTimeout?: number;
    /** ZMQ_TCP_MAXRT: TCP_USER_TIMEOUT in ms (0: OS default). */
    tcpMaxRetransmitTimeout?: number;
    /** ZMQ_MULTICAST_MAXTPDU: maximum multicast transport data unit in bytes. */
    multicastMaxTransportDataUnitSize?: number;
    /** ZMQ_VMCI_BUFFER_SIZE: VMCI buffer size. */
    vmciBufferSize?: number | bigint;
    /** ZMQ_VMCI_BUFFER_MIN_SIZE: VMCI minimum buffer size. */
    vmciBufferMinSize?: number | bigint;
    /** ZMQ_VMCI_BUFFER_MAX_SIZE: VMCI maximum buffer size. */
    vmciBufferMaxSize?: number | bigint;
    /** ZMQ_VMCI_CONNECT_TIMEOUT: VMCI connect timeout in ms. */
    vmciConnectTimeout?: number;
    /** ZMQ_USE_FD: bind to an already open listening file descriptor (-1: none). */
    useFd?: number;
    /** ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: name type of `gssapiPrincipal` (0 host-based, 1 user, 2 krb5). */
    gssapiPrincipalNameType?: number;
    /** ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: name type of `gssapiServicePrincipal`. */
    gssapiServicePrincipalNameType?: number;
    /** ZMQ_BINDTODEVICE: bind connections to this network interface (SO_BINDTODEVICE). */
    interface?: string;
}
/** The constructor options of a Pair (PAIR). */
export interface PairSocketOptions extends CommonSocketOptions {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). */
    conflate?: boolean;
}
/** The constructor options of a Publisher (PUB). */
export interface PublisherSocketOptions extends CommonSocketOptions {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). */
    conflate?: boolean;
    /** ZMQ_XPUB_NODROP: at the high-water mark, fail with EAGAIN instead of dropping. */
    noDrop?: boolean;
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    invertMatching?: boolean;
}
/** The constructor options of a Subscriber (SUB). */
export interface SubscriberSocketOptions extends CommonSocketOptions {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). */
    conflate?: boolean;
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    invertMatching?: boolean;
}
/** The constructor options of a XPublisher (XPUB). */
export interface XPublisherSocketOptions extends CommonSocketOptions {
    /** ZMQ_XPUB_VERBOSE: pass every subscription message upstream, duplicates included. */
    verbose?: boolean;
    /** ZMQ_XPUB_NODROP: at the high-water mark, fail with EAGAIN instead of dropping. */
    noDrop?: boolean;
    /** ZMQ_XPUB_MANUAL: subscriptions are applied by the application (`subscribe()` after each subscription message). */
    manual?: boolean;
    /** ZMQ_XPUB_WELCOME_MSG: a message sent to each new subscriber. */
    welcomeMessage?: string | Uint8Array;
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    invertMatching?: boolean;
    /** ZMQ_XPUB_VERBOSER: pass every subscribe and unsubscribe message upstream. */
    verboser?: boolean;
}
/** The constructor options of a XSubscriber (XSUB). */
export interface XSubscriberSocketOptions extends CommonSocketOptions {
    /** ZMQ_INVERT_MATCHING: deliver what does not match the subscriptions. */
    invertMatching?: boolean;
}
/** The constructor options of a Request (REQ). */
export interface RequestSocketOptions extends CommonSocketOptions {
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. */
    routingId?: string | Uint8Array;
    /** ZMQ_PROBE_ROUTER: send an empty message to each new ROUTER peer on connect. */
    probeRouter?: boolean;
    /** ZMQ_REQ_CORRELATE: match replies to requests with a request id. */
    correlate?: boolean;
    /** ZMQ_REQ_RELAXED: allow a new request before the reply to the last one arrived. */
    relaxed?: boolean;
}
/** The constructor options of a Reply (REP). */
export interface ReplySocketOptions extends CommonSocketOptions {
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. */
    routingId?: string | Uint8Array;
}
/** The constructor options of a Dealer (DEALER). */
export interface DealerSocketOptions extends CommonSocketOptions {
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. */
    routingId?: string | Uint8Array;
    /** ZMQ_PROBE_ROUTER: send an empty message to each new ROUTER peer on connect. */
    probeRouter?: boolean;
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). */
    conflate?: boolean;
}
/** The constructor options of a Router (ROUTER). */
export interface RouterSocketOptions extends CommonSocketOptions {
    /** ZMQ_ROUTING_ID: the identity this socket announces to a ROUTER peer. */
    routingId?: string | Uint8Array;
    /** ZMQ_ROUTER_MANDATORY: sending to an unknown routing id fails with EHOSTUNREACH instead of dropping. */
    mandatory?: boolean;
    /** ZMQ_PROBE_ROUTER: send an empty message to each new ROUTER peer on connect. */
    probeRouter?: boolean;
    /** ZMQ_ROUTER_HANDOVER: a new peer with a routing id in use takes it over. */
    handover?: boolean;
    /** ZMQ_CONNECT_ROUTING_ID: the routing id to give the peer of the next connect(). */
    connectRoutingId?: string | Uint8Array;
}
/** The constructor options of a Pull (PULL). */
export interface PullSocketOptions extends CommonSocketOptions {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). */
    conflate?: boolean;
}
/** The constructor options of a Push (PUSH). */
export interface PushSocketOptions extends CommonSocketOptions {
    /** ZMQ_CONFLATE: keep only the last message in each queue (single-part messages only). */
    conflate?: boolean;
}
/** The constructor options of a Stream (STREAM). */
export interface StreamSocketOptions extends CommonSocketOptions {
    /** ZMQ_CONNECT_ROUTING_ID: the routing id to give the peer of the next connect(). */
    connectRoutingId?: string | Uint8Array;
    /** ZMQ_STREAM_NOTIFY: deliver [id, ""] on connect and disconnect. */
    notify?: boolean;
}
/** The constructor options by socket type. */
export interface SocketOptionsByType {
    /** The constructor options of a Pair. */
    PAIR: PairSocketOptions;
    /** The constructor options of a Publisher. */
    PUB: PublisherSocketOptions;
    /** The constructor options of a Subscriber. */
    SUB: SubscriberSocketOptions;
    /** The constructor options of a XPublisher. */
    XPUB: XPublisherSocketOptions;
    /** The constructor options of a XSubscriber. */
    XSUB: XSubscriberSocketOptions;
    /** The constructor options of a Request. */
    REQ: RequestSocketOptions;
    /** The constructor options of a Reply. */
    REP: ReplySocketOptions;
    /** The constructor options of a Dealer. */
    DEALER: DealerSocketOptions;
    /** The constructor options of a Router. */
    ROUTER: RouterSocketOptions;
    /** The constructor options of a Pull. */
    PULL: PullSocketOptions;
    /** The constructor options of a Push. */
    PUSH: PushSocketOptions;
    /** The constructor options of a Stream. */
    STREAM: StreamSocketOptions;
}
