/**
 * The safety soak of frames (issue 16): 1 GiB in frames from 1 B to 64 MiB over inproc and tcp
 * under forced GC, half sent with { transfer: true } (large ones without a copy), a quarter
 * received into one reused buffer (receiveInto), a sample kept
 * past socket close and context termination, some transferred to a Worker, every byte checked
 * (tests/fixtures/frames_soak.ts, a program of its own so a release too early cannot take the
 * test runner down with it).
 */
import assert from "node:assert/strict";
import { Peer } from "../tests/_peers.ts";
import { type Figures, fixtureArgv, MemorySampler, randomSeed, type Scale } from "./lib.ts";

export async function framesSoak(scale: Scale, seed = randomSeed()): Promise<Figures> {
  const mib = scale === "ci" ? 96 : 1024;
  const t0 = performance.now();
  const peer = new Peer(fixtureArgv("frames_soak.ts", [mib, seed], { exposeGc: true }));
  const memory = new MemorySampler();
  memory.watch(peer.child.pid, "program");
  try {
    const line = await peer.line(scale === "ci" ? 60_000 : 300_000);
    assert.equal(await peer.finish(20_000), 0, peer.stderr.slice(-2000));
    const r = JSON.parse(line) as {
      adopting: boolean;
      handedOver: number;
      sentWithoutCopy: number;
      notDetached: number;
      intoFrames: number;
      frames: number;
      mib: number;
      kept: number;
      transferred: number;
      corrupt: number;
      keptBad: number;
      workerBad: number;
    };
    assert.equal(r.corrupt, 0, `frames corrupt on arrival (seed ${seed}): ${line}`);
    assert.equal(r.keptBad, 0, `kept frames changed after close/terminate/GC (seed ${seed}): ${line}`);
    assert.equal(r.workerBad, 0, `frames transferred to a Worker changed (seed ${seed}): ${line}`);
    assert.ok(r.intoFrames > 0, `no frame was received into the reused buffer (seed ${seed}): ${line}`);
    assert.equal(r.notDetached, 0, `send(..., { transfer: true }) left a buffer attached (seed ${seed}): ${line}`);
    return {
      scenario: "frames under GC",
      messages: r.frames,
      lost: 0,
      durationMs: performance.now() - t0,
      peakRssMiB: memory.peaks(),
      notes: [
        `${r.mib} MiB in ${r.frames} frames of 1 B-64 MiB (seed ${seed}); large frames ${
          r.adopting ? "adopted from libzmq (no copy)" : "copied"
        }`,
        `${r.handedOver} sent with { transfer: true }, ${r.sentWithoutCopy} of them (>= 2 MiB) without a copy`,
        `${r.intoFrames} received into one reused buffer with receiveInto`,
        `${r.kept} kept past close, terminate and GC; ${r.transferred} transferred to a Worker; 0 bytes changed`,
      ],
    };
  } finally {
    memory.stop();
    peer.kill();
  }
}
