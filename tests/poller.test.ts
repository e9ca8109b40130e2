/** Poller: readiness of many sockets on the event loop, exact and without lost wakeups. */
import { assert, endpoint, sleep, test, text, type Transport, TRANSPORTS } from "./_harness.ts";
import { Dealer, Pair, Poller, type PollResult, Pull, Push, Reply, Request, Router, type Socket } from "../mod.ts";

const decoder = new TextDecoder();
const isTimeout = (e: unknown): boolean => e instanceof DOMException && e.name === "TimeoutError";

/** The ready set as "name:rw" strings, sorted, for exact comparisons. */
function describe(results: PollResult[], names: Map<Socket, string>): string[] {
  return results.map((r) => `${names.get(r.socket)}:${r.readable ? "r" : ""}${r.writable ? "w" : ""}`).sort();
}

for (const transport of TRANSPORTS) {
  test(`poller - readable: waits for a message and reports only readability over ${transport}`, async () => {
    using pull = new Pull();
    using push = new Push();
    push.connect(pull.bind(endpoint(transport)));
    const poller = new Poller();
    poller.add(pull, "readable");
    assert.equal(poller.size, 1);
    assert.deepEqual(await poller.poll({ timeout: 0 }), []);
    const pending = poller.poll({ timeout: 10_000 });
    await sleep(20); // the poll is parked on the helper thread when the message arrives
    await push.send("hello");
    assert.deepEqual(await pending, [{ socket: pull, readable: true, writable: false }]);
    // Polling does not consume: it stays readable until received.
    assert.deepEqual(await poller.poll(), [{ socket: pull, readable: true, writable: false }]);
    assert.deepEqual(pull.tryReceive()?.length, 1);
    assert.deepEqual(await poller.poll({ timeout: 20 }), []);
  });

  test(`poller - writable and both: a dealer is writable once connected, both once a message waits over ${transport}`, async () => {
    using router = new Router();
    using dealer = new Dealer();
    const ep = router.bind(endpoint(transport));
    const poller = new Poller();
    poller.add(dealer, "both");
    // No peer yet: a DEALER cannot send.
    assert.deepEqual(await poller.poll({ timeout: 20 }), []);
    dealer.connect(ep);
    assert.deepEqual(await poller.poll({ timeout: 10_000 }), [{ socket: dealer, readable: false, writable: true }]);
    await dealer.send("hi");
    const [id] = await router.receive();
    await router.send([id, "back"]);
    const seen = new Poller();
    seen.add(dealer, "readable");
    await seen.poll({ timeout: 10_000 });
    assert.deepEqual(await poller.poll(), [{ socket: dealer, readable: true, writable: true }]);
    poller.add(dealer, "writable"); // changes what is watched
    assert.deepEqual(await poller.poll(), [{ socket: dealer, readable: false, writable: true }]);
    dealer.tryReceive();
  });

  test(`poller - REQ/REP lock-step states over ${transport}`, async () => {
    using rep = new Reply();
    using req = new Request();
    req.connect(rep.bind(endpoint(transport)));
    const names = new Map<Socket, string>([[req, "req"], [rep, "rep"]]);
    const poller = new Poller();
    poller.add(req, "both");
    poller.add(rep, "both");
    assert.deepEqual(describe(await poller.poll({ timeout: 10_000 }), names), ["req:w"]);
    for (let i = 0; i < 3; i++) {
      await req.send(`q${i}`);
      // The request is on its way: req can do nothing, rep becomes readable only.
      assert.deepEqual(describe(await poller.poll({ timeout: 10_000 }), names), ["rep:r"]);
      await rep.receive();
      assert.deepEqual(describe(await poller.poll({ timeout: 10_000 }), names), ["rep:w"]);
      await rep.send(`a${i}`);
      assert.deepEqual(describe(await poller.poll({ timeout: 10_000 }), names), ["req:r"]);
      await req.receive();
      assert.deepEqual(describe(await poller.poll({ timeout: 10_000 }), names), ["req:w"]);
    }
  });
}

test("poller - poll({timeout}) resolves [] after no less than the timeout", async () => {
  using pull = new Pull();
  pull.bind(endpoint("inproc"));
  const poller = new Poller();
  poller.add(pull);
  const start = performance.now();
  assert.deepEqual(await poller.poll({ timeout: 100 }), []);
  assert.ok(performance.now() - start >= 95);
  // An empty poller times out the same way.
  assert.deepEqual(await new Poller().poll({ timeout: 10 }), []);
});

test("poller - abort rejects with signal.reason; an aborted signal rejects at once", async () => {
  using pull = new Pull();
  using push = new Push();
  push.connect(pull.bind(endpoint("inproc")));
  const poller = new Poller();
  poller.add(pull);
  const controller = new AbortController();
  const p = poller.poll({ signal: controller.signal });
  await sleep(10);
  const reason = new Error("stop polling");
  controller.abort(reason);
  await assert.rejects(p, (e) => e === reason);
  await assert.rejects(poller.poll({ signal: AbortSignal.abort(reason) }), (e) => e === reason);
  await assert.rejects(poller.poll({ signal: AbortSignal.timeout(30) }), isTimeout);
  // The aborted poll left nothing behind: a later poll still sees the socket become readable.
  await push.send("x");
  assert.equal((await poller.poll({ timeout: 10_000 })).length, 1);
  assert.ok(pull.tryReceive());
});

test("poller - remove() stops reporting a socket", async () => {
  using a = new Pull();
  using b = new Pull();
  using push = new Push();
  push.connect(a.bind(endpoint("inproc")));
  push.connect(b.bind(endpoint("inproc")));
  const poller = new Poller();
  poller.add(a);
  poller.add(b);
  await push.send("1");
  await push.send("2"); // round-robin: one each
  assert.equal((await poller.poll()).length, 2);
  assert.equal(poller.remove(a), true);
  assert.equal(poller.remove(a), false);
  assert.deepEqual(await poller.poll(), [{ socket: b, readable: true, writable: false }]);
  a.tryReceive();
  b.tryReceive();
});

test("poller - add() rejects bad events and closed sockets", () => {
  const poller = new Poller();
  const pull = new Pull();
  assert.throws(() => poller.add(pull, "sideways" as "readable"), TypeError);
  pull.close();
  assert.throws(() => poller.add(pull), TypeError);
});

test("poller - an empty poller with no timeout rejects (it could never settle); with a timeout it resolves []", async () => {
  const poller = new Poller();
  await assert.rejects(poller.poll(), TypeError);
  await assert.rejects(poller.poll({ timeout: -1 }), TypeError);
  assert.deepEqual(await poller.poll({ timeout: 0 }), []);
  const t0 = performance.now();
  assert.deepEqual(await poller.poll({ timeout: 30 }), []);
  assert.ok(performance.now() - t0 >= 29);
  const c = new AbortController();
  const pending = poller.poll({ signal: c.signal });
  c.abort(new Error("stop"));
  await assert.rejects(pending, /stop/);
});

test("poller - a timeout that is not a number is a TypeError", async () => {
  const poller = new Poller();
  const pull = new Pull();
  try {
    poller.add(pull);
    await assert.rejects(poller.poll({ timeout: "10" as unknown as number }), TypeError);
    await assert.rejects(poller.poll({ timeout: NaN }), TypeError);
  } finally {
    pull.close();
  }
});

const ROUNDS: Record<Transport, number> = { inproc: 500, ipc: 200, tcp: 200 };

for (const transport of TRANSPORTS) {
  test(`poller - over 100 PULL sockets each poll returns exactly the ready ones over ${transport}`, async () => {
    const count = 100;
    const pulls: Pull[] = [];
    const pushes: Push[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const pull = new Pull();
        const push = new Push();
        pulls.push(pull);
        pushes.push(push);
        push.connect(pull.bind(endpoint(transport)));
      }
      const index = new Map<Socket, number>(pulls.map((p, i) => [p, i]));
      const poller = new Poller<Pull>();
      for (const p of pulls) poller.add(p, "readable");
      let sentTotal = 0;
      let receivedTotal = 0;
      let polls = 0;
      for (let round = 0; round < ROUNDS[transport]; round++) {
        // A random subset receives 1-3 messages each.
        const outstanding = new Map<number, number>();
        const k = 1 + Math.floor(Math.random() * 10);
        while (outstanding.size < k) {
          outstanding.set(Math.floor(Math.random() * count), 1 + Math.floor(Math.random() * 3));
        }
        const sendAll = async () => {
          for (const [i, n] of outstanding) {
            for (let m = 0; m < n; m++) await pushes[i].send(`${round}:${i}:${m}`);
            sentTotal += n;
          }
        };
        // Even rounds: everything is sent before polling. Odd rounds: the poll waits first.
        const sending = round % 2 === 0 ? sendAll() : sleep(Math.random() * 5).then(sendAll);
        if (round % 2 === 0) await sending;
        let first = true;
        while (outstanding.size > 0) {
          const ready = await poller.poll({ timeout: 10_000 });
          polls++;
          assert.ok(ready.length > 0, `round ${round}: poll timed out with ${outstanding.size} sockets owed messages`);
          const readySet = new Set(ready.map((r) => index.get(r.socket)!));
          assert.equal(readySet.size, ready.length, "a socket was reported twice");
          if (first && round % 2 === 0 && transport === "inproc") {
            // inproc delivers synchronously: every socket sent to is ready, exactly those.
            assert.deepEqual([...readySet].sort(), [...outstanding.keys()].sort(), `round ${round}`);
          }
          first = false;
          for (const r of ready) {
            const i = index.get(r.socket)!;
            assert.equal(r.readable, true);
            assert.equal(r.writable, false);
            assert.ok(outstanding.has(i), `round ${round}: socket ${i} reported ready but was sent nothing`);
            // Drain everything it has now; each must be one of this round's messages.
            let frames: Uint8Array[] | null = r.socket.tryReceive();
            assert.ok(frames, `round ${round}: socket ${i} reported ready but had no message`);
            while (frames) {
              const seen: string = decoder.decode(frames[0]);
              assert.ok(seen.startsWith(`${round}:${i}:`), `socket ${i} in round ${round} got ${seen}`);
              receivedTotal++;
              const left = outstanding.get(i)! - 1;
              if (left === 0) outstanding.delete(i);
              else outstanding.set(i, left);
              frames = r.socket.tryReceive();
            }
          }
        }
        await sending;
        // Nothing is ready once every message is drained.
        assert.deepEqual(await poller.poll({ timeout: 0 }), [], `round ${round}: a drained socket was reported`);
      }
      assert.equal(receivedTotal, sentTotal);
      assert.ok(polls >= ROUNDS[transport]);
    } finally {
      for (const s of [...pulls, ...pushes]) s.close();
    }
  }, { timeout: 40_000 });
}

test("poller - sockets given to the constructor are watched, and typed in the results", async () => {
  using pull = new Pull();
  using push = new Push();
  push.connect(pull.bind(endpoint("inproc")));
  using pair = new Pair();
  const poller = new Poller([pull, [pair, "writable"] as const]);
  assert.equal(poller.size, 2);
  await push.send("typed");
  const ready = await poller.poll({ timeout: 5000 });
  const hit = ready.find((r) => r.socket === pull)!;
  assert.ok(hit.readable);
  // `socket` is Pull | Pair here: tryReceive() type-checks without a cast.
  assert.deepEqual(text(hit.socket.tryReceive()!), ["typed"]);
});
