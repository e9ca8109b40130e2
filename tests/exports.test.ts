/**
 * The public surface: the exact runtime exports of mod.ts, socket capabilities in the types and
 * at run time (a Publisher has no receive, a Pull no send), and the capability helpers
 * (version, has, Z85, CURVE keys).
 */
import { assert, test } from "./_harness.ts";
import * as mod from "../mod.ts";
import {
  curveKeyPair,
  curvePublicKey,
  Dealer,
  has,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  Socket,
  Stream,
  Subscriber,
  version,
  XPublisher,
  XSubscriber,
  z85Decode,
  z85Encode,
  ZmqError,
} from "../mod.ts";

/** Every runtime export of mod.ts, sorted. Update this list deliberately when the surface changes. */
const EXPECTED_EXPORTS = [
  "Authenticator",
  "Context",
  "DEFAULT_LINGER",
  "Dealer",
  "OPTIONS",
  "PROTOCOL_ERRORS",
  "Pair",
  "Poller",
  "Proxy",
  "Publisher",
  "Pull",
  "Push",
  "Reply",
  "Request",
  "Router",
  "STANDARD_PROPERTIES",
  "Socket",
  "SocketEvents",
  "Stream",
  "Subscriber",
  "XPublisher",
  "XSubscriber",
  "ZAP_ENDPOINT",
  "ZmqError",
  "curveKeyPair",
  "curvePublicKey",
  "defaultContext",
  "forwarder",
  "has",
  "latencyBudget",
  "queue",
  "setLatencyBudget",
  "streamer",
  "version",
  "z85Decode",
  "z85Encode",
];

test("exports - mod.ts exports exactly the documented runtime names", () => {
  const actual = Object.keys(mod).sort();
  const expected = [...EXPECTED_EXPORTS].sort();
  const added = actual.filter((k) => !expected.includes(k));
  const missing = expected.filter((k) => !actual.includes(k));
  assert.ok(
    added.length === 0 && missing.length === 0,
    `mod.ts exports changed: added [${added.join(", ")}], missing [${missing.join(", ")}]`,
  );
  assert.deepEqual(actual, expected);
  assert.equal("default" in mod, false, "named exports only");
});

const SOCKETS = [
  { cls: Pair, type: "PAIR", send: true, receive: true },
  { cls: Publisher, type: "PUB", send: true, receive: false },
  { cls: Subscriber, type: "SUB", send: false, receive: true },
  { cls: XPublisher, type: "XPUB", send: true, receive: true },
  { cls: XSubscriber, type: "XSUB", send: true, receive: true },
  { cls: Request, type: "REQ", send: true, receive: true },
  { cls: Reply, type: "REP", send: true, receive: true },
  { cls: Dealer, type: "DEALER", send: true, receive: true },
  { cls: Router, type: "ROUTER", send: true, receive: true },
  { cls: Pull, type: "PULL", send: false, receive: true },
  { cls: Push, type: "PUSH", send: true, receive: false },
  { cls: Stream, type: "STREAM", send: true, receive: true },
] as const;

test("capabilities - a Publisher has no receive, a Pull no send, and so on for every type, at run time", () => {
  const proto = (cls: unknown): Record<PropertyKey, unknown> =>
    (cls as { prototype: Record<PropertyKey, unknown> })
      .prototype;
  assert.equal(proto(Publisher).receive, undefined);
  assert.equal(proto(Publisher).tryReceive, undefined);
  assert.equal(proto(Pull).send, undefined);
  assert.equal(proto(Pull).trySend, undefined);
  assert.equal(proto(Subscriber).send, undefined);
  assert.equal(proto(Push).receive, undefined);
  for (const { cls, type, send, receive } of SOCKETS) {
    const p = proto(cls);
    for (const m of ["send", "trySend"]) assert.equal(typeof p[m] === "function", send, `${type}.${m}`);
    for (const m of ["receive", "receiveInto", "tryReceive"]) {
      assert.equal(typeof p[m] === "function", receive, `${type}.${m}`);
    }
    assert.equal(typeof p[Symbol.asyncIterator] === "function", receive, `${type} is async iterable`);
    const socket = new cls();
    try {
      assert.ok(socket instanceof Socket);
      assert.equal(socket.type, type);
      assert.equal("send" in socket, send);
      assert.equal("receive" in socket, receive);
      assert.equal(typeof socket.close, "function");
      assert.equal(typeof socket[Symbol.dispose], "function");
      // XPUB: for manual mode (subscribe() applies a subscription message).
      assert.equal("subscribe" in socket, ["SUB", "XSUB", "XPUB"].includes(type), `${type}.subscribe`);
    } finally {
      socket.close();
    }
  }
});

/** Compile-time half of the capability check: `deno check` fails if a type gains a method it must not have. */
export function _typeLevelCapabilities(pub: Publisher, pull: Pull, sub: Subscriber, push: Push): void {
  // @ts-expect-error a Publisher cannot receive
  pub.receive();
  // @ts-expect-error a Pull cannot send
  pull.send("x");
  // @ts-expect-error a Subscriber cannot send
  sub.trySend("x");
  // @ts-expect-error a Push cannot receive
  push.tryReceive();
  // @ts-expect-error an option of another socket type is not a property
  push.mandatory = true;
}

test("version - reports the loaded libzmq as three integers, at least 4.3", () => {
  const v = version();
  assert.deepEqual(Object.keys(v).sort(), ["major", "minor", "patch"]);
  for (const n of Object.values(v)) assert.ok(Number.isInteger(n) && n >= 0);
  assert.ok(v.major > 4 || (v.major === 4 && v.minor >= 3), JSON.stringify(v));
});

test("has - answers known capabilities, false for unknown ones, TypeError for non-strings", () => {
  for (const c of ["ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"]) assert.equal(typeof has(c), "boolean");
  assert.equal(has("ipc"), true, "ipc on this platform");
  assert.equal(has("definitely-not-a-capability"), false);
  assert.throws(() => has(5 as unknown as string), TypeError);
});

test("z85 - encode/decode round-trips every byte value, and matches the spec's test vector", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const encoded = z85Encode(all);
  assert.equal(encoded.length, 320);
  assert.deepEqual([...z85Decode(encoded)], [...all]);
  // ZeroMQ RFC 32 (Z85): the 8 bytes 86 4F D2 6F B5 59 F7 5B encode as "HelloWorld".
  const vector = new Uint8Array([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
  assert.equal(z85Encode(vector), "HelloWorld");
  assert.deepEqual([...z85Decode("HelloWorld")], [...vector]);
  assert.equal(z85Encode(new Uint8Array(0)), "");
  assert.deepEqual([...z85Decode("")], []);
});

test("z85 - bad lengths and characters are ZmqError EINVAL, bad types a TypeError", () => {
  const einval = (e: unknown): boolean => e instanceof ZmqError && e.code === "EINVAL";
  for (const n of [1, 2, 3, 5, 31]) assert.throws(() => z85Encode(new Uint8Array(n)), einval, `${n} bytes`);
  for (const s of ["a", "abcd", "abcdef", "x".repeat(39)]) assert.throws(() => z85Decode(s), einval, s);
  assert.throws(() => z85Decode("Hello Worl"), einval, "a space is not Z85");
  assert.throws(() => z85Decode("Héllo"), einval, "non-ASCII");
  assert.throws(() => z85Encode("text" as unknown as Uint8Array), TypeError);
  assert.throws(() => z85Decode(new Uint8Array(5) as unknown as string), TypeError);
});

if (has("curve")) {
  test("curve - curveKeyPair() gives 40-char Z85 keys whose public key is curvePublicKey(secretKey)", () => {
    const a = curveKeyPair();
    const b = curveKeyPair();
    for (const key of [a.publicKey, a.secretKey]) {
      assert.equal(key.length, 40);
      assert.equal(z85Decode(key).length, 32);
    }
    assert.notEqual(a.secretKey, b.secretKey, "fresh keys each call");
    assert.equal(curvePublicKey(a.secretKey), a.publicKey);
    assert.equal(curvePublicKey(b.secretKey), b.publicKey);
    assert.throws(() => curvePublicKey("short"), (e) => e instanceof ZmqError && e.code === "EINVAL");
  });
}

/**
 * Every member a user can reach on each public class (own and inherited, instance and static):
 * nothing internal may show. Update deliberately when the documented API changes.
 */
const SOCKET_MEMBERS = [
  "bind",
  "close",
  "closed",
  "connect",
  "constructor",
  "context",
  "disconnect",
  "events",
  "type",
  "unbind",
  "unsafeHandle",
  "Symbol(Symbol.dispose)",
];
const WRITABLE = ["send", "sendJson", "trySend"];
const READABLE = [
  "receive",
  "receiveInto",
  "receiveJson",
  "receiveText",
  "receiveWithMetadata",
  "tryReceive",
  "Symbol(Symbol.asyncIterator)",
];

const RUNTIME_ERROR_KEYS = ["stack", "line", "column", "originalLine", "originalColumn", "sourceURL"];

/** Own and inherited members of `value` up to (not including) Object.prototype / Function.prototype / Error.prototype. */
function membersOf(value: object, stop: object[]): string[] {
  const names = new Set<string>();
  for (let o: object | null = value; o !== null && !stop.includes(o); o = Object.getPrototypeOf(o)) {
    for (const key of Reflect.ownKeys(o)) names.add(String(key));
  }
  return [...names].sort();
}

test("members - each socket class shows exactly its documented methods, options and base members", () => {
  for (const { cls, type, send, receive } of SOCKETS) {
    const socket = new cls();
    try {
      const options = Object.entries(mod.OPTIONS)
        .filter(([, spec]) => !("sockets" in spec) || (spec.sockets as readonly string[]).includes(type))
        .map(([name]) => name);
      const expected = [
        ...SOCKET_MEMBERS,
        ...(send ? WRITABLE : []),
        ...(receive ? READABLE : []),
        ...(["SUB", "XSUB", "XPUB"].includes(type) ? ["subscribe", "unsubscribe"] : []),
        ...options,
      ].sort();
      assert.deepEqual(membersOf(socket, [Object.prototype]), [...new Set(expected)].sort(), type);
    } finally {
      socket.close();
    }
  }
  // Statics: none beyond what every class has.
  assert.deepEqual(
    membersOf(Pull, [Function.prototype]).filter((k) => !["length", "name", "prototype"].includes(k)),
    [],
  );
});

test("members - Context, Poller, Proxy, SocketEvents, Authenticator and ZmqError show only their documented API", async () => {
  const context = new mod.Context();
  try {
    assert.deepEqual(
      membersOf(context, [Object.prototype]),
      [
        "closed",
        "constructor",
        "ioThreads",
        "maxSockets",
        "shutdown",
        "socketLimit",
        "terminate",
        "unsafeAddress",
        "unsafeHandle",
        "Symbol(Symbol.asyncDispose)",
      ].sort(),
    );
    assert.deepEqual(
      membersOf(mod.Context, [Function.prototype]).filter((k) => !["length", "name", "prototype"].includes(k)),
      ["fromHandle"],
    );
    const poller = new mod.Poller();
    assert.deepEqual(membersOf(poller, [Object.prototype]), ["add", "constructor", "poll", "remove", "size"]);
    using a = new Pull({ context });
    using b = new Push({ context });
    a.bind("inproc://members-proxy");
    b.bind("inproc://members-proxy-2");
    const proxy = new mod.Proxy(a, b);
    assert.deepEqual(
      membersOf(proxy, [Object.prototype]),
      ["backend", "capture", "constructor", "frontend", "pause", "resume", "run", "state", "statistics", "terminate"],
    );
    const events = a.events;
    assert.deepEqual(
      membersOf(events, [Object.prototype]),
      ["close", "closed", "constructor", "receive", "Symbol(Symbol.asyncIterator)"].sort(),
    );
    events.close();
    using auth = new mod.Authenticator({ context });
    assert.deepEqual(
      membersOf(auth, [Object.prototype]),
      [
        "allow",
        "configureCurve",
        "configurePlain",
        "constructor",
        "context",
        "deny",
        "requests",
        "running",
        "start",
        "stop",
        "Symbol(Symbol.dispose)",
      ].sort(),
    );
    const error = new ZmqError("m", "EINVAL", 22, "tcp://x");
    assert.deepEqual(
      // Bun adds where the error was made (line, column, sourceURL, ...) to every Error.
      membersOf(error, [Error.prototype]).filter((k) => !RUNTIME_ERROR_KEYS.includes(k)),
      ["code", "constructor", "endpoint", "errno", "message", "name"],
    );
  } finally {
    await context.terminate();
  }
});
