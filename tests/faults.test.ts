/**
 * Fault, soak and fuzz scenarios at CI length (issue 8). The scenarios themselves live in
 * soak/scenarios.ts; `npm run soak` runs them at full length. Each prints its figures.
 */
import { assert, test } from "./_harness.ts";
import {
  apiFuzz,
  chaos,
  type Figures,
  framesSoak,
  gcSoak,
  hostilePeer,
  killPeer,
  partition,
  slowConsumer,
  startInAnyOrder,
  workerChurn,
} from "../soak/scenarios.ts";

function show(f: Figures): void {
  const peaks = Object.entries(f.peakRssMiB).map(([k, v]) => `${k} ${v}`).join(", ");
  console.log(
    `  [${f.scenario}] messages ${f.messages}, lost ${f.lost}, ${
      (f.durationMs / 1000).toFixed(1)
    } s, peak RSS MiB: ${peaks}`,
  );
  for (const n of f.notes) console.log(`    ${n}`);
}

const T = { timeout: 90_000 };

test("faults - clients that send before the server process exists lose nothing (PUSH, DEALER, REQ)", async () => {
  const f = await startInAnyOrder("ci");
  assert.equal(f.lost, 0);
  show(f);
}, T);

test(
  "faults - a receiver killed and restarted: sends never block past sendTimeout, loss only at the kills, fds flat",
  async () => {
    show(await killPeer("ci"));
  },
  T,
);

test(
  "faults - a netns partition: with heartbeats a disconnect within seconds, then traffic resumes; without, no hang",
  async () => {
    const r = await partition("ci");
    if ("skipped" in r) {
      console.log(`  skipped: ${r.skipped}`);
      return;
    }
    assert.ok(r.messages > 0);
    show(r);
  },
  T,
);

test("faults - a slow consumer: PUB drops without blocking, PUSH waits and loses nothing, memory bounded", async () => {
  show(await slowConsumer("ci"));
}, T);

test(
  "faults - close/terminate chaos: every promise settles with a value or a typed error, the process exits 0",
  async () => {
    const f = await chaos("ci");
    assert.equal(f.lost, 0);
    show(f);
  },
  T,
);

test("faults - forced GC over 5k sockets and 0 B-4 MiB messages: nothing corrupt, fds back to baseline", async () => {
  show(await gcSoak("ci"));
}, T);

test("faults - API fuzz: every call returns or throws a typed error, and sockets still bounce afterwards", async () => {
  show(await apiFuzz("ci"));
}, T);

test(
  "faults - hostile raw TCP peers are dropped without memory growth while a legitimate DEALER keeps working",
  async () => {
    show(await hostilePeer("ci"));
  },
  T,
);

test(
  "faults - worker churn: 50 Workers end in every way on a shared context; terminate, exit, no thread or fd left",
  async () => {
    show(await workerChurn("ci"));
  },
  T,
);

test(
  "faults - received frames 1 B-64 MiB under forced GC: kept past close and terminate, transferred to a Worker, intact",
  async () => {
    show(await framesSoak("ci"));
  },
  T,
);
