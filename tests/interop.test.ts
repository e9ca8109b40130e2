/**
 * The wire is the contract: byte-exact interop with pyzmq (Debian's python3-zmq) and between a
 * Deno process and a Bun process.
 */
import { assert, ROOT, test, text } from "./_harness.ts";
import { hasPyzmq, otherRuntime, Peer, pyzmq } from "./_peers.ts";
import { Dealer, Pull, Push, Reply, Request, Subscriber } from "../mod.ts";

const PY = hasPyzmq ? "" : " (skipped: /usr/bin/python3 has no zmq)";
const other = otherRuntime();
const JS_PEER = `${ROOT}tests/fixtures/js_peer.ts`;

function pyTest(name: string, fn: () => Promise<void>): void {
  test(`pyzmq - ${name}${PY}`, async () => {
    if (hasPyzmq) await fn();
  }, { timeout: 40_000 });
}

pyTest("our Request gets replies from a pyzmq REP", async () => {
  const py = pyzmq("rep", "20");
  try {
    const ep = await py.line();
    using req = new Request();
    req.connect(ep);
    for (let i = 0; i < 20; i++) {
      await req.send(["hello", `${i}`]);
      assert.deepEqual(text(await req.receive({ timeout: 10_000 })), ["world", "hello", `${i}`]);
    }
    assert.equal(await py.finish(), 0, py.stderr);
  } finally {
    py.kill();
  }
});

pyTest("a pyzmq REQ gets replies from our Reply", async () => {
  using rep = new Reply();
  const ep = rep.bind("tcp://127.0.0.1:*");
  const py = pyzmq("req", ep, "20");
  try {
    for (let i = 0; i < 20; i++) {
      const [msg] = text(await rep.receive({ timeout: 10_000 }));
      assert.equal(msg, `hello ${i}`);
      await rep.send(`world ${msg}`);
    }
    assert.equal(await py.line(), "req ok 20");
    assert.equal(await py.finish(), 0, py.stderr);
  } finally {
    py.kill();
  }
});

pyTest("our Subscriber gets only its prefix from a pyzmq PUB", async () => {
  const py = pyzmq("pub", "5");
  try {
    const ep = await py.line();
    using sub = new Subscriber();
    sub.subscribe("A");
    sub.connect(ep);
    let last = -1;
    const topics = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const [topic, seq] = text(await sub.receive({ timeout: 10_000 }));
      topics.add(topic);
      if (topic === "A") {
        assert.ok(Number(seq) > last, `sequence goes up: ${seq} after ${last}`);
        last = Number(seq);
      }
    }
    assert.deepEqual([...topics].sort(), ["A", "AB"], "prefix A matches A and AB, never B");
  } finally {
    py.kill();
  }
});

pyTest("multipart and binary frames survive a pyzmq ROUTER echo byte for byte", async () => {
  const py = pyzmq("echo");
  try {
    const ep = await py.line();
    using dealer = new Dealer();
    dealer.connect(ep);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    const frames = [all, new Uint8Array(0), "héllo wörld ✓ 日本語 🚀", big, new Uint16Array([1, 0xffff]), "END"];
    await dealer.send(frames);
    const back = await dealer.receive({ timeout: 10_000 });
    assert.equal(back.length, frames.length);
    assert.deepEqual(back[0], all);
    assert.equal(back[1].length, 0);
    assert.equal(new TextDecoder().decode(back[2]), frames[2]);
    assert.deepEqual(back[3], big);
    assert.deepEqual([...back[4]], [1, 0, 0xff, 0xff]);
    assert.equal(await py.finish(), 0, py.stderr);
  } finally {
    py.kill();
  }
});

pyTest("pipeline: a pyzmq ventilator and sink with our workers", async () => {
  const py = pyzmq("ventilator-sink", "200");
  try {
    const [vent, sink] = (await py.line()).split(" ");
    const workers = [0, 1, 2].map((n) => {
      const pull = new Pull();
      const push = new Push();
      pull.connect(vent);
      push.connect(sink);
      return { pull, push, n, done: 0 };
    });
    // PUSH round-robins over the workers connected when a task is sent; which worker does a
    // task does not matter here, only that every task is done exactly once.
    py.send("go");
    const loops = workers.map(async (w) => {
      for await (const [, task] of w.pull) {
        await w.push.send([`worker-${w.n}`, task]);
        w.done++;
      }
    });
    const result = await py.line(30_000);
    for (const w of workers) {
      w.pull.close();
      w.push.close();
    }
    await Promise.all(loops);
    assert.match(result, /^sink ok 200 workers \d$/);
    assert.equal(workers.reduce((a, w) => a + w.done, 0), 200);
  } finally {
    py.kill();
  }
});

pyTest("a pyzmq ROUTER/DEALER zmq.proxy broker between our clients and workers", async () => {
  const py = pyzmq("broker");
  try {
    const [front, back] = (await py.line()).split(" ");
    const workers = [0, 1].map(() => {
      const rep = new Reply();
      rep.connect(back);
      return rep;
    });
    const serving = workers.map(async (rep, n) => {
      for await (const [msg] of rep) await rep.send([`worker${n}`, msg]);
    });
    const clients = [0, 1, 2].map(async (c) => {
      using req = new Request();
      req.connect(front);
      for (let i = 0; i < 30; i++) {
        await req.send(`client${c}-${i}`);
        const [, body] = text(await req.receive({ timeout: 10_000 }));
        assert.equal(body, `client${c}-${i}`, "every reply goes to the client that asked");
      }
    });
    await Promise.all(clients);
    for (const w of workers) w.close();
    await Promise.all(serving);
  } finally {
    py.kill();
  }
});

function crossTest(name: string, fn: (peer: NonNullable<typeof other>) => Promise<void>): void {
  const label = other ? `${other.name} peer` : "no other runtime found: skipped";
  test(`cross-runtime - ${name} (${label})`, async () => {
    if (other) await fn(other);
  }, { timeout: 90_000 });
}

crossTest("100k numbered PUSH/PULL messages arrive in order, no loss, no duplicates, both ways", async (rt) => {
  const n = 100_000;
  // this runtime pushes, the other pulls
  const puller = new Peer(rt.argv(JS_PEER, "pull", String(n)));
  try {
    const ep = await puller.line(20_000);
    using push = new Push();
    push.connect(ep);
    for (let i = 0; i < n; i++) await push.send(String(i));
    assert.equal(await puller.line(60_000), `pull ok ${n} ${rt.name}`);
  } finally {
    puller.kill();
  }
  // the other runtime pushes, this one pulls
  using pull = new Pull();
  const ep = pull.bind("tcp://127.0.0.1:*");
  const pusher = new Peer(rt.argv(JS_PEER, "push", ep, String(n)));
  try {
    const decoder = new TextDecoder();
    for (let i = 0; i < n; i++) {
      const [frame] = await pull.receive({ timeout: 20_000 });
      assert.equal(Number(decoder.decode(frame)), i);
    }
    assert.equal(pull.tryReceive(), null, "no duplicates after the last message");
    assert.equal(await pusher.finish(), 0, pusher.stderr);
  } finally {
    pusher.kill();
  }
});

crossTest("REQ/REP across runtimes", async (rt) => {
  const rep = new Peer(rt.argv(JS_PEER, "rep", "50"));
  try {
    const ep = await rep.line(20_000);
    using req = new Request();
    req.connect(ep);
    for (let i = 0; i < 50; i++) {
      await req.send(["q", String(i)]);
      assert.deepEqual(text(await req.receive({ timeout: 10_000 })), [rt.name, "q", String(i)]);
    }
    assert.equal(await rep.line(), "rep ok");
  } finally {
    rep.kill();
  }
});

crossTest("PUB/SUB across runtimes delivers only the subscribed prefix", async (rt) => {
  const pub = new Peer(rt.argv(JS_PEER, "pub", "6"));
  try {
    const ep = await pub.line(20_000);
    using sub = new Subscriber();
    sub.subscribe("B");
    sub.connect(ep);
    let last = -1;
    for (let i = 0; i < 300; i++) {
      const [topic, seq] = text(await sub.receive({ timeout: 10_000 }));
      assert.equal(topic, "B");
      assert.ok(Number(seq) > last);
      last = Number(seq);
    }
  } finally {
    pub.kill();
  }
});

crossTest("ROUTER/DEALER across runtimes routes replies by identity", async (rt) => {
  const router = new Peer(rt.argv(JS_PEER, "router", "60"));
  try {
    const ep = await router.line(20_000);
    await Promise.all(["alpha", "beta", "gamma"].map(async (id) => {
      using dealer = new Dealer({ routingId: id });
      dealer.connect(ep);
      for (let i = 0; i < 20; i++) {
        await dealer.send([id, String(i)]);
        assert.deepEqual(text(await dealer.receive({ timeout: 10_000 })), ["ack", id, String(i)]);
      }
    }));
    assert.equal(await router.line(), "router ok");
  } finally {
    router.kill();
  }
});
