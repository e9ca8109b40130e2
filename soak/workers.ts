/**
 * Worker churn (issue 12): N Workers, a few at a time, open sockets on the main thread's context
 * (and some on their own), send, and end in every way a Worker ends: close and return, be
 * terminated holding sockets, be terminated right after close(), throw, leave their own default
 * context. Then the context terminates and the program must exit by itself, with no libzmq
 * thread and no file descriptor left over. Runs tests/fixtures/worker_churn.ts as a program of
 * its own, so its thread and fd counts are its own.
 */
import assert from "node:assert/strict";
import { Peer } from "../tests/_peers.ts";
import { type Figures, fixtureArgv, MemorySampler, type Scale } from "./lib.ts";

interface Report {
  workers: number;
  endings: Record<string, number>;
  received: number;
  missing: string[];
  failures: string[];
  churnMs: number;
  terminateMs: number;
  threadNames: string;
  before: { fds: number; pipes: number; threads: number; zmq: number; code: number };
  after: { fds: number; pipes: number; threads: number; zmq: number; code: number };
}

export async function workerChurn(scale: Scale): Promise<Figures> {
  const workers = scale === "ci" ? 50 : 1000;
  const t0 = performance.now();
  const peer = new Peer(fixtureArgv("worker_churn.ts", [workers, 6]));
  const memory = new MemorySampler();
  memory.watch(peer.child.pid, "program");
  try {
    const line = await peer.line(scale === "ci" ? 60_000 : 600_000);
    const code = await peer.finish(20_000);
    const r = JSON.parse(line) as Report;
    assert.equal(code, 0, `the program did not exit cleanly (${code}): ${peer.stderr.slice(-2000)}`);
    // Every message a Worker sent before it ended arrived (the warm-up Worker's included).
    assert.equal(
      r.received,
      (workers + 1) * 5,
      `received ${r.received}; not all from ${r.missing.join(", ")}; failures: ${r.failures.join("; ") || "none"}`,
    );
    assert.deepEqual(r.failures, [], "every Worker ended the way it was told to");
    assert.equal(r.after.zmq, 0, `libzmq threads left: ${JSON.stringify(r)}`);
    assert.ok(r.after.fds <= r.before.fds, `file descriptors left: ${JSON.stringify(r)}`);
    // The total can hide a few: the shared context's own fds, open before and closed by its
    // termination, outnumber them. Of pipes there are only the wake pipes and the runtime's few.
    assert.ok(r.after.pipes <= r.before.pipes, `wake pipes left: ${JSON.stringify(r)}`);
    assert.ok(r.after.threads <= r.before.threads, `threads left: ${JSON.stringify(r)}`);
    // Native code the library writes is one page per process (each Worker receives a large
    // frame: Bun compiled a TinyCC module per such thread, and it stayed).
    assert.ok(r.after.code <= r.before.code + 4, `code pages left: ${JSON.stringify(r)}`);
    return {
      scenario: "worker churn",
      messages: r.received,
      lost: 0,
      durationMs: performance.now() - t0,
      peakRssMiB: memory.peaks(),
      notes: [
        `${workers} Workers, 6 at a time, ended: ${JSON.stringify(r.endings)}; churn ${r.churnMs} ms, ` +
        `context.terminate() ${r.terminateMs} ms`,
        `fds ${r.before.fds} -> ${r.after.fds} (pipes ${r.before.pipes} -> ${r.after.pipes}), threads ${r.before.threads} -> ${r.after.threads}, ` +
        `libzmq threads ${r.before.zmq} -> ${r.after.zmq}, code pages ${r.before.code} -> ${r.after.code}; the program exited by itself`,
      ],
    };
  } finally {
    memory.stop();
    peer.kill();
  }
}
