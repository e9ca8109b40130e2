/**
 * Process lifecycle, checked on real subprocesses of the current runtime: idle sockets let a
 * program exit, a pending operation keeps it alive, waiting costs no CPU, and messages sent
 * before close() reach a peer that binds later (linger).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assert, endpoint, ROOT, runtime, runtimeCommand, sleep, test, text } from "./_harness.ts";
import { unusedTcpEndpoint } from "./_helpers.ts";
import { Peer } from "./_peers.ts";
import { Pull, Request } from "../mod.ts";

const FIXTURE = `${ROOT}tests/fixtures/lifecycle_peer.ts`;

function start(...args: string[]): { peer: Peer; started: number } {
  return { peer: new Peer(runtimeCommand(FIXTURE, ...args)), started: performance.now() };
}

/** Exit code and the ms from start to exit; kills the process if it has not exited within `limit` ms. */
async function exitOf(p: { peer: Peer; started: number }, limit: number): Promise<{ code: number | null; ms: number }> {
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    p.peer.kill();
  }, limit);
  const code = await p.peer.exited;
  clearTimeout(timer);
  assert.ok(!killed, `the process did not exit within ${limit} ms; stderr: ${p.peer.stderr}`);
  return { code, ms: performance.now() - p.started };
}

test("process - idle open sockets (bound PULL, connected PUSH, never closed) let the program exit", async () => {
  const runs = ["idle", "idle-after-traffic", "aborts"].map((mode) => ({ mode, run: start(mode) }));
  try {
    for (const { mode, run } of runs) {
      const line = await run.peer.line();
      assert.equal(line, mode === "aborts" ? "aborted 10000, then received after" : "ready");
      const { code } = await exitOf(run, 10_000);
      assert.equal(code, 0, `${mode}: ${run.peer.stderr}`);
    }
  } finally {
    for (const { run } of runs) run.peer.kill();
  }
}, { timeout: 30_000 });

test("process - a pending receive, send, poll or iteration keeps the program alive", async () => {
  const runs = ["receive", "send", "poll", "iterate"].map((what) => ({ what, run: start("pending", what) }));
  try {
    for (const { run } of runs) assert.equal(await run.peer.line(), "waiting");
    await sleep(1500);
    for (const { what, run } of runs) {
      assert.equal(run.peer.child.exitCode, null, `a pending ${what} did not keep the process alive`);
      assert.equal(run.peer.child.signalCode, null);
    }
  } finally {
    for (const { run } of runs) run.peer.kill();
  }
  for (const { run } of runs) await run.peer.exited;
}, { timeout: 30_000 });

test("process - a receive waiting 3 s uses less than 100 ms of CPU", async () => {
  const run = start("cpu", "3000");
  try {
    assert.equal(await run.peer.line(), "waiting");
    const result = JSON.parse(await run.peer.line(20_000)) as { outcome: string; wallMs: number; cpuMs: number };
    assert.equal(result.outcome, "TimeoutError");
    assert.ok(result.wallMs >= 2950, `waited only ${result.wallMs} ms`);
    assert.ok(
      result.cpuMs < 100,
      `used ${result.cpuMs.toFixed(1)} ms of CPU while waiting ${result.wallMs.toFixed(0)} ms`,
    );
    assert.equal((await exitOf(run, 10_000)).code, 0);
  } finally {
    run.peer.kill();
  }
}, { timeout: 30_000 });

/** An endpoint nobody listens on yet, that a later bind() can take. */
function freeEndpoint(transport: "tcp" | "ipc"): string {
  if (transport === "ipc") return endpoint("ipc");
  using probe = new Pull();
  return probe.bind("tcp://127.0.0.1:*");
}

for (const transport of ["tcp", "ipc"] as const) {
  for (const count of [10, 1000]) {
    test(
      `process - send, close, exit with the default linger: a peer binding 1 s later gets all ${count} over ${transport}`,
      async () => {
        const ep = freeEndpoint(transport);
        const run = start("send-close", ep, `${count}`, "default");
        try {
          assert.equal(await run.peer.line(), "closed");
          const wait = 1000 - (performance.now() - run.started);
          if (wait > 0) await sleep(wait); // the seed's scenario: the server binds later
          assert.equal(run.peer.child.exitCode, null, "the sender exited before its messages were delivered");
          using pull = new Pull();
          pull.bind(ep);
          const got: string[] = [];
          for (let i = 0; i < count; i++) got.push(text(await pull.receive({ timeout: 10_000 }))[0]);
          assert.deepEqual(got, Array.from({ length: count }, (_, i) => `${i}`));
          const { code } = await exitOf(run, 10_000);
          assert.equal(code, 0, run.peer.stderr);
          assert.equal(pull.tryReceive(), null);
        } finally {
          run.peer.kill();
        }
      },
      { timeout: 30_000 },
    );
  }

  test(`process - send, close, exit with linger 0 exits at once and delivers nothing over ${transport}`, async () => {
    const ep = freeEndpoint(transport);
    const run = start("send-close", ep, "10", "0");
    try {
      assert.equal(await run.peer.line(), "closed");
      const closedAt = performance.now();
      const { code } = await exitOf(run, 10_000);
      assert.equal(code, 0, run.peer.stderr);
      const lingered = performance.now() - closedAt;
      assert.ok(lingered < 1000, `exited ${lingered.toFixed(0)} ms after close`);
      using pull = new Pull();
      pull.bind(ep);
      await assert.rejects(
        pull.receive({ timeout: 500 }),
        (e) => e instanceof DOMException && e.name === "TimeoutError",
      );
    } finally {
      run.peer.kill();
    }
  }, { timeout: 30_000 });
}

test("process - a program that replaces itself with execve, as `bun --watch` restarts one, loads the library again", async () => {
  // The new image keeps the pid and the environment; it found the first image's registry
  // address there and read unmapped memory: `bun --watch` segfaulted at every restart, in a loop.
  const run = new Peer(runtimeCommand(`${ROOT}tests/fixtures/exec_again.ts`));
  try {
    assert.equal(await run.line(), "exec");
    assert.equal(await run.line(), "after exec: ok", run.stderr);
    assert.equal(await run.exited, 0, run.stderr);
  } finally {
    run.kill();
  }
});

/**
 * Runs `source(1)` under the runtime's own reload (`flags`: Deno's, Bun's), rewrites it as
 * `source(2)` and `source(3)`, and after each version has printed its line makes a round trip to
 * `address`, which the program answers with "v<version> ping"; `check(version, pid)` then looks
 * at the process.
 */
async function reloads(
  flags: { deno: string; bun: string },
  source: (version: number, address: string) => string,
  check: (version: number, pid: number) => void = () => {},
): Promise<void> {
  const address = await unusedTcpEndpoint();
  const dir = mkdtempSync(join(tmpdir(), "zmq-ffi-reload-"));
  const script = join(dir, "server.ts");
  writeFileSync(script, source(1, address));
  const exe = process.execPath;
  const watcher = new Peer(runtime === "deno" ? [exe, "run", "-A", flags.deno, script] : [exe, flags.bun, script]);
  try {
    for (let version = 1; version <= 3; version++) {
      if (version > 1) {
        await sleep(300); // the watcher's debounce: a change it sees as one
        writeFileSync(script, source(version, address));
      }
      assert.equal(await watcher.line(20_000), `v${version}`, watcher.stderr);
      using req = new Request({ receiveTimeout: 10_000, linger: 0 });
      req.connect(address);
      await req.send("ping");
      assert.deepEqual(text(await req.receive()), [`v${version} ping`], watcher.stderr);
      check(version, watcher.child.pid!);
    }
    assert.doesNotMatch(watcher.stderr, /EADDRINUSE|Segmentation fault|panic/);
  } finally {
    watcher.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const MOD = JSON.stringify(`${ROOT}mod.ts`);

test("process - a program restarted by the runtime's --watch binds its address again and answers, restart after restart", async () => {
  // `deno run --watch` restarts the program in the same process, where libzmq and the old
  // program's sockets lived on: every restart's bind() failed with EADDRINUSE. `bun --watch`
  // starts a new image, which read the old one's registry: a segfault at every restart.
  await reloads(
    { deno: "--watch", bun: "--watch" },
    (version, address) =>
      `import { Reply } from ${MOD};
const rep = new Reply();
rep.bind(${JSON.stringify(address)});
console.log("v${version}");
for await (const [m] of rep) await rep.send("v${version} " + new TextDecoder().decode(m));
`,
  );
});

test("process - a second copy of the library in the thread (bun --hot reloads it) shares the default context: no new libzmq threads, inproc between copies", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zmq-ffi-copy-"));
  try {
    cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
    cpSync(join(ROOT, "mod.ts"), join(dir, "mod.ts"));
    const run = new Peer(runtimeCommand(`${ROOT}tests/fixtures/two_copies.ts`, dir));
    const r = JSON.parse(await run.line()) as Record<string, unknown>;
    assert.equal(await run.exited, 0, run.stderr);
    assert.deepEqual(r, { distinct: true, shared: true, got: "from the second copy", before: 2, after: 2 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("process - reloaded in place (bun --hot, deno run --watch-hmr) with the README's pattern: each version answers, libzmq threads stay 2", async () => {
  const zmqThreads = (pid: number) =>
    readdirSync(`/proc/${pid}/task`).filter((t) =>
      readFileSync(`/proc/${pid}/task/${t}/comm`, "utf8").startsWith("ZMQ")
    )
      .length;
  await reloads(
    { deno: "--watch-hmr", bun: "--hot" },
    (version, address) =>
      `import { Reply } from ${MOD};
const g = globalThis as { handle?: (text: string) => string; server?: Reply };
g.handle = (text) => "v${version} " + text;
if (g.server === undefined) {
  const server = g.server = new Reply();
  server.bind(${JSON.stringify(address)});
  void (async () => {
    for await (const [m] of server) await server.send(g.handle!(new TextDecoder().decode(m)));
  })();
}
console.log("v${version}");
`,
    (version, pid) => assert.equal(zmqThreads(pid), 2, `libzmq threads after version ${version}`),
  );
});
