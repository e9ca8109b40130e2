/**
 * Workers and exit, as users write them: Workers on a shared context that close and report, are
 * terminated, throw or return; a process that exits while Workers hold sockets; Workers with
 * contexts of their own. Each program runs as a child process with a deadline
 * (tests/fixtures/worker_exit.ts): a hang is a failure, not a stuck suite.
 */
import { assert, ROOT, runtimeCommand, test } from "./_harness.ts";
import { Peer } from "./_peers.ts";
import { storingCalls } from "../src/registry.ts";

const FIXTURE = `${ROOT}tests/fixtures/worker_exit.ts`;

/** Runs the fixture; returns its output line and how long it took, failing if it outlives `deadline` ms. */
async function run(deadline: number, ...args: string[]): Promise<{ line: string; ms: number }> {
  const argv = runtimeCommand(FIXTURE, ...args);
  // Deno needs --expose-gc for the collected-socket case (Bun has Bun.gc).
  if (argv[1] === "run") argv.splice(2, 0, "--v8-flags=--expose-gc");
  const started = performance.now();
  const peer = new Peer(argv);
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    peer.kill();
  }, deadline);
  try {
    const line = await peer.line(deadline + 1000).catch((e) => `(no line: ${e})`);
    const code = await peer.exited;
    const ms = performance.now() - started;
    assert.ok(!killed, `${args.join(" ")}: still running after ${deadline} ms; stderr: ${peer.stderr}`);
    assert.equal(code, 0, `${args.join(" ")}: exit code ${code}; stderr: ${peer.stderr}`);
    return { line, ms };
  } finally {
    clearTimeout(timer);
    peer.kill();
  }
}

test("workers - a Worker that sent, closed and was terminated at once never hangs context.terminate()", async () => {
  const { line } = await run(10_000, "terminate-after-close");
  assert.equal(line, 'terminated, received "from the worker"');
}, { timeout: 30_000 });

test("workers - a message posted to a Worker the moment it is made reaches it (no top-level await in the library)", async () => {
  const { line } = await run(15_000, "post-at-once");
  assert.equal(line, 'received "from the worker"');
});

test("workers - large frames transferred from a Worker that is then terminated stay intact and are let go safely", async () => {
  const { line } = await run(20_000, "frames-outlive-worker");
  assert.equal(line, "kept 30, changed 0");
});

test("workers - a Worker that throws or returns holding a socket never hangs context.terminate()", async () => {
  for (const mode of ["terminate-after-throw", "terminate-after-return"]) {
    const { line } = await run(10_000, mode);
    assert.match(line, /^terminated, received "before (the throw|returning)"$/, mode);
  }
}, { timeout: 40_000 });

test(
  "workers - a Worker terminated while holding sockets: context.terminate() closes them (their linger honoured)",
  async () => {
    const { line } = await run(15_000, "held-then-terminate");
    const ms = Number(line.match(/^terminated in (\d+) ms$/)?.[1]);
    // Its PUSH sent to a peer that never came: the default linger (5 s) is honoured, no more.
    assert.ok(ms >= 4500 && ms < 9000, line);
  },
  { timeout: 30_000 },
);

test("workers - process.exit(0) exits at once while Workers hold sockets, alive or terminated", async () => {
  const exits = runtimeOf() === "deno" ? ["process-exit", "deno-exit"] : ["process-exit"];
  for (const state of ["terminated", "alive"]) {
    for (const how of exits) {
      const { line, ms } = await run(8_000, "exit-while-held", state, how);
      assert.equal(line, "exiting");
      assert.ok(ms < 4000, `${state} ${how}: ${Math.round(ms)} ms`);
    }
  }
}, { timeout: 60_000 });

test("workers - a terminated Worker's PULL no longer takes a PUSH's messages once swept (within a second)", async () => {
  // Until the main thread's check, a share goes to the dead Worker's PULL and is lost (README).
  const { line } = await run(15_000, "route-after-terminate");
  assert.equal(line, "the live PULL got 10 of 10");
});

test(
  "workers - process.exit(0) exits at once after a socket that sent to an absent peer was collected unclosed",
  async () => {
    const { line, ms } = await run(8_000, "exit-collected");
    assert.equal(line, "exiting");
    assert.ok(ms < 3000, `${Math.round(ms)} ms`);
  },
  { timeout: 30_000 },
);

test(
  "workers - 20 Workers that used their own default context and were terminated leave no libzmq thread, fd or code page",
  async () => {
    const { line } = await run(25_000, "own-contexts", "20");
    const r = JSON.parse(line) as {
      before: number;
      after: number;
      swept: number;
      fdsBefore: number;
      fdsAfter: number;
      codeBefore: number;
      codeAfter: number;
    };
    assert.equal(r.swept, r.before, line);
    // Deno keeps a few descriptors of its own once a Worker ran (4 here, whatever the count).
    assert.ok(r.fdsAfter <= r.fdsBefore + 6, line);
    // The library's native code is one page per process (each Worker mapped one of its own: +20).
    assert.ok(r.codeAfter <= r.codeBefore + 4, line);
  },
  { timeout: 40_000 },
);

function runtimeOf(): "deno" | "bun" {
  return "Bun" in globalThis ? "bun" : "deno";
}

test(
  "workers - Workers terminated as they make their first socket leave no libzmq thread, and the process exits by itself",
  async () => {
    // A Worker ended right after zmq_socket returned, before the handle was stored, left a socket
    // nobody knew of, and its context never terminated (Bun: 12 to 20 threads left per 200).
    const peer = new Peer(runtimeCommand(`${ROOT}tests/fixtures/terminate_mid_call.ts`, "100"));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      peer.kill();
    }, 45_000);
    try {
      const line = await peer.line(45_000);
      const report = JSON.parse(line) as { workers: number; libzmqThreadsLeft: number };
      assert.equal(report.workers, 100);
      if (storingCalls() !== null) assert.equal(report.libzmqThreadsLeft, 0, line);
      const code = await peer.exited;
      assert.ok(!killed, `still running after 45 s (${line}); stderr: ${peer.stderr}`);
      assert.equal(code, 0, `exit code ${code}; stderr: ${peer.stderr}`);
    } finally {
      clearTimeout(timer);
      peer.kill();
    }
  },
  { timeout: 60_000 },
);
