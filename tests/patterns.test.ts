/**
 * The RFC behaviour of every socket-type pairing, driven by the synchronous try-ops: REQ/REP
 * lock-step and envelopes, DEALER and PUSH round-robin, DEALER and PULL fair-queueing, ROUTER
 * identities and mandatory routing, PUB/SUB prefix filtering, XPUB/XSUB subscription frames,
 * PAIR, and STREAM against a raw TCP peer.
 */
import { Buffer } from "node:buffer";
import * as net from "node:net";
import { assert, endpoint, sleep, test, text, type Transport, TRANSPORTS, waitFor } from "./_harness.ts";
import { isCode, next, nextOf, put } from "./_helpers.ts";
import {
  Dealer,
  Pair,
  Poller,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  Stream,
  Subscriber,
  type Writable,
  XPublisher,
  XSubscriber,
  ZmqError,
} from "../mod.ts";

const decoder = new TextDecoder();
const str = (frame: Uint8Array): string => decoder.decode(frame);

/** Asserts that `owners` cycles through `n` distinct sockets in a fixed order. */
function assertRotation(owners: number[], n: number): void {
  assert.equal(new Set(owners.slice(0, n)).size, n, `the first ${n} went to distinct peers: ${owners}`);
  for (let i = n; i < owners.length; i++) assert.equal(owners[i], owners[i % n], `rotation broken: ${owners}`);
}

/** Binds `count` sockets made by `make` on `transport` and returns them with their endpoints. */
function bindMany<S extends Reply | Router | Pull>(
  count: number,
  make: () => S,
  transport: Transport,
): { sockets: S[]; endpoints: string[] } & Disposable {
  const sockets: S[] = [];
  const endpoints: string[] = [];
  const dispose = (): void => sockets.forEach((s) => s.close());
  try {
    for (let i = 0; i < count; i++) {
      sockets.push(make());
      endpoints.push(sockets[i].bind(endpoint(transport)));
    }
  } catch (e) {
    dispose();
    throw e;
  }
  return { sockets, endpoints, [Symbol.dispose]: dispose };
}

/**
 * Waits until every sender's batch has reached `receiver`'s queues. Over inproc a message is in
 * the queue when trySend returns; over ipc and tcp no event tells that bytes reached the peer's
 * queue, so a short settle is the only way. A zero-timeout poll then makes libzmq process the
 * pending "pipe readable" commands, so every queue takes part in fair-queueing from the start.
 */
async function settleQueues(receiver: Dealer | Pull, transport: Transport): Promise<void> {
  if (transport !== "inproc") await sleep(150);
  const poller = new Poller();
  poller.add(receiver, "readable");
  const ready = await poller.poll({ timeout: 0 });
  assert.equal(ready.length, 1, "the receiver has messages");
}

/** Sends `k` tagged messages from each sender and asserts the receiver serves them in turns. */
async function assertFairQueue(
  receiver: Dealer | Pull,
  senders: Writable[],
  transport: Transport,
  envelope: string[],
): Promise<void> {
  const k = 10;
  // Every sender is connected once its hello arrived.
  for (let p = 0; p < senders.length; p++) await put(senders[p], [...envelope, `hello ${p}`]);
  const hellos = new Set<string>();
  for (let p = 0; p < senders.length; p++) hellos.add(text(await next(receiver)).at(-1)!);
  assert.equal(hellos.size, senders.length);
  for (let i = 0; i < k; i++) {
    for (let p = 0; p < senders.length; p++) assert.ok(senders[p].trySend([...envelope, `${p}:${i}`]));
  }
  await settleQueues(receiver, transport);
  const from: number[] = [];
  const seen = senders.map(() => 0);
  for (let n = 0; n < k * senders.length; n++) {
    const m = receiver.tryReceive();
    assert.ok(m !== null, `message ${n} was queued`);
    const [p, i] = text(m).at(-1)!.split(":").map(Number);
    assert.equal(i, seen[p]++, `sender ${p}'s messages arrive in order`);
    from.push(p);
  }
  assert.equal(receiver.tryReceive(), null);
  for (let n = 0; n < from.length; n += senders.length) {
    const round = from.slice(n, n + senders.length);
    assert.equal(new Set(round).size, senders.length, `every round serves each sender once: ${from}`);
  }
}

for (const transport of TRANSPORTS) {
  // --- REQ / REP ----------------------------------------------------------------------------

  test(`req/rep - a request round-robins over every connected reply socket in turn over ${transport}`, async () => {
    using reps = bindMany(3, () => new Reply(), transport);
    using req = new Request();
    for (const ep of reps.endpoints) req.connect(ep);
    const owners: number[] = [];
    for (let i = 0; i < 9; i++) {
      assert.ok(req.trySend(`request ${i}`));
      const [who, msg] = await nextOf(reps.sockets, `request ${i}`);
      assert.deepEqual(text(msg), [`request ${i}`]);
      owners.push(who);
      await put(reps.sockets[who], [`reply ${i}`, `from ${who}`]);
      assert.deepEqual(text(await next(req)), [`reply ${i}`, `from ${who}`]);
    }
    assertRotation(owners, 3);
    assert.deepEqual([0, 1, 2].map((r) => owners.filter((o) => o === r).length), [3, 3, 3]);
  });

  test(`req/rep - REQ is lock-step: a second send before the reply is EFSM over ${transport}`, async () => {
    using rep = new Reply();
    const ep = rep.bind(endpoint(transport));
    using req = new Request();
    req.connect(ep);
    assert.throws(() => req.tryReceive(), isCode("EFSM"), "receive before any send");
    assert.ok(req.trySend("one"));
    assert.throws(() => req.trySend("two"), isCode("EFSM"));
    await assert.rejects(req.send("two"), isCode("EFSM"));
    assert.deepEqual(text(await next(rep)), ["one"]);
    assert.throws(() => rep.tryReceive(), isCode("EFSM"), "REP receives twice before replying");
    assert.ok(rep.trySend("answer"));
    assert.throws(() => rep.trySend("again"), isCode("EFSM"), "REP replies twice");
    assert.deepEqual(text(await next(req)), ["answer"]);
    assert.ok(req.trySend("three"), "after the reply the next request goes out");
    assert.deepEqual(text(await next(rep)), ["three"]);
  });

  test(`req/rep - REP keeps the envelope of a request and sends it back with the reply over ${transport}`, async () => {
    using rep = new Reply();
    const ep = rep.bind(endpoint(transport));
    using dealer = new Dealer();
    dealer.connect(ep);
    const x = new Uint8Array([0, 1, 2, 255]);
    await put(dealer, [x, "Y", "", "A"]);
    assert.deepEqual(text(await next(rep)), ["A"], "REP hands the application only the body");
    assert.ok(rep.trySend("A"));
    const back = await next(dealer);
    assert.equal(back.length, 4);
    assert.deepEqual([...back[0]], [...x]);
    assert.deepEqual(text(back.slice(1)), ["Y", "", "A"]);
    // A multipart body keeps its frames after the delimiter, both ways.
    await put(dealer, ["E", "", "b1", "b2"]);
    assert.deepEqual(text(await next(rep)), ["b1", "b2"]);
    assert.ok(rep.trySend(["r1", "r2"]));
    assert.deepEqual(text(await next(dealer)), ["E", "", "r1", "r2"]);
  });

  // --- DEALER / ROUTER ----------------------------------------------------------------------

  test(`dealer - round-robins outgoing messages over every connected peer over ${transport}`, async () => {
    using routers = bindMany(3, () => new Router(), transport);
    using dealer = new Dealer({ routingId: "D" });
    for (const ep of routers.endpoints) dealer.connect(ep);
    const owners: number[] = [];
    for (let i = 0; i < 12; i++) {
      assert.ok(dealer.trySend(`m${i}`));
      const [who, msg] = await nextOf(routers.sockets, `message ${i}`);
      assert.deepEqual(text(msg), ["D", `m${i}`]);
      owners.push(who);
    }
    assertRotation(owners, 3);
  });

  test(`dealer - fair-queues incoming messages from every connected peer over ${transport}`, async () => {
    using receiver = new Dealer();
    const ep = receiver.bind(endpoint(transport));
    using a = new Dealer();
    using b = new Dealer();
    using c = new Dealer();
    for (const s of [a, b, c]) s.connect(ep);
    await assertFairQueue(receiver, [a, b, c], transport, []);
  });

  test(`router - prefixes each message with its peer's routing id and routes replies by it over ${transport}`, async () => {
    using router = new Router();
    const ep = router.bind(endpoint(transport));
    const ids = ["A", "B", "C", "D", "E"];
    const dealers = ids.map((id) => new Dealer({ routingId: id }));
    try {
      for (const d of dealers) d.connect(ep);
      for (const [i, d] of dealers.entries()) await put(d, ["hello", ids[i]]);
      const seen: string[] = [];
      for (let i = 0; i < ids.length; i++) {
        const [id, hello, body] = text(await next(router));
        assert.equal(hello, "hello");
        assert.equal(id, body, "the prefix is the sender's routing id");
        seen.push(id);
      }
      assert.deepEqual(seen.sort(), ids, "each peer seen exactly once");
      assert.equal(router.tryReceive(), null);
      for (const id of [...ids].reverse()) assert.ok(router.trySend([id, `for ${id}`]));
      for (const [i, d] of dealers.entries()) assert.deepEqual(text(await next(d)), [`for ${ids[i]}`]);
    } finally {
      for (const d of dealers) d.close();
    }
  });

  test(`router - with mandatory, sending to an unknown routing id is EHOSTUNREACH over ${transport}`, async () => {
    using router = new Router({ mandatory: true });
    const ep = router.bind(endpoint(transport));
    using dealer = new Dealer({ routingId: "known" });
    dealer.connect(ep);
    await put(dealer, "hi");
    assert.deepEqual(text(await next(router)), ["known", "hi"]);
    assert.throws(() => router.trySend(["unknown", "x"]), (e) => {
      assert.ok(e instanceof ZmqError);
      assert.equal(e.code, "EHOSTUNREACH");
      return true;
    });
    await assert.rejects(router.send(["unknown", "x"]), isCode("EHOSTUNREACH"));
    assert.ok(router.trySend(["known", "still routed"]));
    assert.deepEqual(text(await next(dealer)), ["still routed"]);
  });

  test(`router - without mandatory, a message to an unknown routing id is dropped silently over ${transport}`, async () => {
    using router = new Router();
    const ep = router.bind(endpoint(transport));
    using dealer = new Dealer({ routingId: "known" });
    dealer.connect(ep);
    await put(dealer, "hi");
    assert.deepEqual(text(await next(router)), ["known", "hi"]);
    assert.equal(router.trySend(["unknown", "dropped"]), true);
    await router.send(["unknown", "dropped too"]);
    assert.ok(router.trySend(["known", "delivered"]));
    assert.deepEqual(text(await next(dealer)), ["delivered"], "nothing else arrived first");
  });

  // --- PUSH / PULL --------------------------------------------------------------------------

  test(`push/pull - PUSH round-robins to every connected puller over ${transport}`, async () => {
    using pulls = bindMany(4, () => new Pull(), transport);
    using push = new Push();
    for (const ep of pulls.endpoints) push.connect(ep);
    const owners: number[] = [];
    for (let i = 0; i < 16; i++) {
      assert.ok(push.trySend(["job", String(i)]));
      const [who, msg] = await nextOf(pulls.sockets, `job ${i}`);
      assert.deepEqual(text(msg), ["job", String(i)]);
      owners.push(who);
    }
    assertRotation(owners, 4);
  });

  test(`push/pull - PULL fair-queues from every connected pusher over ${transport}`, async () => {
    using pull = new Pull();
    const ep = pull.bind(endpoint(transport));
    using a = new Push();
    using b = new Push();
    using c = new Push();
    for (const s of [a, b, c]) s.connect(ep);
    await assertFairQueue(pull, [a, b, c], transport, []);
  });

  // --- PAIR ---------------------------------------------------------------------------------

  test(`pair - messages bounce both ways between the two ends over ${transport}`, async () => {
    using a = new Pair();
    const ep = a.bind(endpoint(transport));
    using b = new Pair();
    b.connect(ep);
    await put(b, "serve");
    let ball = text(await next(a));
    for (let i = 0; i < 100; i++) {
      assert.ok(a.trySend([...ball, `a${i}`].slice(-2)));
      ball = text(await next(b));
      assert.equal(ball.at(-1), `a${i}`);
      assert.ok(b.trySend([...ball, `b${i}`].slice(-2)));
      ball = text(await next(a));
      assert.deepEqual(ball, [`a${i}`, `b${i}`]);
    }
  });

  // --- no peer ------------------------------------------------------------------------------

  test(`no peer - REQ, DEALER and PUSH with no connected peer: trySend returns false over ${transport}`, () => {
    using req = new Request();
    using dealer = new Dealer();
    using push = new Push();
    for (const s of [req, dealer, push]) assert.equal(s.trySend("nobody listens"), false, s.type);
    // Bound but nobody connected: still no peer to take it.
    for (const s of [req, dealer, push]) s.bind(endpoint(transport));
    for (const s of [req, dealer, push]) assert.equal(s.trySend("nobody listens"), false, s.type);
  });

  // --- PUB / SUB ----------------------------------------------------------------------------

  test(`pub/sub - prefix filtering: "" matches all, binary prefixes, others dropped over ${transport}`, async () => {
    using pub = new Publisher();
    const ep = pub.bind(endpoint(transport));
    using all = new Subscriber();
    using some = new Subscriber();
    using none = new Subscriber();
    for (const s of [all, some, none]) s.connect(ep);
    all.subscribe("");
    some.subscribe("apple", new Uint8Array([0, 255]));
    const got = { all: [] as string[][], some: [] as string[][], none: [] as string[][] };
    await fence(pub, [all, some, none], [got.all, got.some, got.none]);
    const messages: (string | Uint8Array)[][] = [
      ["apple", "1"],
      ["applesauce", "2"],
      ["banana", "3"],
      [new Uint8Array([0, 255, 7]), "4"],
      [new Uint8Array([0, 254]), "5"],
      [new Uint8Array([0]), "6"],
      ["app", "7"],
      ["", "8"],
    ];
    for (const m of messages) assert.ok(pub.trySend(m));
    await fence(pub, [all, some, none], [got.all, got.some, got.none]);
    assert.deepEqual(got.all.map((m) => m[1]), ["1", "2", "3", "4", "5", "6", "7", "8"]);
    assert.deepEqual(got.some.map((m) => m[1]), ["1", "2", "4"]);
    assert.deepEqual(got.none, []);
  });

  test(`pub/sub - a prefix subscribed twice needs two unsubscribes over ${transport}`, async () => {
    using pub = new Publisher();
    const ep = pub.bind(endpoint(transport));
    using sub = new Subscriber();
    sub.connect(ep);
    const got: string[][] = [];
    sub.subscribe("a");
    sub.subscribe("a");
    await fence(pub, [sub], [got]);
    assert.ok(pub.trySend("a1"));
    sub.unsubscribe("a");
    await fence(pub, [sub], [got]);
    assert.ok(pub.trySend("a2"));
    await fence(pub, [sub], [got]);
    assert.deepEqual(got, [["a1"], ["a2"]], "still subscribed after one unsubscribe");
    sub.unsubscribe("a");
    await fence(pub, [sub], [got]);
    assert.ok(pub.trySend("a3"));
    await fence(pub, [sub], [got]);
    assert.deepEqual(got, [["a1"], ["a2"]]);
  });

  test(`xpub - receives \\x01topic and \\x00topic frames for subscriptions over ${transport}`, async () => {
    using xpub = new XPublisher();
    const ep = xpub.bind(endpoint(transport));
    using sub = new Subscriber();
    sub.connect(ep);
    sub.subscribe("weather", new Uint8Array([0, 1, 2]));
    const first = await next(xpub, "the subscription");
    assert.deepEqual([...first[0]], [1, ...new TextEncoder().encode("weather")]);
    assert.deepEqual([...(await next(xpub))[0]], [1, 0, 1, 2]);
    assert.ok(xpub.trySend(["weather", "sunny"]));
    assert.deepEqual(text(await next(sub)), ["weather", "sunny"]);
    sub.unsubscribe("weather");
    assert.deepEqual([...(await next(xpub, "the unsubscription"))[0]], [0, ...new TextEncoder().encode("weather")]);
  });

  test(`xsub - subscribe() sends a subscription upstream and the publisher honours it over ${transport}`, async () => {
    using pub = new Publisher();
    const ep = pub.bind(endpoint(transport));
    using xsub = new XSubscriber();
    xsub.connect(ep);
    xsub.subscribe("x");
    let m: Uint8Array[] | null = null;
    await waitFor(
      () => {
        pub.trySend("y-not-subscribed");
        pub.trySend("x-wanted");
        return (m = xsub.tryReceive()) !== null;
      },
      5000,
      "the subscribed topic",
    );
    assert.deepEqual(text(m!), ["x-wanted"], "only the subscribed prefix arrives");
  });
}

// --- STREAM ---------------------------------------------------------------------------------

/** Waits until the chunks a raw TCP socket received add up to `want` bytes, and decodes them. */
function readBytes(chunks: Uint8Array[], want: number): Promise<string> {
  const have = (): number => chunks.reduce((n, c) => n + c.length, 0);
  return waitFor(() => have() >= want, 5000, `${want} bytes`).then(() => decoder.decode(Buffer.concat(chunks)));
}

test('stream - a raw TCP client talks to a bound STREAM socket: [id, data] both ways, [id, ""] closes', async () => {
  using stream = new Stream();
  const ep = stream.bind("tcp://127.0.0.1:*");
  const port = Number(ep.split(":").at(-1));
  const chunks: Uint8Array[] = [];
  let closed = false;
  const client = net.connect({ host: "127.0.0.1", port });
  client.on("data", (d: Uint8Array) => chunks.push(d));
  client.on("close", () => closed = true);
  client.on("error", () => {});
  try {
    const [id, empty] = await next(stream, "the connect notification");
    assert.ok(id.length > 0);
    assert.equal(empty.length, 0, "a new connection is announced with an empty frame");
    client.write("hello stream");
    let data = "";
    while (data.length < 12) {
      const [from, bytes] = await next(stream, "raw bytes");
      assert.deepEqual([...from], [...id]);
      data += str(bytes);
    }
    assert.equal(data, "hello stream");
    assert.ok(stream.trySend([id, "hello client"]));
    assert.equal(await readBytes(chunks, 12), "hello client");
    assert.ok(stream.trySend([id, ""]), "an empty frame closes the connection");
    // libzmq completes the close when the socket next processes its commands (any call on it,
    // as an application that keeps receiving does): pyzmq shows the same.
    await waitFor(() => (stream.tryReceive(), closed), 5000, "the client to see the close");
  } finally {
    client.destroy();
  }
});

test("stream - a STREAM socket connects to a raw TCP server and exchanges bytes", async () => {
  const received: Uint8Array[] = [];
  const server = net.createServer((conn) => {
    conn.on("data", (d: Uint8Array) => {
      received.push(d);
      if (decoder.decode(Buffer.concat(received)) === "ping") conn.write("pong");
    });
    conn.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    using stream = new Stream();
    stream.connect(`tcp://127.0.0.1:${port}`);
    const [id, empty] = await next(stream, "the connect notification");
    assert.equal(empty.length, 0);
    assert.ok(stream.trySend([id, "ping"]));
    const [from, reply] = await next(stream, "the server's reply");
    assert.deepEqual([...from], [...id]);
    assert.equal(str(reply), "pong");
  } finally {
    await new Promise<void>((r) => {
      server.close(() => r());
      // Bun and Deno keep accepted connections open after close(): end them explicitly.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  }
});

test("stream - two STREAM sockets exchange raw bytes over tcp", async () => {
  using server = new Stream();
  const ep = server.bind("tcp://127.0.0.1:*");
  using client = new Stream();
  client.connect(ep);
  const [serverSide] = await next(server, "the server's connect notification");
  const [clientSide] = await next(client, "the client's connect notification");
  assert.ok(client.trySend([clientSide, "raw"]));
  const [from, data] = await next(server);
  assert.deepEqual([...from], [...serverSide]);
  assert.equal(str(data), "raw");
});

// --- helpers for PUB/SUB -------------------------------------------------------------------

let fences = 0;
/**
 * Makes sure everything published and every (un)subscription made before it has taken effect:
 * each subscriber subscribes to a fresh fence topic, and the publisher publishes it until every
 * subscriber got it. Subscriptions travel in order with the earlier ones, and publications in
 * order with the earlier ones, so anything sent before the fence has arrived (or was filtered).
 * Non-fence messages received meanwhile are appended to `into[i]`.
 */
async function fence(pub: Publisher, subs: Subscriber[], into: string[][][]): Promise<void> {
  const topic = `~fence${fences++}`;
  for (const s of subs) s.subscribe(topic);
  const done = subs.map(() => false);
  await waitFor(
    () => {
      pub.trySend(topic);
      for (let i = 0; i < subs.length; i++) {
        let m: Uint8Array[] | null;
        while (!done[i] && (m = subs[i].tryReceive()) !== null) {
          const t = text(m);
          if (t[0] === topic) done[i] = true;
          else if (!t[0].startsWith("~fence")) into[i].push(t);
        }
      }
      return done.every(Boolean);
    },
    5000,
    `fence ${topic}`,
  );
  for (const s of subs) s.unsubscribe(topic);
}
