/**
 * socket.events: decoded zmq_socket_monitor events, the lifecycle sequences libzmq allows
 * (test_monitor's variants), the end of the stream on close, and no leaks.
 */
import { readdirSync } from "node:fs";
import { assert, endpoint, ROOT, runtimeCommand, sleep, test, text, type Transport, waitFor } from "./_harness.ts";
import { portOf, types, until } from "./_helpers.ts";
import { Peer } from "./_peers.ts";
import { openSocketCount } from "../src/socket.ts";
import { Context, type MonitorEvent, Pair, Pull, Push, type SocketEvents, ZmqError } from "../mod.ts";

/** Every remaining event of a stream that is ending. */
async function rest(events: SocketEvents): Promise<MonitorEvent[]> {
  const seen: MonitorEvent[] = [];
  for (;;) {
    const e = await events.receive({ timeout: 5000 });
    if (e === null) return seen;
    seen.push(e);
  }
}

/** `actual` holds the `required` types in this order, and nothing outside `allowed`. */
function assertSequence(actual: MonitorEvent[], required: string[], allowed: string[] = []): void {
  const names = actual.map((e) => e.type as string);
  for (const n of names) {
    assert.ok(required.includes(n) || allowed.includes(n), `unexpected "${n}" in ${types(actual)}`);
  }
  let at = 0;
  for (const n of names) if (n === required[at]) at++;
  assert.equal(at, required.length, `expected ${JSON.stringify(required)} in order within ${types(actual)}`);
}

function fdCount(): number | null {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return null; // not Linux
  }
}

for (const transport of ["tcp", "ipc"] as Transport[]) {
  test(`monitor - connect, handshake and disconnect events arrive on both ends over ${transport}`, async () => {
    using server = new Pull();
    const serverEvents = server.events;
    const ep = server.bind(endpoint(transport));
    const [listening] = await until(serverEvents, "listening");
    assert.equal(listening.endpoint, ep);
    assert.ok(listening.type === "listening" && listening.fd > 0);

    const client = new Push();
    const clientEvents = client.events;
    client.connect(ep);
    // libzmq: [CONNECT_DELAYED] CONNECTED HANDSHAKE_SUCCEEDED on the client ...
    const c = await until(clientEvents, "handshake-succeeded");
    assertSequence(c, ["connected", "handshake-succeeded"], ["connect-delayed"]);
    for (const e of c) assert.equal(e.endpoint, ep);
    // ... ACCEPTED HANDSHAKE_SUCCEEDED on the server.
    const s = await until(serverEvents, "handshake-succeeded");
    assertSequence(s, ["accepted", "handshake-succeeded"]);
    assert.equal(s[0].endpoint, ep);

    await client.send("over the monitored link");
    assert.deepEqual(text(await server.receive({ timeout: 5000 })), ["over the monitored link"]);

    // Closing the client stops its monitor first: its stream ends with monitor-stopped.
    client.close();
    const cEnd = await rest(clientEvents);
    assert.equal(cEnd.at(-1)?.type, "monitor-stopped", types(cEnd));
    assert.ok(clientEvents.closed);
    // The server sees the peer go.
    const gone = await until(serverEvents, "disconnected");
    assertSequence(gone, ["disconnected"], ["closed"]);
    assert.equal(gone.at(-1)!.endpoint, ep);

    server.close();
    const sEnd = await rest(serverEvents);
    assert.equal(sEnd.at(-1)?.type, "monitor-stopped", types(sEnd));
    assert.equal(await serverEvents.receive(), null, "a stream that ended keeps answering null");
  });
}

test("monitor - a bind to a port in use throws EADDRINUSE and reports bind-failed", async () => {
  using first = new Pull();
  const ep = first.bind("tcp://127.0.0.1:*");
  using second = new Pull();
  const events = second.events;
  assert.throws(() => second.bind(ep), (e: unknown) => e instanceof ZmqError && e.code === "EADDRINUSE");
  const seen = await until(events, "bind-failed");
  const failed = seen.at(-1)!;
  assert.ok(failed.type === "bind-failed");
  assert.equal(failed.error, "EADDRINUSE");
  assert.ok(failed.errno > 0);
  // libzmq names the address without its transport here ("127.0.0.1:5555").
  assert.ok(failed.endpoint !== "" && ep.endsWith(failed.endpoint), `${failed.endpoint} vs ${ep}`);
});

test("monitor - a for-await loop over events ends when the socket closes", async () => {
  const socket = new Pull();
  const loop = (async () => {
    const seen: string[] = [];
    for await (const e of socket.events) {
      seen.push(e.type);
      if (e.type === "listening") socket.close();
    }
    return seen;
  })();
  socket.bind("tcp://127.0.0.1:*");
  const seen = await loop;
  assert.deepEqual(seen, ["listening", "monitor-stopped"]);
  assert.ok(socket.closed);
});

test("monitor - a read pending when the socket closes resolves with the last events, then null", async () => {
  const socket = new Pull();
  const events = socket.events;
  const pending = events.receive();
  setTimeout(() => socket.close(), 20);
  assert.equal((await pending)?.type, "monitor-stopped");
  assert.equal(await events.receive(), null);
});

test("monitor - events carry endpoints: the wildcard bind on listening/closed, 127.0.0.1:PORT on every connection event", async () => {
  using pull = new Pull();
  const serverEvents = pull.events;
  const bound = pull.bind("tcp://*:*");
  const port = portOf(bound);
  assert.equal(bound, `tcp://0.0.0.0:${port}`);
  const target = `tcp://127.0.0.1:${port}`;
  using push = new Push({ linger: 0, reconnectInterval: 50 });
  const clientEvents = push.events;
  push.connect(target);

  const s = await until(serverEvents, "handshake-succeeded");
  const listening = s.find((e) => e.type === "listening");
  assert.equal(listening?.endpoint, bound);
  // libzmq 4.3.4 names an accepted connection by its local address, not by the wildcard it was bound with.
  const accepted = s.find((e) => e.type === "accepted");
  assert.equal(accepted?.endpoint, target);
  assert.equal(s.at(-1)!.endpoint, target);

  const c = await until(clientEvents, "handshake-succeeded");
  for (const e of c) assert.equal(e.endpoint, target, JSON.stringify(e));
  assert.ok(c.some((e) => e.type === "connected"));

  // Unbinding closes the listener: "closed" names the bound endpoint. (The connections it accepted
  // go only when the server next processes libzmq commands, on its next call; close() it instead.)
  pull.unbind(bound);
  const closed = (await until(serverEvents, "closed")).at(-1)!;
  assert.equal(closed.endpoint, bound);
  pull.close();
  const gone = await until(clientEvents, "disconnected");
  assert.equal(gone.at(-1)!.endpoint, target);
  // Its reconnect attempts are refused: each fd it closes is reported with the connect endpoint.
  const retry = await until(clientEvents, "closed");
  for (const e of retry) assert.equal(e.endpoint, target, JSON.stringify(e));
  assert.ok(retry.some((e) => e.type === "connect-retried"));
});

test("monitor - a refused connection is retried and reports the reconnect interval", async () => {
  // A port nobody listens on: bind one, then let it go. libzmq closes a listener in the
  // background; its "closed" event says when the port is free.
  using probe = new Pull();
  const probeEvents = probe.events;
  const ep = probe.bind("tcp://127.0.0.1:*");
  probe.unbind(ep);
  const closed = (await until(probeEvents, "closed")).at(-1)!;
  assert.equal(closed.endpoint, ep);
  using client = new Push({ reconnectInterval: 50, linger: 0 });
  const events = client.events;
  client.connect(ep);
  const seen = await until(events, "connect-retried");
  const retried = seen.at(-1)!;
  assert.ok(retried.type === "connect-retried");
  assert.equal(retried.endpoint, ep);
  assert.ok(retried.interval >= 50, `interval ${retried.interval}`);
  assert.ok(!seen.some((e) => e.type === "connected" || e.type === "handshake-succeeded"), types(seen));
});

test("monitor - events is one stream per socket with one consumer at a time; break ends only the loop", async () => {
  using socket = new Pull();
  const events = socket.events;
  assert.equal(socket.events, events);
  const ep1 = socket.bind("tcp://127.0.0.1:*");
  const ep2 = socket.bind("tcp://127.0.0.1:*");
  const iterator = events[Symbol.asyncIterator]();
  assert.throws(() => events[Symbol.asyncIterator](), TypeError);
  const first = await iterator.next();
  assert.equal(first.value?.endpoint, ep1);
  await iterator.return!();
  // After the break the next loop goes on where the first stopped.
  for await (const e of events) {
    assert.equal(e.type, "listening");
    assert.equal(e.endpoint, ep2);
    break;
  }
});

test("monitor - events.close() stops monitoring; the next access starts a new monitor", async () => {
  using socket = new Pull();
  const events = socket.events;
  socket.bind("tcp://127.0.0.1:*");
  events.close();
  assert.ok(events.closed);
  assertSequence(await rest(events), ["listening", "monitor-stopped"]);
  events.close(); // idempotent

  const again = socket.events;
  assert.notEqual(again, events);
  const ep = socket.bind("tcp://127.0.0.1:*");
  const seen = await until(again, "listening");
  assert.equal(seen.at(-1)!.endpoint, ep);
});

test("monitor - reads take a timeout and an abort signal, and consume nothing when they reject", async () => {
  using socket = new Pull();
  const events = socket.events;
  const started = performance.now();
  await assert.rejects(events.receive({ timeout: 50 }), (e: unknown) => (e as DOMException).name === "TimeoutError");
  assert.ok(performance.now() - started >= 45);
  const controller = new AbortController();
  const aborted = events.receive({ signal: controller.signal });
  controller.abort(new Error("stop waiting"));
  await assert.rejects(aborted, /stop waiting/);
  await assert.rejects(events.receive({ signal: controller.signal }), /stop waiting/);
  // Timeouts beyond setTimeout's 2^31-1 ms (Infinity too) wait rather than fire at once.
  for (const timeout of [Infinity, 2 ** 40]) {
    const c = new AbortController();
    const huge = events.receive({ timeout, signal: c.signal });
    const early = await Promise.race([huge.then(() => "settled", () => "settled"), sleep(30).then(() => "waiting")]);
    assert.equal(early, "waiting", `a timeout of ${timeout} ms fired at once`);
    c.abort(new Error("enough"));
    await assert.rejects(huge, /enough/);
  }
  const ep = socket.bind("tcp://127.0.0.1:*");
  const next = await events.receive({ timeout: 5000 });
  assert.equal(next?.type, "listening");
  assert.equal(next?.endpoint, ep);
});

test("monitor - events of a socket closed before the first access throw EBADF", () => {
  const socket = new Pair();
  socket.close();
  assert.throws(() => socket.events, (e: unknown) => e instanceof ZmqError && e.code === "EBADF");
});

test("monitor - terminating a context closes its monitored sockets and ends their streams", async () => {
  const context = new Context();
  const server = new Pull({ context });
  const serverEvents = server.events;
  const ep = server.bind("tcp://127.0.0.1:*");
  const client = new Push({ context });
  const clientEvents = client.events;
  client.connect(ep);
  await until(clientEvents, "handshake-succeeded");
  await context.terminate();
  assert.ok(server.closed && client.closed);
  assert.equal((await rest(serverEvents)).at(-1)?.type, "monitor-stopped");
  assert.equal((await rest(clientEvents)).at(-1)?.type, "monitor-stopped");
});

test("monitor - 1,000 monitored sockets opened and closed leave no socket or fd behind", async () => {
  const sockets = openSocketCount();
  // Warm up once: the reactor's helper thread and pipes are made on first use.
  {
    using s = new Pull();
    const events = s.events;
    s.bind("tcp://127.0.0.1:*");
    await until(events, "listening");
  }
  const fds = fdCount();
  for (let i = 0; i < 1000; i++) {
    const s = new Pull();
    const events = s.events;
    s.bind("tcp://127.0.0.1:*");
    if (i % 100 === 0) assert.equal((await events.receive({ timeout: 5000 }))?.type, "listening");
    s.close();
    assert.ok(events.closed);
  }
  assert.equal(openSocketCount(), sockets);
  if (fds !== null) {
    // libzmq's reaper thread closes the native sockets (and their fds) shortly after zmq_close.
    await waitFor(() => fdCount()! <= fds + 10, 20_000, `fd count back near ${fds} (now ${fdCount()})`);
  }
}, { timeout: 60_000 });

const FIXTURE = `${ROOT}tests/fixtures/monitor_peer.ts`;

test("monitor - an idle monitored socket lets the process exit; a pending events read keeps it alive", async () => {
  const idle = new Peer(runtimeCommand(FIXTURE, "idle"));
  const pending = new Peer(runtimeCommand(FIXTURE, "pending"));
  try {
    assert.equal(await idle.line(), "ready");
    assert.equal(await pending.line(), "waiting");
    const code = await Promise.race([idle.exited, sleep(10_000).then(() => "still running")]);
    assert.equal(code, 0, `idle: ${idle.stderr}`);
    await sleep(1500);
    assert.equal(pending.child.exitCode, null, `the pending read did not keep the process alive: ${pending.stderr}`);
  } finally {
    idle.kill();
    pending.kill();
  }
  await pending.exited;
}, { timeout: 30_000 });
