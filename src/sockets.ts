/**
 * The twelve socket classes. What a type can do is in its type: a Publisher has no receive(),
 * a Pull no send(); the run time agrees (the methods are not on its prototype).
 */
import { installOptions, Socket } from "./socket.ts";
import { coreOf } from "./core.ts";
import type { Context } from "./context.ts";
import type { SocketOptions, SocketTypeName } from "./options.ts";
import type {
  DealerOptionProperties,
  PairOptionProperties,
  PublisherOptionProperties,
  PullOptionProperties,
  PushOptionProperties,
  ReplyOptionProperties,
  RequestOptionProperties,
  RouterOptionProperties,
  StreamOptionProperties,
  SubscriberOptionProperties,
  XPublisherOptionProperties,
  XSubscriberOptionProperties,
} from "./option_properties.ts";
import { ZMQ } from "./constants.ts";
import { setBytes } from "./sockopt.ts";
import { defineMessaging, type Readable, type Writable } from "./readwrite.ts";

/**
 * What a socket constructor takes: any writable option of socket type T by its camelCase name
 * (see {@link OPTIONS}), and the `context` the socket belongs to ({@link defaultContext} if
 * absent).
 */
export type SocketInit<T extends SocketTypeName> = SocketOptions<T> & {
  /** The context the socket is made in (default: `defaultContext`). */
  context?: Context;
};
/** @deprecated The old name of {@link SocketInit}. */
export type Options<T extends SocketTypeName> = SocketInit<T>;

function define(cls: { prototype: object }, type: SocketTypeName, can: { send: boolean; receive: boolean }): void {
  defineMessaging(cls, can);
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

/**
 * ZMQ_PAIR: one peer, both directions (threads of one process, over inproc).
 *
 * ```ts
 * import { Pair } from "zeromq-ffi";
 * using a = new Pair();
 * using b = new Pair();
 * b.connect(a.bind("inproc://pair-example"));
 * await a.send("ping");
 * const [ping] = await b.receiveText();
 * ```
 */
export class Pair extends Socket {
  /** A PAIR socket with the given options (any PAIR option, and `context`). */
  constructor(options?: SocketInit<"PAIR">) {
    super("PAIR", options);
    seal(this, Pair, new.target);
  }
}
/** The methods and option properties of a {@link Pair}. */
export interface Pair extends Writable, Readable, PairOptionProperties {}
define(Pair, "PAIR", { send: true, receive: true });

/**
 * ZMQ_PUB: sends to every subscriber whose prefix matches; drops at the high-water mark.
 *
 * ```ts
 * import { Publisher, Subscriber } from "zeromq-ffi";
 * using pub = new Publisher();
 * using sub = new Subscriber();
 * sub.connect(pub.bind("inproc://pub-example"));
 * sub.subscribe("weather");
 * await pub.send(["weather", "sunny"]); // a subscriber that joins later misses earlier messages
 * ```
 */
export class Publisher extends Socket {
  /** A PUB socket with the given options (any PUB option, and `context`). */
  constructor(options?: SocketInit<"PUB">) {
    super("PUB", options);
    seal(this, Publisher, new.target);
  }
}
/** The methods and option properties of a {@link Publisher}. */
export interface Publisher extends Writable, PublisherOptionProperties {}
define(Publisher, "PUB", { send: true, receive: false });

/**
 * ZMQ_SUB: receives what matches its subscriptions (none at first: call subscribe()).
 *
 * ```ts ignore
 * const sub = new Subscriber();
 * sub.connect("tcp://127.0.0.1:5556");
 * sub.subscribe("10001 ");
 * for await (const [update] of sub) console.log(new TextDecoder().decode(update));
 * ```
 */
export class Subscriber extends Socket {
  /** A SUB socket with the given options (any SUB option, and `context`). */
  constructor(options?: SocketInit<"SUB">) {
    super("SUB", options);
    seal(this, Subscriber, new.target);
  }
  /**
   * Adds prefixes ("" or no argument: everything). Subscriptions count: two subscribe("a") need
   * two unsubscribe("a").
   *
   * @example Topics as prefixes
   * ```ts
   * import { Publisher, Subscriber } from "zeromq-ffi";
   *
   * using pub = new Publisher();
   * using sub = new Subscriber();
   * sub.connect(pub.bind("inproc://prices"));
   * sub.subscribe("EUR", "GBP"); // both; sub.subscribe() takes everything
   * await pub.send(["USD", "1.00"]); // filtered out
   * await pub.send(["EUR", "0.93"]);
   * console.log(await sub.receiveText()); // [ "EUR", "0.93" ]
   * ```
   */
  subscribe(...prefixes: (string | Uint8Array)[]): void {
    setPrefixes(this, ZMQ.SUBSCRIBE, prefixes, "subscribe");
  }
  /** Removes prefixes added by subscribe() (no argument: the "" subscription). */
  unsubscribe(...prefixes: (string | Uint8Array)[]): void {
    setPrefixes(this, ZMQ.UNSUBSCRIBE, prefixes, "unsubscribe");
  }
}
/** The methods and option properties of a {@link Subscriber}. */
export interface Subscriber extends Readable, SubscriberOptionProperties {}
define(Subscriber, "SUB", { send: false, receive: true });

/**
 * ZMQ_XPUB: a publisher that receives its subscribers' subscription messages ("\x01prefix" to
 * subscribe, "\x00prefix" to unsubscribe), as a forwarding proxy needs.
 */
export class XPublisher extends Socket {
  /** An XPUB socket with the given options (any XPUB option, and `context`). */
  constructor(options?: SocketInit<"XPUB">) {
    super("XPUB", options);
    seal(this, XPublisher, new.target);
  }
  /**
   * With `manual: true` only (else ZmqError EINVAL): applies prefixes as subscriptions of the
   * subscriber whose subscription message was received last, as libzmq's ZMQ_SUBSCRIBE on an
   * XPUB does. Receive the "\x01prefix" message, then decide what to subscribe it to.
   */
  subscribe(...prefixes: (string | Uint8Array)[]): void {
    setPrefixes(this, ZMQ.SUBSCRIBE, prefixes, "subscribe");
  }
  /** With `manual: true` only: removes prefixes from the last subscription message's subscriber. */
  unsubscribe(...prefixes: (string | Uint8Array)[]): void {
    setPrefixes(this, ZMQ.UNSUBSCRIBE, prefixes, "unsubscribe");
  }
}
/** The methods and option properties of an {@link XPublisher}. */
export interface XPublisher extends Writable, Readable, XPublisherOptionProperties {}
define(XPublisher, "XPUB", { send: true, receive: true });

/** ZMQ_XSUB: a subscriber that sends its subscriptions upstream as messages (for proxies). */
export class XSubscriber extends Socket {
  /** An XSUB socket with the given options (any XSUB option, and `context`). */
  constructor(options?: SocketInit<"XSUB">) {
    super("XSUB", options);
    seal(this, XSubscriber, new.target);
  }
  /** Sends a subscription message ("\x01" + prefix) upstream for each prefix ("" if none). */
  subscribe(...prefixes: (string | Uint8Array)[]): void {
    this.#control(1, prefixes);
  }
  /** Sends an unsubscription message ("\x00" + prefix) for each prefix ("" if none). */
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
      coreOf(this).trySend(frame);
    }
  }
}
/** The methods and option properties of an {@link XSubscriber}. */
export interface XSubscriber extends Writable, Readable, XSubscriberOptionProperties {}
define(XSubscriber, "XSUB", { send: true, receive: true });

/**
 * ZMQ_REQ: lock-step requests (send, then receive), round-robin over its peers. A receive that
 * timed out leaves the socket waiting for that reply (the next send fails with EFSM) unless it
 * was made with `relaxed: true, correlate: true`.
 *
 * ```ts ignore
 * using req = new Request({ relaxed: true, correlate: true });
 * req.connect("tcp://127.0.0.1:5555");
 * await req.send("hello");
 * const [reply] = await req.receiveText({ timeout: 2500 });
 * ```
 */
export class Request extends Socket {
  /** A REQ socket with the given options (any REQ option, and `context`). */
  constructor(options?: SocketInit<"REQ">) {
    super("REQ", options);
    seal(this, Request, new.target);
  }
}
/** The methods and option properties of a {@link Request}. */
export interface Request extends Writable, Readable, RequestOptionProperties {}
define(Request, "REQ", { send: true, receive: true });

/**
 * ZMQ_REP: lock-step replies (receive, then send) to the peer that asked.
 *
 * ```ts ignore
 * using rep = new Reply();
 * rep.bind("tcp://*:5555");
 * for await (const [request] of rep) await rep.send(["world", request]);
 * ```
 */
export class Reply extends Socket {
  /** A REP socket with the given options (any REP option, and `context`). */
  constructor(options?: SocketInit<"REP">) {
    super("REP", options);
    seal(this, Reply, new.target);
  }
}
/** The methods and option properties of a {@link Reply}. */
export interface Reply extends Writable, Readable, ReplyOptionProperties {}
define(Reply, "REP", { send: true, receive: true });

/** ZMQ_DEALER: round-robin out, fair-queued in, no lock-step (an asynchronous REQ). */
export class Dealer extends Socket {
  /** A DEALER socket with the given options (any DEALER option, and `context`). */
  constructor(options?: SocketInit<"DEALER">) {
    super("DEALER", options);
    seal(this, Dealer, new.target);
  }
}
/** The methods and option properties of a {@link Dealer}. */
export interface Dealer extends Writable, Readable, DealerOptionProperties {}
define(Dealer, "DEALER", { send: true, receive: true });

/**
 * ZMQ_ROUTER: each received message starts with the routing id of the peer it came from; a
 * message sent starts with the routing id of the peer it goes to.
 *
 * ```ts ignore
 * using router = new Router();
 * router.bind("tcp://*:5560");
 * for await (const [id, ...body] of router) await router.send([id, ...body]); // echo
 * ```
 */
export class Router extends Socket {
  /** A ROUTER socket with the given options (any ROUTER option, and `context`). */
  constructor(options?: SocketInit<"ROUTER">) {
    super("ROUTER", options);
    seal(this, Router, new.target);
  }
}
/** The methods and option properties of a {@link Router}. */
export interface Router extends Writable, Readable, RouterOptionProperties {}
define(Router, "ROUTER", { send: true, receive: true });

/** ZMQ_PULL: fair-queued receive from pushers. */
export class Pull extends Socket {
  /** A PULL socket with the given options (any PULL option, and `context`). */
  constructor(options?: SocketInit<"PULL">) {
    super("PULL", options);
    seal(this, Pull, new.target);
  }
}
/** The methods and option properties of a {@link Pull}. */
export interface Pull extends Readable, PullOptionProperties {}
define(Pull, "PULL", { send: false, receive: true });

/**
 * ZMQ_PUSH: round-robin send to pullers; waits at the high-water mark.
 *
 * ```ts
 * import { Pull, Push } from "zeromq-ffi";
 * using pull = new Pull();
 * using push = new Push({ sendHighWaterMark: 1000 });
 * push.connect(pull.bind("tcp://127.0.0.1:*"));
 * await push.send("task 1");
 * const [task] = await pull.receiveText();
 * ```
 */
export class Push extends Socket {
  /** A PUSH socket with the given options (any PUSH option, and `context`). */
  constructor(options?: SocketInit<"PUSH">) {
    super("PUSH", options);
    seal(this, Push, new.target);
  }
}
/** The methods and option properties of a {@link Push}. */
export interface Push extends Writable, PushOptionProperties {}
define(Push, "PUSH", { send: true, receive: false });

/** ZMQ_STREAM: raw TCP to non-ZeroMQ peers; each message is [routing id, data]. */
export class Stream extends Socket {
  /** A STREAM socket with the given options (any STREAM option, and `context`). */
  constructor(options?: SocketInit<"STREAM">) {
    super("STREAM", options);
    seal(this, Stream, new.target);
  }
}
/** The methods and option properties of a {@link Stream}. */
export interface Stream extends Writable, Readable, StreamOptionProperties {}
define(Stream, "STREAM", { send: true, receive: true });
