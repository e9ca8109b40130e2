/**
 * A ZAP authenticator (RFC 27): serves `inproc://zeromq.zap.01` in a context with a ROUTER read
 * through the library's own async receive, and answers the handshakes of that context's PLAIN,
 * CURVE (and, with a zapDomain, NULL) servers by peer address, user/password map, allowed CURVE
 * keys, or a handler of your own.
 */
import { type Context, defaultContext } from "./context.ts";
import { zmqError } from "./errors.ts";
import { Router } from "./sockets.ts";
import { z85Encode } from "./capabilities.ts";

/** libzmq's fixed ZAP endpoint. */
export const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

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

const running = new WeakMap<Context, Authenticator>();
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const STATUSES = new Set([200, 300, 400, 500]);

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
export class Authenticator {
  /** The context it serves. */
  readonly context: Context;
  #allow = new Set<string>();
  #deny = new Set<string>();
  #passwords = new Map<string, Map<string, string>>();
  #curve = new Map<string, "any" | Map<string, string>>();
  #handler: ZapHandler | undefined;
  #router: Router | null = null;
  #served = 0;

  /** An authenticator for `options.context` (default: `defaultContext`); it answers once started. */
  constructor(options: AuthenticatorOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("authenticator options must be an object");
    this.context = options.context ?? defaultContext;
    if (options.allow !== undefined) this.allow(...options.allow);
    if (options.deny !== undefined) this.deny(...options.deny);
    if (options.plain !== undefined) this.configurePlain(options.plain);
    if (options.curve !== undefined) this.configureCurve(options.curve);
    if (options.handler !== undefined && typeof options.handler !== "function") {
      throw new TypeError("handler must be a function");
    }
    this.#handler = options.handler;
  }

  /** True between start() and stop(). */
  get running(): boolean {
    return this.#router !== null;
  }

  /** How many ZAP requests it has answered. */
  get requests(): number {
    return this.#served;
  }

  /**
   * Binds the ZAP endpoint in its context and starts answering. Throws ZmqError "EADDRINUSE" if
   * another authenticator (or any ZAP handler) serves that context. Idempotent while running.
   */
  start(): void {
    if (this.#router !== null) return;
    const other = running.get(this.context);
    if (other !== undefined && other !== this) {
      throw zmqError(
        "EADDRINUSE",
        `an Authenticator is already running in this context (${ZAP_ENDPOINT}); stop it first`,
        ZAP_ENDPOINT,
      );
    }
    const router = new Router({ context: this.context, linger: 0 });
    try {
      router.bind(ZAP_ENDPOINT);
    } catch (e) {
      router.close();
      throw e;
    }
    this.#router = router;
    running.set(this.context, this);
    void this.#serve(router);
  }

  /** Stops answering and frees the endpoint (requests in flight are dropped). Idempotent. */
  stop(): void {
    const router = this.#router;
    if (router === null) return;
    this.#router = null;
    if (running.get(this.context) === this) running.delete(this.context);
    // Unbinding frees the inproc name at once; after close() alone libzmq frees it only later.
    try {
      router.unbind(ZAP_ENDPOINT);
    } catch {
      // Its context is shutting down: the name goes with it.
    }
    router.close();
  }

  /** `using auth = new Authenticator(...)` stops it at the end of the scope. */
  [Symbol.dispose](): void {
    this.stop();
  }

  /** Accepts only these peer IP addresses (adds to the allow list). */
  allow(...addresses: string[]): void {
    for (const a of addresses) this.#allow.add(address(a));
  }

  /** Refuses these peer IP addresses (adds to the deny list). */
  deny(...addresses: string[]): void {
    for (const a of addresses) this.#deny.add(address(a));
  }

  /** Sets the PLAIN users (name -> password) of a ZAP domain ("*": every domain without its own). */
  configurePlain(passwords: Passwords, domain = "*"): void {
    this.#passwords.set(domainName(domain), toMap(passwords, "passwords"));
  }

  /**
   * Sets the CURVE clients of a ZAP domain ("*": every domain without its own): "any" key, a set
   * of Z85 public keys (the user id is the key), or a map key -> user id.
   */
  configureCurve(keys: CurveKeys, domain = "*"): void {
    let entry: "any" | Map<string, string>;
    if (keys === "any") entry = "any";
    else if (keys instanceof Map || (typeof keys === "object" && keys !== null && !(Symbol.iterator in keys))) {
      entry = toMap(keys as Map<string, string> | Record<string, string>, "curve keys");
    } else if (typeof keys === "object" && keys !== null && Symbol.iterator in keys) {
      entry = new Map([...keys].map((k) => [k, k]));
    } else {
      throw new TypeError('curve keys must be "any", an iterable of Z85 keys, or a map of key -> user id');
    }
    if (entry !== "any") {
      for (const key of entry.keys()) {
        if (typeof key !== "string" || key.length !== 40) {
          throw zmqError("EINVAL", `a CURVE public key must be 40 Z85 characters, got ${JSON.stringify(key)}`);
        }
      }
    }
    this.#curve.set(domainName(domain), entry);
  }

  async #serve(router: Router): Promise<void> {
    try {
      for await (const frames of router) void this.#answer(router, frames);
    } catch {
      // The router was closed by its context's terminate(): nothing is left to answer.
    }
    if (this.#router === router) {
      this.#router = null;
      if (running.get(this.context) === this) running.delete(this.context);
    }
  }

  async #answer(router: Router, frames: Uint8Array<ArrayBuffer>[]): Promise<void> {
    // [routing id, "", version, request id, domain, address, identity, mechanism, credentials...]
    if (frames.length < 8 || frames[1].length !== 0) return; // not a ZAP request: nothing to echo
    const request = parse(frames);
    let reply: ZapReply;
    if (request.version !== "1.0") {
      reply = { status: 400, statusText: "unsupported ZAP version" };
    } else {
      reply = this.#verdict(request);
      if (this.#handler !== undefined) {
        try {
          reply = checkReply(await this.#handler(request, reply));
        } catch (e) {
          reply = { status: 500, statusText: e instanceof Error ? e.message.slice(0, 200) : "handler failed" };
        }
      }
    }
    this.#served++;
    const status = reply.status;
    const out = [
      frames[0],
      new Uint8Array(0),
      "1.0",
      request.requestId,
      String(status),
      reply.statusText ?? (status === 200 ? "OK" : "Denied"),
      status === 200 ? reply.userId ?? "" : "",
      status === 200 && reply.metadata ? encodeMetadata(reply.metadata) : new Uint8Array(0),
    ];
    if (router.closed) return;
    try {
      if (!router.trySend(out)) await router.send(out);
    } catch {
      // Stopped meanwhile: the server's handshake fails for want of an answer.
    }
  }

  /** The built-in rules' answer. */
  #verdict(r: ZapRequest): ZapReply {
    if (this.#deny.has(r.address)) return { status: 400, statusText: "Address denied" };
    let allowed = false;
    if (this.#allow.size !== 0) {
      if (!this.#allow.has(r.address)) return { status: 400, statusText: "Address not allowed" };
      allowed = true;
    }
    switch (r.mechanism) {
      case "NULL":
        return { status: 200, statusText: allowed ? "OK (allowed address)" : "OK", userId: "anonymous" };
      case "PLAIN": {
        const users = this.#passwords.get(r.domain) ?? this.#passwords.get("*");
        if (users === undefined) return { status: 400, statusText: "No passwords defined" };
        const expected = users.get(r.username ?? "");
        if (expected === undefined) return { status: 400, statusText: "Invalid username" };
        if (expected !== r.password) return { status: 400, statusText: "Invalid password" };
        return { status: 200, statusText: "OK", userId: r.username };
      }
      case "CURVE": {
        const keys = this.#curve.get(r.domain) ?? this.#curve.get("*");
        if (keys === undefined) return { status: 400, statusText: "No CURVE keys defined" };
        if (keys === "any") return { status: 200, statusText: "OK", userId: r.publicKey };
        const user = keys.get(r.publicKey ?? "");
        if (user === undefined) return { status: 400, statusText: "Unknown key" };
        return { status: 200, statusText: "OK", userId: user };
      }
      default:
        return { status: 400, statusText: `No policy for mechanism ${r.mechanism}` };
    }
  }
}

function parse(frames: Uint8Array<ArrayBuffer>[]): ZapRequest {
  const mechanism = decoder.decode(frames[7]);
  const credentials = frames.slice(8);
  const request: ZapRequest = {
    version: decoder.decode(frames[2]),
    requestId: frames[3],
    domain: decoder.decode(frames[4]),
    address: decoder.decode(frames[5]),
    identity: frames[6],
    mechanism,
    credentials,
  };
  if (mechanism === "PLAIN" && credentials.length >= 2) {
    request.username = decoder.decode(credentials[0]);
    request.password = decoder.decode(credentials[1]);
  } else if (mechanism === "CURVE" && credentials.length >= 1 && credentials[0].length === 32) {
    request.publicKey = z85Encode(credentials[0]);
  } else if (mechanism === "GSSAPI" && credentials.length >= 1) {
    request.principal = decoder.decode(credentials[0]);
  }
  return request;
}

function checkReply(reply: unknown): ZapReply {
  if (typeof reply !== "object" || reply === null) throw new TypeError("the ZAP handler must return a reply object");
  const r = reply as ZapReply;
  if (!STATUSES.has(r.status)) throw new TypeError(`the ZAP handler returned status ${r.status}, not 200/300/400/500`);
  if (r.statusText !== undefined && typeof r.statusText !== "string") {
    throw new TypeError("statusText must be a string");
  }
  if (r.userId !== undefined && typeof r.userId !== "string") throw new TypeError("userId must be a string");
  return r;
}

/** ZMTP metadata: per property a 1-byte name length, the name, a 4-byte big-endian value length, the value. */
export function encodeMetadata(metadata: Record<string, string | Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(metadata)) {
    const n = encoder.encode(name);
    if (n.length === 0 || n.length > 255) throw new TypeError(`metadata name "${name}" must be 1 to 255 bytes`);
    const v = typeof value === "string" ? encoder.encode(value) : value;
    const head = new Uint8Array(1 + n.length + 4);
    head[0] = n.length;
    head.set(n, 1);
    new DataView(head.buffer).setUint32(1 + n.length, v.length);
    parts.push(head, v);
  }
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function address(a: unknown): string {
  if (typeof a !== "string" || a === "") throw new TypeError("an address must be a non-empty IP address string");
  return a;
}

function domainName(d: unknown): string {
  if (typeof d !== "string") throw new TypeError("a ZAP domain must be a string");
  return d;
}

function toMap(value: Map<string, string> | Record<string, string>, what: string): Map<string, string> {
  const map = value instanceof Map ? new Map(value) : new Map(Object.entries(value ?? {}));
  for (const [k, v] of map) {
    if (typeof k !== "string" || typeof v !== "string") throw new TypeError(`${what} must map strings to strings`);
  }
  return map;
}
