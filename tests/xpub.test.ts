/**
 * XPUB beyond its subscription frames (those are in patterns.test.ts): verbose, the
 * unsubscriptions of a subscriber that closes, manual mode and subscribe() on the XPUB. noDrop at
 * the high-water mark is in hwm.test.ts. "Nothing arrives" is checked within a short bounded wait
 * (300 ms) or, better, from per-pipe FIFO order.
 */
import { assert, endpoint, sleep, test, text, TRANSPORTS } from "./_harness.ts";
import { isCode, next, subscription } from "./_helpers.ts";
import { Subscriber, XPublisher } from "../mod.ts";

for (const transport of TRANSPORTS) {
  test(`xpub - verbose passes every duplicate subscription frame up, without it only the first over ${transport}`, async () => {
    for (const verbose of [true, false]) {
      using xpub = new XPublisher({ verbose });
      const ep = xpub.bind(endpoint(transport));
      using a = new Subscriber();
      using b = new Subscriber();
      a.connect(ep);
      b.connect(ep);
      a.subscribe("topic");
      assert.equal(subscription(await next(xpub, "a's subscription")), "+topic");
      // Per pipe the frames keep their order: a duplicate that is passed up comes before "+fence".
      b.subscribe("topic", "fence");
      const frames: string[] = [];
      while (frames.at(-1) !== "+fence") frames.push(subscription(await next(xpub, "b's subscriptions")));
      assert.deepEqual(frames, verbose ? ["+topic", "+fence"] : ["+fence"], `verbose: ${verbose}`);
      assert.equal(xpub.tryReceive(), null);
    }
  });

  test(`xpub - a subscriber that closes is reported as \\x00topic frames for the topics no one else has over ${transport}`, async () => {
    using xpub = new XPublisher({ verbose: true });
    const ep = xpub.bind(endpoint(transport));
    using a = new Subscriber();
    using b = new Subscriber();
    a.connect(ep);
    b.connect(ep);
    a.subscribe("shared", "only-a");
    b.subscribe("shared", "only-b");
    const subscribed: string[] = [];
    while (subscribed.length < 4) subscribed.push(subscription(await next(xpub, "the subscriptions")));
    assert.deepEqual(subscribed.sort(), ["+only-a", "+only-b", "+shared", "+shared"]);
    a.close();
    // libzmq emits every unsubscription of a pipe's end at once: what is not queued with
    // "-only-a" is not coming.
    const afterA: string[] = [];
    while (afterA.at(-1) !== "-only-a") afterA.push(subscription(await next(xpub, "a's unsubscription")));
    for (let m = xpub.tryReceive(); m !== null; m = xpub.tryReceive()) afterA.push(subscription(m));
    assert.deepEqual(afterA, ["-only-a"], '"shared" is still wanted by b');
    b.close();
    const afterB: string[] = [];
    while (afterB.length < 2) afterB.push(subscription(await next(xpub, "b's unsubscriptions")));
    assert.deepEqual(afterB.sort(), ["-only-b", "-shared"]);
  });

  test(`xpub - manual: subscription frames are passed up but not applied, so nothing is delivered over ${transport}`, async () => {
    using xpub = new XPublisher({ manual: true });
    const ep = xpub.bind(endpoint(transport));
    using sub = new Subscriber();
    sub.connect(ep);
    sub.subscribe("t");
    assert.equal(subscription(await next(xpub, "the subscription")), "+t");
    assert.ok(xpub.trySend("t-data"));
    // Sending a subscription frame is just a message: it applies nothing either.
    assert.ok(xpub.trySend(new Uint8Array([1, 0x74])));
    assert.ok(xpub.trySend("t-more"));
    await sleep(300);
    assert.equal(sub.tryReceive(), null, "no subscription was applied");
  });
}

test("xpub - manual: a subscription the application applies delivers the subscriber's messages", async () => {
  using xpub = new XPublisher({ manual: true });
  const ep = xpub.bind(endpoint("tcp"));
  using sub = new Subscriber();
  sub.connect(ep);
  sub.subscribe("t");
  assert.equal(subscription(await next(xpub, "the subscription")), "+t");
  // libzmq applies manual subscriptions only through ZMQ_SUBSCRIBE on the XPUB (subscribe()),
  // to the subscriber whose subscription message was read last.
  xpub.subscribe("t");
  assert.ok(xpub.trySend("t-data"));
  assert.deepEqual(text(await sub.receive({ timeout: 5000 })), ["t-data"]);
  xpub.unsubscribe("t");
  assert.ok(xpub.trySend("t-after"));
  await sleep(300);
  assert.equal(sub.tryReceive(), null, "unsubscribe() removed it");
});

test("xpub - subscribe() without manual mode is ZmqError EINVAL; on a closed socket EBADF", () => {
  const xpub = new XPublisher();
  assert.throws(() => xpub.subscribe("t"), isCode("EINVAL"));
  xpub.close();
  assert.throws(() => xpub.subscribe("t"), isCode("EBADF"));
});
