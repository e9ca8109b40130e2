/**
 * Every example runs, as a subprocess under the runtime of the suite: each exchanges its
 * messages, prints what it is expected to print, and exits 0 within its bound. The demo runs
 * in its short mode. No example is allowed to rot.
 */
import { spawn } from "node:child_process";
import { assert, ROOT, runtime, runtimeCommand, test } from "./_harness.ts";
import { hasPyzmq, otherRuntime } from "./_peers.ts";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs an example script (path from the repository root) and collects its output. */
function run(script: string, args: string[] = [], options: { timeout?: number; env?: Record<string, string> } = {}) {
  const timeout = options.timeout ?? 30_000;
  const [exe, ...argv] = runtimeCommand(`${ROOT}${script}`, ...args);
  const started = performance.now();
  return new Promise<Run>((resolve) => {
    const child = spawn(exe, argv, { cwd: ROOT, env: { ...process.env, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Uint8Array) => stdout += new TextDecoder().decode(chunk));
    child.stderr.on("data", (chunk: Uint8Array) => stderr += new TextDecoder().decode(chunk));
    const timer = setTimeout(() => {
      stderr += `\n[killed: still running after ${timeout} ms]`;
      child.kill("SIGKILL");
    }, timeout);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Asserts exit 0 and that every pattern matches the output. */
function expectOutput(result: Run, patterns: (RegExp | string)[]): void {
  const context = `\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
  assert.equal(result.code, 0, `exit code ${result.code}${context}`);
  for (const pattern of patterns) {
    const ok = typeof pattern === "string" ? result.stdout.includes(pattern) : pattern.test(result.stdout);
    assert.ok(ok, `expected ${pattern} in the output${context}`);
  }
}

/** Every match of `pattern` (global) in `text`. */
function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

const EXAMPLE_TIMEOUT = 30_000;
const opts = { timeout: EXAMPLE_TIMEOUT + 10_000 };

test("examples/hello - the client gets World for each Hello, whichever side binds", async () => {
  const r = await run("examples/hello/main.ts");
  expectOutput(r, ["hello: server bound, client connected: ok", "hello: client bound, server connected: ok"]);
  assert.equal(count(r.stdout, /client: received World \d/g), 6);
}, opts);

test("examples/hello - server.ts and client.ts work as separate processes", async () => {
  const endpoint = `ipc:///tmp/zmq-example-test-hello-${process.pid}`;
  // The client first: its requests wait for the server, which connects to the client's bind.
  const client = run("examples/hello/client.ts", ["--bind", "--endpoint", endpoint]);
  const server = spawn(...spawnArgs("examples/hello/server.ts", ["--connect", "--endpoint", endpoint]));
  try {
    const r = await client;
    expectOutput(r, ["client: received World 9"]);
    assert.equal(count(r.stdout, /client: received World/g), 10);
  } finally {
    server.kill("SIGKILL");
  }
}, opts);

test("examples/pubsub - prefix filter, several publishers, and synchronised subscribers miss nothing", async () => {
  const r = await run("examples/pubsub/main.ts", ["2000"]);
  expectOutput(r, [
    /pubsub: \d+ updates for zip 10001, all with that prefix/,
    "pubsub: heard stations north and south",
    "pubsub: no subscriber missed anything",
  ]);
  assert.equal(count(r.stdout, /received 2000 of 2000 updates/g), 3);
}, opts);

test("examples/pipeline - every task is done once and the workers are killed", async () => {
  const r = await run("examples/pipeline/main.ts", ["--tasks", "30", "--max-ms", "10"]);
  expectOutput(r, [
    "ventilator: a worker connected (3/3)",
    "pipeline: all 30 tasks done, workers killed",
    /sink: total elapsed time \d+ ms/,
  ]);
  // The ventilator waits for all three workers: round-robin gives each a third.
  assert.equal(count(r.stdout, /pipeline: worker-\d did 10 tasks/g), 3);
}, opts);

test("examples/pipeline - PIPELINE_TASKS and PIPELINE_MAX_MS set the batch", async () => {
  const r = await run("examples/pipeline/main.ts", [], { env: { PIPELINE_TASKS: "12", PIPELINE_MAX_MS: "3" } });
  expectOutput(r, ["pipeline: all 12 tasks done, workers killed"]);
}, opts);

test("examples/poller - the Poller and the two-loop reader get every task and their updates", async () => {
  const r = await run("examples/poller/main.ts");
  // Each reader drains what is readable, so it may take a few updates past the 20 it waits for.
  expectOutput(r, [
    /poller: 50 tasks and (2\d|[3-9]\d) updates for 10001/,
    /concurrent: 50 tasks and (2\d|[3-9]\d) updates for 10001/,
    "poller: both readers got every task and their updates",
  ]);
}, opts);

test("examples/broker - poll loop and Proxy brokers answer every request, started in any order", async () => {
  const r = await run("examples/broker/main.ts", ["10"]);
  expectOutput(r, [
    /broker \(poll loop\): 3 clients got all 30 replies; workers answered \d+ \+ \d+/,
    /broker \(Proxy\): 3 clients got all 30 replies; workers answered \d+ \+ \d+/,
    /broker \(Proxy\): statistics: the frontend received \d+ messages/,
    "broker: done",
  ]);
}, opts);

test("examples/devices - queue, forwarder and streamer move every message", async () => {
  const r = await run("examples/devices/main.ts");
  expectOutput(r, [
    /queue: 2 clients got 10 replies through the queue/,
    "forwarder: each subscriber heard its topic from both publishers, and nothing else",
    /streamer: 20 of 20 tasks went through/,
    "devices: done",
  ]);
}, opts);

test("examples/pair - Workers relay over inproc pairs of a shared context", async () => {
  const r = await run("examples/pair/main.ts", ["5"]);
  expectOutput(r, ['step 3: got "READY" from step 2: test successful', "step 3: pong 5 from step 2", "pair: done"]);
}, opts);

test("examples/any-order - a message sent before the server exists arrives; linger 0 drops it", async () => {
  const r = await run("examples/any-order/main.ts");
  expectOutput(r, [
    "any-order: half a second later the client process is still alive, holding its message",
    'any-order: the server, started second, received "hello from a client that came first"',
    "any-order: then the client process exited with 0",
    "any-order: with linger 0 the client process exited at once (0)",
    "any-order: and the server got nothing: the message was dropped at close",
  ]);
}, opts);

test("examples/hwm - PUSH waits at its high-water mark and loses nothing, PUB drops", async () => {
  const r = await run("examples/hwm/main.ts");
  expectOutput(r, [
    "hwm inproc: PUSH queued 20 messages for a puller that does not read,",
    "hwm inproc: then send() waited (timed out after 300 ms)",
    "hwm inproc: the puller read 21: nothing lost, the waiting send went through",
    /hwm inproc: PUB published 1000 in [\d.]+ ms without waiting; the subscriber got \d+, \d+ were dropped/,
    /hwm tcp: PUSH queued \d+ messages/,
    /hwm tcp: PUB published 1000 .* were dropped/,
    "hwm: done",
  ]);
}, opts);

test("examples/envelopes - key frames filter pub/sub, identity frames route replies", async () => {
  const r = await run("examples/envelopes/main.ts");
  expectOutput(r, [
    "envelopes: the subscriber to B got 5 two-frame messages, all B, no A",
    "envelopes: the Router got [client-7] [order] [256 bytes]",
    "envelopes: the Dealer got [receipt] and its 256 bytes back intact: true",
  ]);
  assert.equal(count(r.stdout, /^\[B\] We would like to see this/gm), 5);
}, opts);

const other = otherRuntime();
test(
  `examples/interop - Deno and Bun processes talk${hasPyzmq ? ", and pyzmq too" : " (pyzmq absent: skipped)"}`,
  async () => {
    const r = await run("examples/interop/main.ts");
    const patterns: string[] = [];
    if (other !== null) {
      patterns.push("interop: bun client <-> deno server: ok", "interop: deno client <-> bun server: ok");
    }
    if (hasPyzmq) {
      patterns.push(
        `interop: python client <-> deno server: ok`,
        `interop: bun client <-> python server: ok`,
        `client (python): "world from deno" to "hello 2 from python"`,
      );
    } else {
      patterns.push("interop: pyzmq skipped");
    }
    expectOutput(r, patterns);
    if (other !== null) assert.match(r.stdout, /client \(bun\): "world from deno" to "hello 0 from bun"/);
  },
  opts,
);

test("demo (short) - pipeline and broker across processes on both runtimes, nothing lost", async () => {
  const r = await run("examples/demo/main.ts", ["--short"], { timeout: 45_000 });
  expectOutput(r, [
    /pipeline: 60 tasks, \d+ ms of work done in [\d.]+ s/,
    /broker: 600 requests answered in [\d.]+ s/,
    "proxy counters: frontend in 600 / out 600, backend in 600 / out 600",
    "demo: nothing lost",
  ]);
  if (other !== null) {
    assert.match(r.stdout, /pipeline: 60 tasks[\s\S]*by runtime: (bun 30, deno 30|deno 30, bun 30)/);
    assert.match(r.stdout, /replies per client[\s\S]*by runtime: (bun 300, deno 300|deno 300, bun 300)/);
  }
}, { timeout: 60_000 });

test("demo (short) - DEMO_SHORT=1 through scripts/demo.sh, with the orchestrator on this runtime", async () => {
  const started = performance.now();
  const r = await new Promise<Run>((resolve) => {
    const child = spawn("bash", [`${ROOT}scripts/demo.sh`], {
      cwd: ROOT,
      env: { ...process.env, DEMO_SHORT: "1", DEMO_RUNTIME: runtime },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Uint8Array) => stdout += new TextDecoder().decode(c));
    child.stderr.on("data", (c: Uint8Array) => stderr += new TextDecoder().decode(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
  expectOutput(r, ["(short run)", "demo: nothing lost"]);
}, { timeout: 60_000 });

function spawnArgs(script: string, args: string[]): [string, string[], { cwd: string; stdio: "ignore" }] {
  const [exe, ...argv] = runtimeCommand(`${ROOT}${script}`, ...args);
  return [exe, argv, { cwd: ROOT, stdio: "ignore" }];
}
