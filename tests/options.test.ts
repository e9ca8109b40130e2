/**
 * Socket options: values of every C type round-trip through the typed properties and through
 * constructor options, write-only options read back what was set, read-only options report
 * libzmq's state, options take effect, and each option exists exactly on the socket types it
 * applies to.
 */
import { assert, endpoint, test, text, TRANSPORTS, waitFor } from "./_harness.ts";
import {
  curveKeyPair,
  Dealer,
  DEFAULT_LINGER,
  has,
  OPTIONS,
  type OptionSpec,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  type Socket,
  Stream,
  Subscriber,
  XPublisher,
  XSubscriber,
  z85Encode,
  ZmqError,
} from "../mod.ts";

type Bag = Record<string, unknown>;
const bag = (s: Socket): Bag => s as unknown as Bag;

const CLASSES = [
  Pair,
  Publisher,
  Subscriber,
  XPublisher,
  XSubscriber,
  Request,
  Reply,
  Dealer,
  Router,
  Pull,
  Push,
  Stream,
] as const;

test("options - int options round-trip through properties", () => {
  using s = new Dealer();
  assert.equal(s.linger, DEFAULT_LINGER, "the library's default linger");
  assert.equal(s.sendHighWaterMark, 1000, "libzmq's default");
  const values: [string, number][] = [
    ["linger", 0],
    ["linger", -1],
    ["linger", 1234],
    ["sendHighWaterMark", 7],
    ["receiveHighWaterMark", 0],
    ["reconnectInterval", 250],
    ["reconnectMaxInterval", 5000],
    ["backlog", 17],
    ["heartbeatInterval", 1500],
    ["heartbeatTimeout", 3000],
    ["heartbeatTimeToLive", 6000],
    ["handshakeInterval", 2500],
    ["sendTimeout", 100],
    ["receiveTimeout", -1],
    ["tcpKeepalive", 1],
    ["tcpKeepaliveIdle", 30],
    ["connectTimeout", 200],
    ["typeOfService", 8],
    ["sendBufferSize", 65536],
    ["receiveBufferSize", 65536],
  ];
  for (const [name, value] of values) {
    bag(s)[name] = value;
    assert.equal(bag(s)[name], value, name);
  }
});

test("options - multicastHops takes 1 to 255 (libzmq 4.3.4 aborts on more once a pgm socket starts)", () => {
  const pub = new Publisher();
  try {
    pub.multicastHops = 255;
    assert.equal(pub.multicastHops, 255);
    for (const bad of [256, 1000, 0x7fffffff]) {
      assert.throws(() => pub.multicastHops = bad, RangeError);
      assert.throws(() => new Publisher({ multicastHops: bad }), RangeError);
    }
    assert.throws(() => pub.multicastHops = 0, RangeError);
    assert.equal(pub.multicastHops, 255, "a rejected value changed nothing");
  } finally {
    pub.close();
  }
});

test("options - bool options round-trip through properties", () => {
  using s = new Subscriber();
  for (const name of ["immediate", "ipv6", "invertMatching", "plainServer"]) {
    assert.equal(bag(s)[name], false, `${name} starts false`);
    bag(s)[name] = true;
    assert.equal(bag(s)[name], true, name);
    bag(s)[name] = false;
    assert.equal(bag(s)[name], false, name);
  }
});

test("options - int64 and uint64 options take numbers and bigints and read back as numbers", () => {
  using s = new Pull();
  assert.equal(s.maxMessageSize, -1, "libzmq's default: no limit");
  s.maxMessageSize = 123_456_789_012;
  assert.equal(s.maxMessageSize, 123_456_789_012);
  bag(s).maxMessageSize = 2n ** 40n;
  assert.equal(s.maxMessageSize, 2 ** 40);
  s.maxMessageSize = -1;
  assert.equal(s.maxMessageSize, -1);
  s.affinity = 3;
  assert.equal(s.affinity, 3);
  bag(s).affinity = 2n ** 52n;
  assert.equal(s.affinity, 2 ** 52);
});

test("options - string options round-trip, UTF-8 included", () => {
  using s = new Router();
  assert.equal(s.zapDomain, "");
  s.zapDomain = "global";
  assert.equal(s.zapDomain, "global");
  s.plainUsername = "üser-名前";
  assert.equal(s.plainUsername, "üser-名前");
  s.plainPassword = "p@ss wörd 🔑";
  assert.equal(s.plainPassword, "p@ss wörd 🔑");
  s.socksProxy = "127.0.0.1:1080";
  assert.equal(s.socksProxy, "127.0.0.1:1080");
  assert.equal(s.securityMechanism, "plain", "setting a PLAIN username makes the socket a PLAIN client");
});

test("options - bytes options take strings or bytes and read back as Uint8Array", () => {
  using s = new Dealer();
  assert.ok(s.routingId instanceof Uint8Array);
  assert.equal(s.routingId.length, 0, "no routing id at first");
  bag(s).routingId = "worker-1";
  assert.deepEqual(text([s.routingId]), ["worker-1"]);
  const bytes = new Uint8Array([1, 0, 255, 128]);
  s.routingId = bytes;
  assert.deepEqual([...s.routingId], [1, 0, 255, 128]);
  const max = new Uint8Array(255).fill(7);
  s.routingId = max;
  assert.equal(s.routingId.length, 255, "the longest routing id");
});

for (const transport of TRANSPORTS) {
  test(`options - a binary routingId is what the ROUTER sees over ${transport}`, async () => {
    using router = new Router();
    const ep = router.bind(endpoint(transport));
    const id = new Uint8Array([0xff, 0x00, 0x7f, 0x80, 0x01]);
    using dealer = new Dealer({ routingId: id });
    dealer.connect(ep);
    await waitFor(() => dealer.trySend("hi"), 5000, "trySend");
    let m: Uint8Array[] | null = null;
    await waitFor(() => (m = router.tryReceive()) !== null, 5000, "the message");
    assert.deepEqual([...m![0]], [...id]);
    assert.ok(router.trySend([id, "back"]));
    await waitFor(() => (m = dealer.tryReceive()) !== null, 5000, "the reply");
    assert.deepEqual(text(m!), ["back"]);
  });
}

test("options - constructor options are applied, and undefined values are skipped", () => {
  using s = new Dealer({
    linger: 0,
    sendHighWaterMark: 7,
    receiveHighWaterMark: 9,
    routingId: "ctor-id",
    immediate: true,
    maxMessageSize: 4096,
    affinity: 2n,
    zapDomain: "domain",
    probeRouter: true,
    sendTimeout: undefined,
  });
  assert.equal(s.linger, 0);
  assert.equal(s.sendHighWaterMark, 7);
  assert.equal(s.receiveHighWaterMark, 9);
  assert.deepEqual(text([s.routingId]), ["ctor-id"]);
  assert.equal(s.immediate, true);
  assert.equal(s.maxMessageSize, 4096);
  assert.equal(s.affinity, 2);
  assert.equal(s.zapDomain, "domain");
  assert.equal(s.probeRouter, true);
  assert.equal(s.sendTimeout, -1, "an undefined option keeps libzmq's default");
});

test("options - high-water marks from the constructor bound an inproc queue (hwm = send + receive)", () => {
  using pull = new Pull({ receiveHighWaterMark: 2 });
  using push = new Push({ sendHighWaterMark: 3 });
  push.connect(pull.bind(endpoint("inproc")));
  let accepted = 0;
  while (push.trySend(String(accepted)) && accepted < 100) accepted++;
  assert.equal(accepted, 5);
  for (let i = 0; i < 5; i++) assert.deepEqual(text(pull.tryReceive()!), [String(i)]);
  assert.equal(pull.tryReceive(), null);
});

test("options - conflate keeps only the last message", () => {
  // Over inproc libzmq builds the queue from the connecting side's options: set it on both ends.
  using pull = new Pull({ conflate: true });
  using push = new Push({ conflate: true });
  push.connect(pull.bind(endpoint("inproc")));
  for (let i = 0; i < 10; i++) assert.ok(push.trySend(`m${i}`));
  assert.deepEqual(text(pull.tryReceive()!), ["m9"]);
  assert.equal(pull.tryReceive(), null);
});

test("options - write-only options read back what was last set (undefined before)", () => {
  using router = new Router();
  using req = new Request();
  using xpub = new XPublisher();
  using stream = new Stream();
  using push = new Push();
  const cases: [Socket, string, unknown[]][] = [
    [router, "mandatory", [true, false]],
    [router, "handover", [true]],
    [router, "probeRouter", [true]],
    [router, "connectRoutingId", ["peer-a", new Uint8Array([1, 2, 3])]],
    [req, "relaxed", [true, false]],
    [req, "correlate", [true]],
    [xpub, "verbose", [true]],
    [xpub, "verboser", [true]],
    [xpub, "manual", [true]],
    [xpub, "noDrop", [true]],
    [xpub, "welcomeMessage", ["welcome", new Uint8Array([9, 9])]],
    [stream, "notify", [false, true]],
    [push, "conflate", [true]],
  ];
  for (const [socket, name, values] of cases) {
    assert.equal(bag(socket)[name], undefined, `${socket.type}.${name} before any set`);
    for (const v of values) {
      bag(socket)[name] = v;
      assert.deepEqual(bag(socket)[name], v, `${socket.type}.${name}`);
    }
  }
  const fresh = new Router({ mandatory: true });
  try {
    assert.equal(fresh.mandatory, true, "set through the constructor");
  } finally {
    fresh.close();
  }
});

test("options - read-only options report libzmq's state", () => {
  using s = new Pull();
  assert.equal(s.lastEndpoint, "");
  const ep = s.bind("tcp://127.0.0.1:*");
  assert.equal(s.lastEndpoint, ep);
  s.connect("inproc://read-only-options-test");
  assert.equal(s.lastEndpoint, "inproc://read-only-options-test");
  assert.equal(s.threadSafe, false);
  assert.equal(s.securityMechanism, "null");
  s.plainServer = true;
  assert.equal(s.securityMechanism, "plain");
});

if (has("curve")) {
  test("options - CURVE keys take Z85 or 32 bytes and read back as Z85; curveServer sets the mechanism", () => {
    using s = new Router();
    const { publicKey, secretKey } = curveKeyPair();
    s.curveSecretKey = secretKey;
    assert.equal(s.curveSecretKey, secretKey);
    s.curvePublicKey = publicKey;
    assert.equal(s.curvePublicKey, publicKey);
    const raw = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    bag(s).curveServerKey = raw; // the property type is the read type (string); bytes are accepted too
    assert.equal(s.curveServerKey, z85Encode(raw));
    s.curveServer = true;
    assert.equal(s.curveServer, true);
    assert.equal(s.securityMechanism, "curve");
    using c = new Dealer({ curveServerKey: publicKey, curvePublicKey: publicKey, curveSecretKey: secretKey });
    assert.equal(c.curveServerKey, publicKey);
    assert.equal(c.securityMechanism, "curve");
  });
}

if (!has("gssapi")) {
  test("options - GSSAPI options without GSSAPI in libzmq are ZmqError ENOTSUP", () => {
    using s = new Dealer();
    assert.throws(() => (s.gssapiServer = true), (e) => e instanceof ZmqError && e.code === "ENOTSUP");
    assert.throws(() => new Dealer({ gssapiPrincipal: "x" }), (e) => e instanceof ZmqError && e.code === "ENOTSUP");
  });
}

test("options - each option exists exactly on the socket types it applies to", () => {
  for (const Cls of CLASSES) {
    const socket = new Cls();
    try {
      for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
        const applies = spec.sockets === undefined || spec.sockets.includes(socket.type);
        assert.equal(name in socket, applies, `"${name}" in a ${socket.type}`);
        if (!applies && spec.access !== "r") {
          assert.throws(() => new Cls({ [name]: 1 } as never), TypeError, `${socket.type} constructor with ${name}`);
        }
      }
      assert.deepEqual(Object.keys(socket).filter((k) => k in OPTIONS), [], "options are accessors, not own data");
    } finally {
      socket.close();
    }
  }
});

test('options - spot checks: "mandatory" only on Router, "routingId" not on Push, "subscribe" only on subscribers', () => {
  using router = new Router();
  using push = new Push();
  using dealer = new Dealer();
  using sub = new Subscriber();
  using xsub = new XSubscriber();
  assert.equal("mandatory" in router, true);
  assert.equal("mandatory" in push, false);
  assert.equal("mandatory" in dealer, false);
  assert.equal("routingId" in dealer, true);
  assert.equal("routingId" in push, false);
  assert.equal(typeof sub.subscribe, "function");
  assert.equal(typeof xsub.subscribe, "function");
  assert.equal("subscribe" in push, false);
  using pub = new Publisher();
  assert.equal("subscribe" in pub, false);
  assert.equal("verbose" in pub, false, "an XPUB option");
});
