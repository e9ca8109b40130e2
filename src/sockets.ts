/**
 * The twelve socket classes. What a type can do is in its type: a Publisher has no receive(),
 * a Pull no send(); the run time agrees (the methods are not on its prototype).
 */
import { installOptions, type OperationOptions, Socket } from "./socket.ts";
import type { Context } from "./context.ts";
import type { OptionProperties, SocketOptions, SocketTypeName } from "./options.ts";
import { SUBSCRIBE, UNSUBSCRIBE } from "./options.ts";
import { setBytes } from "./sockopt.ts";
import type { Message } from "./frames.ts";
import { type MessageWithMetadata, type MetadataOptions, receiveWithMetadata } from "./metadata.ts";

/** Constructor options of a socket of type T: any writable option, plus the context. */
export type Options<T extends SocketTypeName> = SocketOptions<T> & { context?: Context };

/** Sockets that send. */
export interface Writable {
  /**
   * Sends a message (one frame or an array of frames, sent atomically). Resolves once libzmq
   * has accepted it; waits while the high-water mark is reached (back-pressure). Concurrent
   * calls are sent in call order. A call that rejects (timeout, abort, close) sent nothing.
   */
  send(message: Message, options?: OperationOptions): Promise<void>;
  /** Sends now if possible; false when it would block (or while earlier send() calls wait). */
  trySend(message: Message): boolean;
}

/** Sockets that receive. */
export interface Readable extends AsyncIterable<Uint8Array<ArrayBuffer>[]> {
  /**
   * Receives the next message as its frames. Concurrent calls are served in call order. A call
   * that rejects (timeout, abort, close) consumed nothing: the next call gets the message.
   */
  receive(options?: OperationOptions): Promise<Uint8Array<ArrayBuffer>[]>;
  /** Receives now if a message is waiting, else null (also while earlier receive() calls wait). */
  tryReceive(): Uint8Array<ArrayBuffer>[] | null;
  /**
   * Receives the next message with its properties (zmq_msg_gets): "Peer-Address", "User-Id",
   * "Socket-Type", "Routing-Id" and any named in `options.properties`. Queued with receive() calls.
   */
  receiveWithMetadata(options?: MetadataOptions): Promise<MessageWithMetadata>;
  /** Iterates received messages; ends quietly when the socket is closed. One consumer. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array<ArrayBuffer>[]>;
}

const writable = {
  send(this: Socket, message: Message, options?: OperationOptions): Promise<void> {
    return this._send(message, options);
  },
  trySend(this: Socket, message: Message): boolean {
    return this._trySend(message);
  },
};
const readable = {
  receive(this: Socket, options?: OperationOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return this._receive(options);
  },
  tryReceive(this: Socket): Uint8Array<ArrayBuffer>[] | null {
    return this._tryReceive();
  },
  receiveWithMetadata(this: Socket, options?: MetadataOptions): Promise<MessageWithMetadata> {
    return receiveWithMetadata(this, options);
  },
  [Symbol.asyncIterator](this: Socket): AsyncIterableIterator<Uint8Array<ArrayBuffer>[]> {
    return this._iterate();
  },
};

function define(
  cls: { prototype: object },
  type: SocketTypeName,
  can: { send: boolean; receive: boolean },
): void {
  const methods = { ...(can.send ? writable : {}), ...(can.receive ? readable : {}) };
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(cls.prototype, key, {
      value: (methods as Record<PropertyKey, unknown>)[key],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  installOptions(cls, type);
}

function seal(self: Socket, cls: unknown, target: unknown): void {
  // Sealed like zeromq.js: assigning an unknown option name throws a TypeError.
  if (cls === target) Object.seal(self);
}

const encoder = new TextEncoder();
function prefixBytes(prefix: unknown): Uint8Array {
  if (typeof prefix === "string") return encoder.encode(prefix);
  if (prefix instanceof Uint8Array) return prefix;
  throw new TypeError(`a subscription prefix must be a string or a Uint8Array, not ${typeof prefix}`);
}

/** ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE for each prefix ("" when none is given). */
function setPrefixes(socket: Socket, option: number, prefixes: unknown[], what: string): void {
  const h = socket.unsafeHandle;
  for (const p of prefixes.length ? prefixes : [""]) setBytes(h, option, prefixBytes(p), what);
}

/** ZMQ_PAIR: one peer, both directions. */
export class Pair extends Socket {
  constructor(options?: Options<"PAIR">) {
    super(0, "PAIR", options);
    seal(this, Pair, new.target);
  }
}
export interface Pair extends Writable, Readable, OptionProperties<"PAIR"> {}
define(Pair, "PAIR", { send: true, receive: true });

/** ZMQ_PUB: sends to every subscriber whose prefix matches; drops at the high-water mark. */
export class Publisher extends Socket {
  constructor(options?: Options<"PUB">) {
    super(1, "PUB", options);
    seal(this, Publisher, new.target);
  }
}
export interface Publisher extends Writable, OptionProperties<"PUB"> {}
define(Publisher, "PUB", { send: true, receive: false });

/** ZMQ_SUB: receives what matches its subscriptions (none at first: call subscribe()). */
export class Subscriber extends Socket {
  constructor(options?: Options<"SUB">) {
    super(2, "SUB", options);
    seal(this, Subscriber, new.target);
  }
  /** Adds prefixes ("" or no argument: everything). Subscriptions count: two need two unsubscribes. */
  subscribe(...prefixes: (string | Uint8Array)[]): void {
    setPrefixes(this, SUBSCRIBE, prefixes, "subscribe");
  }
  /** Removes prefixes added by subscribe() (no argument: the "" subscription). */
  unsubscribe(...prefixes: (string | Uint8Array)[]): void {
    setPrefixes(this, UNSUBSCRIBE, prefixes, "unsubscribe");
  }
}
export interface Subscriber extends Readable, OptionProperties<"SUB"> {}
define(Subscriber, "SUB", { send: false, receive: true });

/** ZMQ_XPUB: a publisher that receives subscription messages (\x01prefix, \x00prefix). */
export class XPublisher extends Socket {
  constructor(options?: Options<"XPUB">) {
    super(9, "XPUB", options);
    seal(this, XPublisher, new.target);
  }
  /**
   * With `manual: true` only (else ZmqError EINVAL): applies prefixes as subscriptions of the
   * subscriber whose subscription message was received last, as libzmq's ZMQ_SUBSCRIBE on an
   * XPUB does. Receive the "\x01prefix" message, then decide what to subscribe it to.
   */
  subscribe(...prefixes: (string | Uint8Array)[]): void {
    setPrefixes(this, SUBSCRIBE, prefixes, "subscribe");
  }
  /** With `manual: true` only: removes prefixes from the last subscription message's subscriber. */
  unsubscribe(...prefixes: (string | Uint8Array)[]): void {
    setPrefixes(this, UNSUBSCRIBE, prefixes, "unsubscribe");
  }
}
export interface XPublisher extends Writable, Readable, OptionProperties<"XPUB"> {}
define(XPublisher, "XPUB", { send: true, receive: true });

/** ZMQ_XSUB: a subscriber that sends its subscriptions as messages (for proxies). */
export class XSubscriber extends Socket {
  constructor(options?: Options<"XSUB">) {
    super(10, "XSUB", options);
    seal(this, XSubscriber, new.target);
  }
  /** Sends a subscription message (\x01 + prefix) upstream for each prefix ("" if none). */
  subscribe(...prefixes: (string | Uint8Array)[]): void {
    this.#control(1, prefixes);
  }
  /** Sends an unsubscription message (\x00 + prefix) for each prefix ("" if none). */
  unsubscribe(...prefixes: (string | Uint8Array)[]): void {
    this.#control(0, prefixes);
  }
  #control(flag: number, prefixes: (string | Uint8Array)[]): void {
    for (const p of prefixes.length ? prefixes : [""]) {
      const bytes = prefixBytes(p);
      const frame = new Uint8Array(bytes.length + 1);
      frame[0] = flag;
      frame.set(bytes, 1);
      // XSUB never blocks on send: it drops when a publisher's queue is full.
      this._trySend(frame);
    }
  }
}
export interface XSubscriber extends Writable, Readable, OptionProperties<"XSUB"> {}
define(XSubscriber, "XSUB", { send: true, receive: true });

/** ZMQ_REQ: lock-step requests (send, then receive), round-robin over its peers. */
export class Request extends Socket {
  constructor(options?: Options<"REQ">) {
    super(3, "REQ", options);
    seal(this, Request, new.target);
  }
}
export interface Request extends Writable, Readable, OptionProperties<"REQ"> {}
define(Request, "REQ", { send: true, receive: true });

/** ZMQ_REP: lock-step replies (receive, then send) to the peer that asked. */
export class Reply extends Socket {
  constructor(options?: Options<"REP">) {
    super(4, "REP", options);
    seal(this, Reply, new.target);
  }
}
export interface Reply extends Writable, Readable, OptionProperties<"REP"> {}
define(Reply, "REP", { send: true, receive: true });

/** ZMQ_DEALER: round-robin out, fair-queued in, no lock-step. */
export class Dealer extends Socket {
  constructor(options?: Options<"DEALER">) {
    super(5, "DEALER", options);
    seal(this, Dealer, new.target);
  }
}
export interface Dealer extends Writable, Readable, OptionProperties<"DEALER"> {}
define(Dealer, "DEALER", { send: true, receive: true });

/** ZMQ_ROUTER: each message starts with the routing id of its peer. */
export class Router extends Socket {
  constructor(options?: Options<"ROUTER">) {
    super(6, "ROUTER", options);
    seal(this, Router, new.target);
  }
}
export interface Router extends Writable, Readable, OptionProperties<"ROUTER"> {}
define(Router, "ROUTER", { send: true, receive: true });

/** ZMQ_PULL: fair-queued receive from pushers. */
export class Pull extends Socket {
  constructor(options?: Options<"PULL">) {
    super(7, "PULL", options);
    seal(this, Pull, new.target);
  }
}
export interface Pull extends Readable, OptionProperties<"PULL"> {}
define(Pull, "PULL", { send: false, receive: true });

/** ZMQ_PUSH: round-robin send to pullers; waits at the high-water mark. */
export class Push extends Socket {
  constructor(options?: Options<"PUSH">) {
    super(8, "PUSH", options);
    seal(this, Push, new.target);
  }
}
export interface Push extends Writable, OptionProperties<"PUSH"> {}
define(Push, "PUSH", { send: true, receive: false });

/** ZMQ_STREAM: raw TCP; each message is [routing id, data]. */
export class Stream extends Socket {
  constructor(options?: Options<"STREAM">) {
    super(11, "STREAM", options);
    seal(this, Stream, new.target);
  }
}
export interface Stream extends Writable, Readable, OptionProperties<"STREAM"> {}
define(Stream, "STREAM", { send: true, receive: true });
