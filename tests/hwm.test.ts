/**
 * High-water marks, exactly: the default and the smallest queues, libzmq's low-water mark that
 * releases a full sender, and the sockets that refuse a send at the mark instead of dropping it
 * (XPUB noDrop, ROUTER mandatory), counted over inproc and stressed over every transport; and
 * trySend() that does not mistake a drained queue for a full one.
 */
import { assert, endpoint, sleep, test, text, TRANSPORTS } from "./_harness.ts";
import { next, put, ready, subscription } from "./_helpers.ts";
import { Dealer, Pull, Push, type Readable, Router, Subscriber, type Writable, XPublisher } from "../mod.ts";

/** How many trySend() calls succeed in a row (at most `cap`); message i is the string "i". */
function fill(socket: Writable, cap: number, from = 0): number {
  let n = 0;
  while (n < cap && socket.trySend(String(from + n))) n++;
  return n;
}

/** Receives `count` messages, which must be the strings "from".."from+count-1" in order. */
function drainInOrder(socket: Readable, count: number, from = 0): void {
  for (let i = 0; i < count; i++) {
    const m = socket.tryReceive();
    assert.ok(m !== null, `message ${from + i} is queued`);
    assert.deepEqual(text(m), [String(from + i)]);
  }
}

// --- queue sizes and the low-water mark -------------------------------------------------------

test("hwm - default high-water marks: an inproc PUSH->PULL queue takes exactly 2000 messages (1000 send + 1000 receive)", () => {
  using pull = new Pull();
  using push = new Push();
  assert.equal(push.sendHighWaterMark, 1000);
  assert.equal(pull.receiveHighWaterMark, 1000);
  push.connect(pull.bind(endpoint("inproc")));
  assert.equal(fill(push, 5000), 2000);
  drainInOrder(pull, 2000);
  assert.equal(pull.tryReceive(), null);
});

test("hwm - send and receive high-water marks 1/1 take exactly 2 messages; 0/0 is unlimited (10,000 without a reader)", () => {
  {
    using pull = new Pull({ receiveHighWaterMark: 1 });
    using push = new Push({ sendHighWaterMark: 1 });
    push.connect(pull.bind(endpoint("inproc")));
    assert.equal(fill(push, 100), 2);
    drainInOrder(pull, 2);
    assert.equal(pull.tryReceive(), null);
  }
  {
    using pull = new Pull({ receiveHighWaterMark: 0 });
    using push = new Push({ sendHighWaterMark: 0 });
    push.connect(pull.bind(endpoint("inproc")));
    assert.equal(fill(push, 10_000), 10_000);
    drainInOrder(pull, 10_000);
    assert.equal(pull.tryReceive(), null);
  }
});

test("hwm - a full sender is released after the reader drained half the queue (libzmq's low-water mark), then exactly that many fit", async () => {
  // libzmq tells the writer how far the reader got only every lwm = (hwm + 1) / 2 messages read,
  // with hwm the pipe's (send + receive over inproc). A poll runs the writer's pending commands.
  using pull = new Pull();
  using push = new Push();
  push.connect(pull.bind(endpoint("inproc")));
  assert.equal(fill(push, 5000), 2000);
  drainInOrder(pull, 999);
  assert.equal(await ready(push, "writable", 0), false, "999 read: still full");
  assert.equal(push.trySend("x"), false);
  drainInOrder(pull, 1, 999);
  assert.equal(await ready(push, "writable", 0), true, "1000 read: released");
  assert.equal(fill(push, 5000, 2000), 1000, "exactly 1000 more fit");
  drainInOrder(pull, 2000, 1000);
  assert.equal(await ready(push, "writable", 0), true);
  assert.equal(fill(push, 5000, 3000), 2000, "drained: the whole 2000 fit again");
  drainInOrder(pull, 2000, 3000);

  // With 1/1 (pipe hwm 2, lwm 1) every message read releases one more send.
  using pull1 = new Pull({ receiveHighWaterMark: 1 });
  using push1 = new Push({ sendHighWaterMark: 1 });
  push1.connect(pull1.bind(endpoint("inproc")));
  assert.equal(fill(push1, 100), 2);
  for (let i = 0; i < 5; i++) {
    drainInOrder(pull1, 1, i);
    assert.equal(await ready(push1, "writable", 0), true);
    assert.equal(fill(push1, 100, 2 + i), 1, `read ${i + 1}: exactly one more`);
  }
});

test("hwm - trySend to a reader that takes every message at once never reports a full queue (50,000 in a row, no poll between)", () => {
  // libzmq looks at a sender's commands (where the reader's progress arrives) at most about once
  // per ms on a DONTWAIT send: without a look of its own, trySend saw the queue as full 11,001
  // times in 200,000 on Deno and 34,000 on Bun here, the first time within 4,000-10,000 sends.
  using pull = new Pull();
  using push = new Push();
  push.connect(pull.bind(endpoint("inproc")));
  let refused = 0;
  for (let i = 0; i < 50_000; i++) {
    if (!push.trySend(String(i))) {
      refused++;
      continue;
    }
    const m = pull.tryReceive();
    assert.ok(m !== null, `message ${i} is queued`);
    assert.equal(text(m)[0], String(i));
  }
  assert.equal(refused, 0);
});

// --- XPUB noDrop, ROUTER mandatory at the high-water mark -------------------------------------

test("xpub - noDrop: at the high-water mark trySend returns false instead of dropping; PUB-style drop without it (inproc 5 + 5)", async () => {
  for (const noDrop of [true, false]) {
    using xpub = new XPublisher({ noDrop, sendHighWaterMark: 5 });
    using sub = new Subscriber({ receiveHighWaterMark: 5 });
    sub.connect(xpub.bind(endpoint("inproc")));
    sub.subscribe();
    assert.equal(subscription(await next(xpub)), "+");
    const accepted = fill(xpub, 100);
    assert.equal(accepted, noDrop ? 10 : 100, `noDrop: ${noDrop}`);
    drainInOrder(sub, 10);
    assert.equal(sub.tryReceive(), null, noDrop ? "every accepted message arrived" : "the rest was dropped");
  }
});

test("router - mandatory: at a full peer pipe trySend returns false (EAGAIN), no silent drop; without it, drops (inproc 5 + 5)", async () => {
  for (const mandatory of [true, false]) {
    using router = new Router({ mandatory, sendHighWaterMark: 5 });
    using dealer = new Dealer({ routingId: "d", receiveHighWaterMark: 5 });
    dealer.connect(router.bind(endpoint("inproc")));
    await put(dealer, "hello");
    assert.deepEqual(text(await next(router)), ["d", "hello"]);
    let accepted = 0;
    while (accepted < 100 && router.trySend(["d", String(accepted)])) accepted++;
    assert.equal(accepted, mandatory ? 10 : 100, `mandatory: ${mandatory}`);
    drainInOrder(dealer, 10);
    assert.equal(dealer.tryReceive(), null);
  }
});

/**
 * Sends 2000 numbered messages with trySend(), retrying a refused one after 1 ms, while a reader
 * receives: the high-water marks (5) must refuse some sends, and every message trySend accepted
 * must arrive, in order (a refused one is sent again, so a drop or a duplicate breaks the order).
 */
async function everyAcceptedArrives(send: (i: number) => boolean, receiver: Readable): Promise<void> {
  const total = 2000;
  let refusals = 0;
  const producer = (async () => {
    for (let i = 0; i < total;) {
      if (send(i)) i++;
      else {
        refusals++;
        await sleep(1);
      }
    }
  })();
  const reader = (async () => {
    for (let i = 0; i < total; i++) {
      const m = await receiver.receive({ timeout: 10_000 });
      assert.equal(text(m).at(-1), String(i), "accepted messages arrive in order, none dropped");
    }
  })();
  await Promise.all([producer, reader]);
  assert.ok(refusals > 0, "the high-water mark refused some sends");
  assert.equal(receiver.tryReceive(), null);
}

for (const transport of TRANSPORTS) {
  test(`xpub - noDrop: every message trySend accepted arrives, in order, through high-water marks of 5 over ${transport}`, async () => {
    using xpub = new XPublisher({ noDrop: true, sendHighWaterMark: 5 });
    using sub = new Subscriber({ receiveHighWaterMark: 5 });
    sub.connect(xpub.bind(endpoint(transport)));
    sub.subscribe();
    assert.equal(subscription(await next(xpub)), "+");
    await everyAcceptedArrives((i) => xpub.trySend(String(i)), sub);
  });

  test(`router - mandatory: every message trySend accepted arrives, in order, through high-water marks of 5 over ${transport}`, async () => {
    using router = new Router({ mandatory: true, sendHighWaterMark: 5 });
    using dealer = new Dealer({ routingId: "d", receiveHighWaterMark: 5 });
    dealer.connect(router.bind(endpoint(transport)));
    await put(dealer, "hello");
    assert.deepEqual(text(await next(router)), ["d", "hello"]);
    await everyAcceptedArrives((i) => router.trySend(["d", String(i)]), dealer);
  });
}
