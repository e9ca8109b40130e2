/**
 * A ZAP authenticator (RFC 27): serves `inproc://zeromq.zap.01` in a context with a ROUTER read
 * through the library's own async receive, and answers the handshakes of that context's PLAIN,
 * CURVE (and, with a zapDomain, NULL) servers by peer address, user/password map, allowed CURVE
 * keys, or a handler of your own.
 */
import { type Context } from "./context.ts";
/** libzmq's fixed ZAP endpoint. */
export declare const ZAP_ENDPOINT = "inproc://zeromq.zap.01";
/** One ZAP request, as the server's libzmq sent it. */
export interface ZapRequest {
    /** The protocol version (always "1.0"). */
    version: string;
    /** The request id (the reply echoes it; the authenticator does that for you). */
    requestId: Uint8Array;
    /** The server's zapDomain ("" when it set none). */
    domain: string;
    /** The peer's IP address (tcp), or "" (ipc, inproc). */
    address: string;
    /** The routing id the peer announced (its routingId option), often empty. */
    identity: Uint8Array;
    /** The security mechanism: "NULL", "PLAIN", "CURVE" or "GSSAPI". */
    mechanism: string;
    /** The mechanism's credentials frames as received (PLAIN: username, password; CURVE: the 32-byte key). */
    credentials: Uint8Array<ArrayBuffer>[];
    /** PLAIN: the user name. */
    username?: string;
    /** PLAIN: the password. */
    password?: string;
    /** CURVE: the client's long-term public key, Z85. */
    publicKey?: string;
    /** GSSAPI: the client's principal. */
    principal?: string;
}
/** The answer to a ZAP request. */
export interface ZapReply {
    /** 200 (allowed), 300 (temporary failure: the client may retry), 400 (denied), 500 (internal error). */
    status: number;
    /** A short reason, sent to the server (not to the peer). */
    statusText?: string;
    /** The user id messages from this peer carry (property "User-Id"); sent only with status 200. */
    userId?: string;
    /** Properties every message from this peer carries (read them with receiveWithMetadata). */
    metadata?: Record<string, string | Uint8Array>;
}
/**
 * A custom policy: gets the request and the verdict the built-in rules (addresses, passwords,
 * keys) reached, and returns the reply to send, at once or as a promise. A handler that throws
 * denies with status 500.
 */
export type ZapHandler = (request: ZapRequest, verdict: ZapReply) => ZapReply | Promise<ZapReply>;
/** CURVE clients to accept: "any", a set of Z85 public keys (the user id is the key), or a map key -> user id. */
export type CurveKeys = "any" | Iterable<string> | Map<string, string> | Record<string, string>;
/** PLAIN users: user name -> password. */
export type Passwords = Map<string, string> | Record<string, string>;
/** Options of `new Authenticator()`. */
export interface AuthenticatorOptions {
    /** The context whose servers it authenticates (default: defaultContext). One authenticator per context. */
    context?: Context;
    /** Only these peer IP addresses are accepted (PLAIN and CURVE peers must still authenticate). */
    allow?: Iterable<string>;
    /** These peer IP addresses are refused. */
    deny?: Iterable<string>;
    /** PLAIN users of every domain (see configurePlain). */
    plain?: Passwords;
    /** CURVE clients of every domain (see configureCurve). */
    curve?: CurveKeys;
    /** A custom policy (see ZapHandler). */
    handler?: ZapHandler;
}
/**
 * Authenticates the PLAIN and CURVE handshakes of one context's servers (and NULL ones of servers
 * that set `zapDomain`), like pyzmq's Authenticator. Start it before the servers accept peers:
 * servers whose handshake finds no authenticator accept everyone.
 *
 * Rules, in order: a denied address, or an address missing from a non-empty allow list, gets 400.
 * NULL then passes; PLAIN needs a user whose password matches; CURVE needs an allowed key. With a
 * `handler`, its reply is what is sent.
 *
 * @example Only known CURVE clients
 * ```ts
 * import { Authenticator, curveKeyPair, Reply, Request } from "zeromq-ffi";
 *
 * const server = curveKeyPair(), client = curveKeyPair();
 * using auth = new Authenticator({ curve: [client.publicKey] });
 * auth.start();
 * using rep = new Reply({ curveServer: true, curveSecretKey: server.secretKey });
 * using req = new Request({
 *   curveServerKey: server.publicKey,
 *   curvePublicKey: client.publicKey,
 *   curveSecretKey: client.secretKey,
 * });
 * req.connect(rep.bind("tcp://127.0.0.1:*"));
 * await req.send("hello");
 * const { metadata } = await rep.receiveWithMetadata();
 * console.log(metadata["User-Id"] === client.publicKey); // true
 * ```
 */
export declare class Authenticator {
    #private;
    /** The context it serves. */
    readonly context: Context;
    /** An authenticator for `options.context` (default: `defaultContext`); it answers once started. */
    constructor(options?: AuthenticatorOptions);
    /** True between start() and stop(). */
    get running(): boolean;
    /** How many ZAP requests it has answered. */
    get requests(): number;
    /**
     * Binds the ZAP endpoint in its context and starts answering. Throws ZmqError "EADDRINUSE" if
     * another authenticator (or any ZAP handler) serves that context. Idempotent while running.
     */
    start(): void;
    /** Stops answering and frees the endpoint (requests in flight are dropped). Idempotent. */
    stop(): void;
    /** `using auth = new Authenticator(...)` stops it at the end of the scope. */
    [Symbol.dispose](): void;
    /** Accepts only these peer IP addresses (adds to the allow list). */
    allow(...addresses: string[]): void;
    /** Refuses these peer IP addresses (adds to the deny list). */
    deny(...addresses: string[]): void;
    /** Sets the PLAIN users (name -> password) of a ZAP domain ("*": every domain without its own). */
    configurePlain(passwords: Passwords, domain?: string): void;
    /**
     * Sets the CURVE clients of a ZAP domain ("*": every domain without its own): "any" key, a set
     * of Z85 public keys (the user id is the key), or a map key -> user id.
     */
    configureCurve(keys: CurveKeys, domain?: string): void;
}
/** ZMTP metadata: per property a 1-byte name length, the name, a 4-byte big-endian value length, the value. */
export declare function encodeMetadata(metadata: Record<string, string | Uint8Array>): Uint8Array;
