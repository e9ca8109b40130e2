import {
  assert,
  endpoint,
  ROOT,
  runScript,
  type ScriptRun,
  sleep,
  test,
  text,
  type Transport,
  TRANSPORTS,
} from "./_harness.ts";
import { isCode } from "./_helpers.ts";
import { coreOf } from "../src/core.ts";
import { reactor } from "../src/reactor.ts";
import {
  Context,
  Dealer,
  forwarder,
  Proxy,
  type ProxyStatistics,
  Publisher,
  Pull,
  Push,
  queue,
  Reply,
  Request,
  Router,
  streamer,
  Subscriber,
  version,
} from "../mod.ts";

const COMMANDS = new Set(["PAUSE", "RESUME", "TERMINATE", "STATISTICS"]);

function zero(): ProxyStatistics {
  const side = { messagesReceived: 0, bytesReceived: 0, messagesSent: 0, bytesSent: 0 };
  return { frontend: { ...side }, backend: { ...side } };
}

const v = version();
/** libzmq 4.3.4 counts a multipart message once in its proxy statistics; its master counts frames. */
const countsFrames = v.major > 4 || (v.major === 4 && (v.minor > 3 || v.patch > 4));
const count = (messages: number, frames: number) => countsFrames ? frames : messages;

/** Runs a proxy for the scope of `await using`: terminated (if still running) and awaited at its end. */
function started(proxy: Proxy): { run: Promise<void>; [Symbol.asyncDispose](): Promise<void> } {
  const run = proxy.run();
  return {
    run,
    async [Symbol.asyncDispose]() {
      if (proxy.state === "running" || proxy.state === "paused") await proxy.terminate();
      await run;
    },
  };
}

/** A PULL frontend and PUSH backend, with a PUSH source and a PULL sink around them. */
function pipeline(transport: Transport, backendOptions: { sendHighWaterMark?: number } = {}) {
  const frontend = new Pull();
  const backend = new Push(backendOptions);
  const source = new Push();
  const sink = new Pull();
  source.connect(frontend.bind(endpoint(transport)));
  sink.connect(backend.bind(endpoint(transport)));
  return {
    frontend,
    backend,
    source,
    sink,
    [Symbol.dispose]() {
      for (const s of [frontend, backend, source, sink]) s.close();
    },
  };
}

// --- devices ---------------------------------------------------------------------------------

for (const transport of TRANSPORTS) {
  test(`queue - 3 request clients, 2 reply workers, 100 round trips each over ${transport}: every reply reaches the client that asked`, async () => {
    const device = queue(endpoint(transport), endpoint(transport));
    const workers = [0, 1].map(() => new Reply());
    const clients = [0, 1, 2].map(() => new Request());
    try {
      for (const w of workers) w.connect(device.endpoints.backend[0]);
      for (const c of clients) c.connect(device.endpoints.frontend[0]);
      const served = [0, 0];
      const serving = workers.map(async (w, k) => {
        for await (const frames of w) {
          served[k]++;
          await w.send([...frames, `worker ${k}`]);
        }
      });
      await Promise.all(clients.map(async (c, n) => {
        for (let i = 0; i < 100; i++) {
          await c.send([`client ${n}`, `request ${i}`]);
          const reply = text(await c.receive());
          assert.deepEqual(reply.slice(0, 2), [`client ${n}`, `request ${i}`]);
          assert.match(reply[2], /^worker [01]$/);
        }
      }));
      assert.equal(served[0] + served[1], 300);
      assert.ok(served[0] > 0 && served[1] > 0, `both workers served: ${served}`);
      const stats = await device.statistics();
      // Each request reaches the ROUTER as [routing id, "", 2 frames] and leaves the DEALER whole;
      // each reply comes back with the worker's frame added.
      assert.equal(stats.frontend.messagesReceived, count(300, 300 * 4));
      assert.equal(stats.backend.messagesSent, count(300, 300 * 4));
      assert.equal(stats.backend.messagesReceived, count(300, 300 * 5));
      assert.equal(stats.frontend.messagesSent, count(300, 300 * 5));
      for (const w of workers) w.close();
      await Promise.all(serving);
    } finally {
      for (const s of [...workers, ...clients]) s.close();
      await device.stop();
    }
  });
}

test("queue - a DEALER worker sees the envelope [routing id, empty, body], and echoing it routes the reply back", async () => {
  const device = queue(endpoint("tcp"), endpoint("tcp"));
  using worker = new Dealer();
  using a = new Request();
  using b = new Request();
  worker.connect(device.endpoints.backend[0]);
  a.connect(device.endpoints.frontend[0]);
  b.connect(device.endpoints.frontend[0]);
  try {
    await a.send("from a");
    await b.send("from b");
    const envelopes = [await worker.receive(), await worker.receive()];
    for (const env of envelopes) {
      assert.equal(env.length, 3);
      assert.ok(env[0].length > 0, "a routing id");
      assert.equal(env[1].length, 0, "the empty delimiter");
    }
    // Answer in reverse order: routing follows the envelope, not the order.
    for (const env of envelopes.reverse()) await worker.send([env[0], env[1], `re: ${text([env[2]])[0]}`]);
    assert.deepEqual(text(await a.receive()), ["re: from a"]);
    assert.deepEqual(text(await b.receive()), ["re: from b"]);
  } finally {
    await device.stop();
  }
});

/**
 * Sends numbered probes on `pub` until `sub` receives one (subscriptions propagate
 * asynchronously), then receives the rest of those sent, so none is left in flight.
 */
async function sendUntilReceived(pub: Publisher, sub: Subscriber, probe: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    await pub.send(`${probe} ${i}`);
    const got = await sub.receive({ timeout: 20 }).catch((e) => {
      if (e?.name === "TimeoutError") return null;
      throw e;
    });
    if (got === null) continue;
    let last = text(got)[0];
    while (last !== `${probe} ${i}`) {
      assert.ok(last.startsWith(probe), last);
      last = text(await sub.receive({ timeout: 5000 }))[0];
    }
    return;
  }
  throw new Error(`"${probe}" never arrived`);
}

for (const transport of TRANSPORTS) {
  test(`forwarder - publishers and subscribers joining late over ${transport}: each subscriber gets its prefixes only, filtered at the publisher`, async () => {
    const device = forwarder(endpoint(transport), endpoint(transport));
    const [frontend, backend] = [device.endpoints.frontend[0], device.endpoints.backend[0]];
    const early = new Publisher();
    const subA = new Subscriber();
    const late = new Publisher();
    const subB = new Subscriber();
    try {
      early.connect(frontend);
      subA.subscribe("a");
      subA.connect(backend);
      await sendUntilReceived(early, subA, "a probe early");
      // Both join after the forwarder carried traffic.
      late.connect(frontend);
      subB.subscribe("b");
      subB.connect(backend);
      await sendUntilReceived(late, subB, "b probe late");
      await sendUntilReceived(late, subA, "a probe late");
      await sendUntilReceived(early, subB, "b probe early");

      const before = await device.statistics();
      for (const [name, pub] of [["early", early], ["late", late]] as const) {
        for (let i = 0; i < 20; i++) {
          await pub.send(`a ${name} ${i}`);
          await pub.send(`b ${name} ${i}`);
          await pub.send(`c ${name} ${i}`); // nobody subscribed to "c"
        }
        await pub.send(`a ${name} end`);
        await pub.send(`b ${name} end`);
      }
      for (const [sub, prefix] of [[subA, "a"], [subB, "b"]] as const) {
        const got: string[] = [];
        while (!(got.includes(`${prefix} early end`) && got.includes(`${prefix} late end`))) {
          got.push(text(await sub.receive({ timeout: 5000 }))[0]);
        }
        assert.ok(
          got.every((m) => m.startsWith(prefix)),
          `only "${prefix}": ${got.filter((m) => !m.startsWith(prefix))}`,
        );
        for (const name of ["early", "late"]) {
          const mine = got.filter((m) => m.startsWith(`${prefix} ${name} `));
          assert.deepEqual(mine, [
            ...Array.from({ length: 20 }, (_, i) => `${prefix} ${name} ${i}`),
            `${prefix} ${name} end`,
          ]);
        }
      }
      // The "c" messages never reached the forwarder: the subscriptions went upstream.
      const after = await device.statistics();
      assert.equal(after.frontend.messagesReceived - before.frontend.messagesReceived, 2 * (2 * 20 + 2));
    } finally {
      for (const s of [early, late, subA, subB]) s.close();
      await device.stop();
    }
  });
}

for (const transport of TRANSPORTS) {
  test(`streamer - PUSH through PULL/PUSH to several PULLs over ${transport}: every message arrives exactly once`, async () => {
    const device = streamer(endpoint(transport), endpoint(transport));
    const pushers = [new Push(), new Push()];
    const pullers = [new Pull(), new Pull(), new Pull()];
    let stall: ReturnType<typeof setTimeout> | undefined;
    let phase = "sending";
    try {
      for (const p of pullers) p.connect(device.endpoints.backend[0]);
      for (const p of pushers) p.connect(device.endpoints.frontend[0]);
      const N = 1500;
      const seen = new Map<string, number>();
      let total = 0;
      let finished!: () => void;
      const all = new Promise<void>((r) => finished = r);
      const counts = pullers.map(() => 0);
      const sent = pushers.map(() => 0);
      const readers = pullers.map(async (p, k) => {
        for await (const [m] of p) {
          const key = text([m])[0];
          seen.set(key, (seen.get(key) ?? 0) + 1);
          counts[k]++;
          if (++total === 2 * N) finished();
        }
      });
      // Should it stall, say where: which side stopped, and whether a PULL that waits has a
      // message ready (ZMQ_EVENTS, read only then: it processes libzmq's pending commands).
      const stalled = new Promise<never>((_, reject) =>
        stall = setTimeout(
          () =>
            Promise.race([device.statistics(), sleep(2000).then(() => "no answer in 2 s")]).catch(String).then((
              stats,
            ) =>
              reject(
                new Error(
                  `stalled while ${phase}: sent ${sent}, received ${counts} (${total} of ${2 * N}); ` +
                    `PULL events ${pullers.map((p) => coreOf(p).events())}, PUSH events ${
                      pushers.map((p) => coreOf(p).events())
                    }; proxy statistics ${JSON.stringify(stats)}; reactor: ${reactor.describe()}`,
                ),
              )
            ),
          15_000,
        )
      );
      await Promise.race([
        stalled,
        Promise.all(pushers.map(async (p, n) => {
          for (let i = 0; i < N; i++) {
            await p.send(`${n}:${i}`);
            sent[n]++;
          }
        })),
      ]);
      phase = "receiving";
      await Promise.race([stalled, all]);
      assert.equal(seen.size, 2 * N);
      assert.ok([...seen.values()].every((c) => c === 1), "no message twice");
      phase = "asking for the statistics";
      const stats = await Promise.race([stalled, device.statistics()]);
      assert.equal(stats.frontend.messagesReceived, 2 * N);
      assert.equal(stats.backend.messagesSent, 2 * N);
      phase = "ending the readers";
      for (const p of pullers) p.close();
      await Promise.race([stalled, Promise.all(readers)]);
      phase = "done";
    } finally {
      clearTimeout(stall);
      for (const s of [...pushers, ...pullers]) s.close();
      // Bounded, so that a failure above is reported rather than the watchdog's timeout.
      const stopped = await Promise.race([device.stop().then(() => true), sleep(3000).then(() => false)]);
      // (After a failure above, that failure is the one reported.)
      if (phase === "done") assert.ok(stopped, "device.stop() did not end within 3 s");
    }
  });
}

test("devices - '>' connects, '@' or nothing binds, and stop() closes the device's sockets and settles done", async () => {
  using upstream = new Push();
  const up = upstream.bind(endpoint("tcp"));
  const device = streamer(`>${up}`, [`@${endpoint("inproc")}`, endpoint("tcp")]);
  assert.deepEqual(device.endpoints.frontend, [up]);
  assert.equal(device.endpoints.backend.length, 2);
  assert.match(device.endpoints.backend[1], /^tcp:\/\/127\.0\.0\.1:\d+$/);
  using sink = new Pull();
  sink.connect(device.endpoints.backend[1]);
  await upstream.send("via a connected frontend");
  assert.deepEqual(text(await sink.receive()), ["via a connected frontend"]);
  await device.stop();
  await device.done;
  assert.equal(device.proxy.state, "ended");
  assert.equal(device.proxy.frontend.closed, true);
  assert.equal(device.proxy.backend.closed, true);
  await device.stop(); // idempotent
  const final = await device.statistics();
  assert.equal(final.frontend.messagesReceived, 1);
});

test("devices - a bad endpoint throws and leaves no socket open", () => {
  assert.throws(() => queue("nonsense://x", endpoint("inproc")), isCode("EPROTONOSUPPORT"));
  assert.throws(() => streamer([], endpoint("inproc")), TypeError);
});

// --- capture, statistics, pause ----------------------------------------------------------------

for (const transport of TRANSPORTS) {
  test(`proxy - capture gets a copy of every message over ${transport}`, async () => {
    using p = pipeline(transport);
    using capture = new Push();
    using captured = new Pull();
    captured.connect(capture.bind(endpoint(transport)));
    const proxy = new Proxy(p.frontend, p.backend, { capture });
    await using running = started(proxy);
    const sent: string[][] = [];
    for (let i = 0; i < 30; i++) {
      const message = [`key ${i % 3}`, `value ${i}`];
      sent.push(message);
      await p.source.send(message);
    }
    for (const message of sent) assert.deepEqual(text(await p.sink.receive()), message);
    await proxy.terminate();
    await running.run;
    const copies: string[][] = [];
    while (copies.length < sent.length) {
      const m = text(await captured.receive({ timeout: 5000 }));
      // libzmq 4.3.4 also copies the proxy's control commands to the capture socket.
      if (m.length === 1 && COMMANDS.has(m[0])) continue;
      copies.push(m);
    }
    assert.deepEqual(copies, sent);
  });
}

test("proxy - statistics are 0 before traffic and exact after a known number of messages", async () => {
  using p = pipeline("inproc");
  const proxy = new Proxy(p.frontend, p.backend);
  await using running = started(proxy);
  assert.deepEqual(await proxy.statistics(), zero());
  for (let i = 0; i < 10; i++) await p.source.send(new Uint8Array(103));
  for (let i = 0; i < 10; i++) await p.sink.receive();
  assert.deepEqual(await proxy.statistics(), {
    frontend: { messagesReceived: 10, bytesReceived: 1030, messagesSent: 0, bytesSent: 0 },
    backend: { messagesReceived: 0, bytesReceived: 0, messagesSent: 10, bytesSent: 1030 },
  });
  for (let i = 0; i < 10; i++) await p.source.send(["abc", new Uint8Array(100)]);
  for (let i = 0; i < 10; i++) await p.sink.receive();
  const stats = await proxy.statistics();
  assert.deepEqual(stats, {
    frontend: { messagesReceived: 10 + count(10, 20), bytesReceived: 2060, messagesSent: 0, bytesSent: 0 },
    backend: { messagesReceived: 0, bytesReceived: 0, messagesSent: 10 + count(10, 20), bytesSent: 2060 },
  });
  await proxy.terminate();
  await running.run;
  assert.deepEqual(await proxy.statistics(), stats, "the final counts stay readable");
});

test("proxy - statistics count both directions of a ROUTER/DEALER proxy exactly", async () => {
  using frontend = new Router();
  using backend = new Dealer();
  using client = new Request();
  using worker = new Reply();
  client.connect(frontend.bind(endpoint("tcp")));
  worker.connect(backend.bind(endpoint("tcp")));
  const proxy = new Proxy(frontend, backend);
  await using running = started(proxy);
  for (let i = 0; i < 5; i++) {
    await client.send("12345678");
    await worker.send([...(await worker.receive()), "!"]);
    assert.deepEqual(text(await client.receive()), ["12345678", "!"]);
  }
  const s = await proxy.statistics();
  // Requests: [5-byte routing id, "", body]; replies: [id, "", body, "!"].
  const [requests, replies] = [count(5, 15), count(5, 20)];
  assert.deepEqual(s.frontend, {
    messagesReceived: requests,
    bytesReceived: 5 * 13,
    messagesSent: replies,
    bytesSent: 5 * 14,
  });
  assert.deepEqual(s.backend, {
    messagesReceived: replies,
    bytesReceived: 5 * 14,
    messagesSent: requests,
    bytesSent: 5 * 13,
  });
  await proxy.terminate();
  await running.run;
});

test("proxy - pause stops the flow and freezes the counts; resume restarts it", async () => {
  using p = pipeline("tcp");
  const proxy = new Proxy(p.frontend, p.backend);
  await using running = started(proxy);
  for (let i = 0; i < 5; i++) await p.source.send(`before ${i}`);
  for (let i = 0; i < 5; i++) assert.deepEqual(text(await p.sink.receive()), [`before ${i}`]);
  await proxy.pause();
  assert.equal(proxy.state, "paused");
  const frozen = await proxy.statistics();
  for (let i = 0; i < 5; i++) await p.source.send(`during ${i}`);
  await assert.rejects(p.sink.receive({ timeout: 300 }), (e: Error) => e.name === "TimeoutError");
  assert.deepEqual(await proxy.statistics(), frozen);
  assert.throws(() => p.frontend.tryReceive(), isCode("EBUSY"), "still the proxy's while paused");
  await proxy.pause(); // pausing a paused proxy changes nothing
  await proxy.resume();
  assert.equal(proxy.state, "running");
  for (let i = 0; i < 5; i++) assert.deepEqual(text(await p.sink.receive()), [`during ${i}`]);
  await p.source.send("after");
  assert.deepEqual(text(await p.sink.receive()), ["after"]);
  const s = await proxy.statistics();
  assert.equal(s.frontend.messagesReceived, 11);
  assert.equal(s.backend.messagesSent, 11);
  await proxy.terminate();
  await running.run;
});

test("proxy - terminate while paused ends run()", async () => {
  using p = pipeline("inproc");
  const proxy = new Proxy(p.frontend, p.backend);
  await using running = started(proxy);
  await proxy.pause();
  await proxy.terminate();
  await running.run;
  assert.equal(proxy.state, "ended");
});

// --- terminate on a blocked backend ------------------------------------------------------------

test("proxy - terminate ends run() while the PUSH backend has no peer to send to", async () => {
  using frontend = new Pull();
  using backend = new Push({ sendHighWaterMark: 1 });
  using source = new Push();
  source.connect(frontend.bind(endpoint("inproc")));
  backend.bind(endpoint("tcp"));
  const proxy = new Proxy(frontend, backend);
  await using running = started(proxy);
  for (let i = 0; i < 50; i++) await source.send(`m ${i}`);
  await proxy.terminate();
  await running.run;
  // Nothing was lost: the messages wait in the frontend, usable from JS again.
  for (let i = 0; i < 50; i++) assert.deepEqual(text(await frontend.receive()), [`m ${i}`]);
});

for (const transport of ["inproc", "tcp"] as const) {
  test(
    `proxy - terminate ends run() while libzmq is stuck sending to a PUSH peer that does not read (${transport}), and loses nothing`,
    async () => {
      using frontend = new Pull({ receiveHighWaterMark: 200 });
      using backend = new Push({ sendHighWaterMark: 1 });
      using source = new Push({ sendHighWaterMark: 200 });
      using sink = new Pull({ receiveHighWaterMark: 1 });
      source.connect(frontend.bind(endpoint("inproc")));
      sink.connect(backend.bind(endpoint(transport)));
      // Queue more in the frontend than the way to the sink holds (64 KiB messages also fill the
      // kernel's TCP buffers), so libzmq's first burst blocks in a send.
      const payload = new Uint8Array(65536);
      let sent = 0;
      for (;;) {
        new DataView(payload.buffer).setUint32(0, sent);
        if (!source.trySend(payload)) break;
        sent++;
      }
      assert.ok(sent >= 300, `the frontend holds ${sent} messages`);
      const proxy = new Proxy(frontend, backend);
      await using running = started(proxy);
      const seq = (m: Uint8Array[]) => new DataView(m[0].buffer, m[0].byteOffset).getUint32(0);
      const received = [seq(await sink.receive())]; // the proxy is forwarding
      await proxy.terminate();
      await running.run;
      // Every message is now either on its way to the sink or still in the frontend, in order.
      const forwarded = (await proxy.statistics()).backend.messagesSent;
      assert.ok(forwarded > 1, `${forwarded} forwarded`);
      while (received.length < forwarded) received.push(seq(await sink.receive({ timeout: 5000 })));
      const left: number[] = [];
      for (let m = frontend.tryReceive(); m !== null; m = frontend.tryReceive()) left.push(seq(m));
      assert.deepEqual([...received, ...left], Array.from({ length: sent }, (_, i) => i));
      assert.equal(sink.tryReceive(), null, "nothing twice");
    },
    { timeout: 40_000 },
  );
}

test("proxy - terminate frees libzmq stuck sending to a DEALER worker that does not read; requests keep their envelopes and order", async () => {
  using frontend = new Router();
  using backend = new Dealer({ sendHighWaterMark: 1 });
  using client = new Dealer();
  using worker = new Dealer({ receiveHighWaterMark: 1 });
  client.connect(frontend.bind(endpoint("inproc")));
  worker.connect(backend.bind(endpoint("inproc")));
  let sent = 0;
  while (client.trySend(["", `request ${sent}`])) sent++;
  assert.ok(sent >= 100, `the frontend holds ${sent} requests`);
  const proxy = new Proxy(frontend, backend);
  await using running = started(proxy);
  const body = (m: Uint8Array[]) => {
    assert.equal(m.length, 3, "[client routing id, empty, body]");
    assert.equal(m[1].length, 0);
    return text([m[2]])[0];
  };
  const bodies = [body(await worker.receive())];
  await proxy.terminate();
  await running.run;
  const forwarded = (await proxy.statistics()).backend.messagesSent;
  while (bodies.length < forwarded) bodies.push(body(await worker.receive({ timeout: 5000 })));
  for (let m = frontend.tryReceive(); m !== null; m = frontend.tryReceive()) bodies.push(body(m));
  assert.deepEqual(bodies, Array.from({ length: sent }, (_, i) => `request ${i}`));
});

test("proxy - terminating its context ends run() with ETERM", async () => {
  const context = new Context();
  const frontend = new Pull({ context });
  const backend = new Push({ context });
  frontend.bind(endpoint("inproc"));
  backend.bind(endpoint("inproc"));
  const proxy = new Proxy(frontend, backend);
  const run = proxy.run();
  await proxy.statistics(); // running
  const terminated = context.terminate();
  await assert.rejects(run, isCode("ETERM"));
  await terminated;
  assert.equal(frontend.closed && backend.closed, true);
});

// --- misuse ------------------------------------------------------------------------------------

test("proxy - terminate before run() and terminate twice are EFSM errors", async () => {
  using p = pipeline("inproc");
  const proxy = new Proxy(p.frontend, p.backend);
  await assert.rejects(proxy.terminate(), isCode("EFSM"));
  await assert.rejects(proxy.pause(), isCode("EFSM"));
  await assert.rejects(proxy.resume(), isCode("EFSM"));
  await assert.rejects(proxy.statistics(), isCode("EFSM"));
  await using running = started(proxy);
  const first = proxy.terminate();
  await assert.rejects(proxy.terminate(), isCode("EFSM"));
  await first;
  await running.run;
  await assert.rejects(proxy.terminate(), isCode("EFSM"));
  await assert.rejects(proxy.pause(), isCode("EFSM"));
  await assert.rejects(proxy.run(), isCode("EFSM"), "a Proxy runs once");
});

test("proxy - run() twice is an EFSM error", async () => {
  using p = pipeline("inproc");
  const proxy = new Proxy(p.frontend, p.backend);
  await using running = started(proxy);
  await assert.rejects(proxy.run(), isCode("EFSM"));
  await proxy.terminate();
  await running.run;
});

test("proxy - run() with an end neither bound nor connected rejects, naming it", async () => {
  using frontend = new Pull();
  using backend = new Push();
  frontend.bind(endpoint("inproc"));
  await assert.rejects(
    new Proxy(frontend, backend).run(),
    (e: unknown) => isCode("EINVAL")(e) && /backend \(PUSH\) is neither bound nor connected/.test((e as Error).message),
  );
  using capture = new Push();
  backend.bind(endpoint("inproc"));
  await assert.rejects(new Proxy(frontend, backend, { capture }).run(), (e: Error) => /capture/.test(e.message));
  // Nothing was taken: the sockets are still usable.
  assert.equal(frontend.tryReceive(), null);
});

test("proxy - run() with a closed socket or one with a pending receive rejects and takes nothing", async () => {
  using frontend = new Pull();
  using backend = new Push();
  frontend.bind(endpoint("inproc"));
  backend.bind(endpoint("inproc"));
  const pending = frontend.receive();
  await assert.rejects(new Proxy(frontend, backend).run(), isCode("EBUSY"));
  assert.equal(backend.trySend("still mine"), false, "usable (no peer, so it would block)");
  frontend.close();
  await assert.rejects(pending, isCode("EBADF"));
  await assert.rejects(new Proxy(frontend, backend).run(), isCode("EBADF"));
});

test("proxy - bad arguments are TypeErrors", () => {
  using a = new Pull();
  using b = new Push();
  assert.throws(() => new Proxy({} as Pull, b), TypeError);
  assert.throws(() => new Proxy(a, null as unknown as Push), TypeError);
  assert.throws(() => new Proxy(a, b, { capture: "x" as unknown as Push }), TypeError);
  assert.throws(() => new Proxy(a, b, { capture: b }), TypeError);
});

test("proxy - its sockets throw EBUSY while it runs and are usable again once run() settled", async () => {
  using p = pipeline("tcp");
  const proxy = new Proxy(p.frontend, p.backend);
  await using running = started(proxy);
  assert.throws(
    () => p.frontend.tryReceive(),
    (e: unknown) => isCode("EBUSY")(e) && /proxy/.test((e as Error).message),
  );
  assert.throws(() => p.backend.trySend("x"), isCode("EBUSY"));
  assert.throws(() => p.backend.bind(endpoint("inproc")), isCode("EBUSY"));
  assert.throws(() => p.frontend.close(), isCode("EBUSY"));
  assert.throws(() => p.frontend.linger, isCode("EBUSY"));
  await assert.rejects(p.frontend.receive(), isCode("EBUSY"));
  await assert.rejects(p.backend.send("x"), isCode("EBUSY"));
  await assert.rejects(new Proxy(p.frontend, p.sink).run(), isCode("EBUSY"), "owned by another proxy");
  await proxy.terminate();
  await running.run;
  await p.source.send("to the frontend itself");
  assert.deepEqual(text(await p.frontend.receive()), ["to the frontend itself"]);
  await p.backend.send("from the backend itself");
  assert.deepEqual(text(await p.sink.receive()), ["from the backend itself"]);
});

// --- process lifetime --------------------------------------------------------------------------

function runFixture(mode: string): Promise<ScriptRun> {
  return runScript(`${ROOT}tests/fixtures/proxy_exit.ts`, [mode], 25_000);
}

for (const mode of ["run", "pause"]) {
  test(
    `proxy - a ${
      mode === "run" ? "running" : "paused"
    } proxy keeps the process alive, and the process exits once it was terminated`,
    async () => {
      const { code, stdout, stderr } = await runFixture(mode);
      assert.equal(code, 0, stderr);
      assert.deepEqual(stdout.trim().split("\n"), ["through the proxy", "started", "alive", "ended"]);
    },
    { timeout: 40_000 },
  );
}
