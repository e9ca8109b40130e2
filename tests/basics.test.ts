import { existsSync } from "node:fs";
import { assert, endpoint, test, text, TRANSPORTS, waitFor } from "./_harness.ts";
import { isCode, put } from "./_helpers.ts";
import { hasPyzmq, pyzmq } from "./_peers.ts";
import { has, latencyBudget, Pull, Push, Reply, Request, setLatencyBudget, version } from "../mod.ts";

test("version - reports the loaded libzmq, at least 4.3", () => {
  const v = version();
  assert.ok(v.major > 4 || (v.major === 4 && v.minor >= 3), JSON.stringify(v));
});

test("has - answers capabilities as booleans", () => {
  assert.equal(typeof has("ipc"), "boolean");
  assert.equal(has("no-such-capability"), false);
});

for (const transport of TRANSPORTS) {
  test(`push/pull - a multipart message arrives whole over ${transport}`, async () => {
    using pull = new Pull();
    const ep = pull.bind(endpoint(transport));
    using push = new Push();
    push.connect(ep);
    await push.send(["a", new Uint8Array([1, 2, 3]), ""]);
    const frames = await pull.receive();
    assert.equal(frames.length, 3);
    assert.deepEqual(text(frames)[0], "a");
    assert.deepEqual([...frames[1]], [1, 2, 3]);
    assert.equal(frames[2].length, 0);
  });

  test(`req/rep - round trips in lock-step over ${transport}`, async () => {
    using rep = new Reply();
    const ep = rep.bind(endpoint(transport));
    using req = new Request();
    req.connect(ep);
    for (let i = 0; i < 50; i++) {
      await req.send(`ping ${i}`);
      const [msg] = await rep.receive();
      await rep.send(["pong", msg]);
      assert.deepEqual(text(await req.receive()), ["pong", `ping ${i}`]);
    }
  });
}

test("bind - a tcp wildcard port is resolved to the real port", () => {
  using pull = new Pull();
  const ep = pull.bind("tcp://127.0.0.1:*");
  assert.match(ep, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(ep, "tcp://127.0.0.1:0");
});

test("bind - wildcards: tcp port * and ipc://* resolve to working endpoints; unbind takes the resolved one, the wildcard is ENOENT", async () => {
  using pull = new Pull();
  const tcp = pull.bind("tcp://127.0.0.1:*");
  assert.match(tcp, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  const ipc = pull.bind("ipc://*");
  // libzmq 4.3.4 makes a fresh directory for it: under $TMPDIR, or relative to the working directory.
  const path = /^ipc:\/\/(.+\/socket)$/.exec(ipc)?.[1];
  assert.ok(path !== undefined, `a resolved ipc endpoint: ${ipc}`);
  assert.ok(existsSync(path), `${path} exists while bound`);
  using viaTcp = new Push();
  using viaIpc = new Push();
  viaTcp.connect(tcp);
  viaIpc.connect(ipc);
  await put(viaTcp, "via tcp");
  await put(viaIpc, "via ipc");
  const got = [text(await pull.receive({ timeout: 5000 }))[0], text(await pull.receive({ timeout: 5000 }))[0]];
  assert.deepEqual(got.sort(), ["via ipc", "via tcp"]);
  assert.throws(() => pull.unbind("tcp://127.0.0.1:*"), isCode("ENOENT"));
  assert.throws(() => pull.unbind("ipc://*"), isCode("ENOENT"));
  pull.unbind(tcp);
  pull.unbind(ipc);
  assert.throws(() => pull.unbind(tcp), isCode("ENOENT"));
  assert.throws(() => pull.unbind(ipc), isCode("ENOENT"));
  await waitFor(() => !existsSync(path.slice(0, -"/socket".length)), 5000, "libzmq to remove the ipc directory");
});

test(
  `latency budget - a 1 ms interval keeps its turn during 3,000 round trips with a pyzmq REP${
    hasPyzmq ? "" : " (skipped: /usr/bin/python3 has no zmq)"
  }`,
  async () => {
    if (!hasPyzmq) return;
    // A peer in another process answers within the budget, so it stays engaged: the thread blocks
    // in ppoll on every wait. One budgeted wait per turn of the event loop leaves the timer its
    // turn every round trip or so; letting a fast loop run on from microtasks held it back by
    // 40-60 ms (measured before that rule).
    const py = pyzmq("rep", "3000");
    const gaps: number[] = [];
    let last = 0;
    const interval = setInterval(() => {
      const now = performance.now();
      if (last !== 0) gaps.push(now - last);
      last = now;
    }, 1);
    setLatencyBudget(200);
    try {
      const ep = await py.line();
      using req = new Request();
      req.connect(ep);
      for (let i = 0; i < 3000; i++) {
        await req.send(`${i}`);
        const reply = text(await req.receive({ timeout: 10_000 }));
        if (reply[1] !== `${i}`) assert.fail(`round trip ${i} got ${reply.join("|")}`);
      }
      assert.equal(await py.finish(), 0, py.stderr);
    } finally {
      setLatencyBudget(0);
      clearInterval(interval);
      py.kill();
    }
    gaps.sort((a, b) => a - b);
    const p90 = gaps[Math.floor(gaps.length * 0.9)];
    // Measured here (Deno): p90 1.2 ms, max 5 ms; with budgeted waits unbounded within a turn,
    // p90 17 ms, max 40 ms.
    assert.ok(gaps.length >= 20, `only ${gaps.length} ticks`);
    assert.ok(p90 < 8, `the 1 ms interval ticked at ${p90.toFixed(1)} ms intervals (p90 of ${gaps.length})`);
  },
  { timeout: 30_000 },
);

test("latency budget - round trips work with it on, and bad values are a RangeError", async () => {
  assert.equal(latencyBudget(), 0, "off by default");
  assert.throws(() => setLatencyBudget(-1), RangeError);
  assert.throws(() => setLatencyBudget(Number.NaN), RangeError);
  assert.throws(() => setLatencyBudget(201), RangeError); // DESIGN.md: at most 200 µs at a time
  setLatencyBudget(200);
  try {
    using rep = new Reply();
    const ep = rep.bind("tcp://127.0.0.1:*");
    using req = new Request();
    req.connect(ep);
    const serving = (async () => {
      for await (const msg of rep) await rep.send(msg);
    })();
    for (let i = 0; i < 200; i++) {
      await req.send(String(i));
      assert.deepEqual(text(await req.receive()), [String(i)]);
    }
    rep.close();
    await serving;
  } finally {
    setLatencyBudget(0);
  }
});
