/**
 * The fault, soak and fuzz scenarios of issue 8. Each is a function of a scale ("ci": the short
 * version in tests/faults.test.ts; "full": `npm run soak`), bounds its own time, computes loss
 * from sequence numbers, cleans up every process and namespace it started, throws on a broken
 * promise, and returns its figures.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { connect as netConnect, type Socket as NetSocket } from "node:net";
import { Peer } from "../tests/_peers.ts";
import { Dealer, Push, Request } from "../mod.ts";
import {
  fdCount,
  type Figures,
  fixtureArgv,
  freePort,
  MemorySampler,
  mib,
  parseReport,
  prng,
  randomSeed,
  type Scale,
  sleep,
} from "./lib.ts";

import { workerChurn } from "./workers.ts";
import { framesSoak } from "./frames.ts";

export type { Figures, Scale };
export { framesSoak, workerChurn };

const PEER = "fault_peer.ts";

/** The subprocesses of one scenario: their RSS is sampled, and every one is killed at the end. */
class Processes {
  readonly sampler = new MemorySampler(100);
  #all = new Set<Peer>();
  #closed = new WeakMap<Peer, Promise<void>>();

  start(argv: string[], label: string): Peer {
    const peer = new Peer(argv);
    this.#all.add(peer);
    this.#closed.set(peer, new Promise((r) => peer.child.once("close", () => r())));
    this.sampler.watch(peer.child.pid, label);
    return peer;
  }

  /** Resolves once the process has exited and its output is read to the end. */
  closed(peer: Peer): Promise<void> {
    return this.#closed.get(peer)!;
  }

  /** SIGKILL, then wait until its output is read to the end. */
  async kill(peer: Peer): Promise<void> {
    peer.kill();
    await this.closed(peer);
  }

  /** Lines the process printed that nobody read yet (call once it closed). */
  async rest(peer: Peer): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      try {
        lines.push(await peer.line(1000));
      } catch {
        return lines;
      }
    }
  }

  /** Waits for a line matching `test`, skipping others (returned in `skipped`). */
  async until(peer: Peer, test: (line: string) => boolean, timeout: number, skipped?: string[]): Promise<string> {
    const end = Date.now() + timeout;
    for (;;) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no matching line within ${timeout} ms; stderr: ${peer.stderr}`);
      const line = await peer.line(left);
      if (test(line)) return line;
      skipped?.push(line);
    }
  }

  async stop(): Promise<void> {
    this.sampler.stop();
    for (const p of this.#all) p.kill();
    await Promise.all([...this.#all].map((p) => this.closed(p)));
    // The ipc directories of fixtures that crashed or were killed (tests/fixtures/fault_*.ts).
    const pids = new Set([...this.#all].map((p) => String(p.child.pid)));
    for (const name of readdirSync("/tmp")) {
      const m = /^zmq-ffi-(?:fuzz|chaos|gc)-(\d+)-/.exec(name);
      if (m && pids.has(m[1])) rmSync(`/tmp/${name}`, { recursive: true, force: true });
    }
  }
}

const isTimeout = (e: unknown) => e instanceof DOMException && e.name === "TimeoutError";

// --- 1. start in any order -----------------------------------------------------------------

/**
 * Client processes (PUSH, DEALER, REQ) connect to a fixed port and send numbered messages before
 * the server process exists (or after it, alternating), with random delays: everything arrives
 * in order, once, and every REQ gets its reply.
 */
export async function startInAnyOrder(scale: Scale, seed = randomSeed()): Promise<Figures> {
  const cfg = scale === "full"
    ? { rounds: 12, maxDelay: 3000, n: { push: 10_000, dealer: 2000, req: 50 } }
    : { rounds: 2, maxDelay: 500, n: { push: 2000, dealer: 300, req: 5 } };
  const rand = prng(seed);
  const started = performance.now();
  const procs = new Processes();
  let messages = 0;
  let clientFirst = 0;
  try {
    for (let round = 0; round < cfg.rounds; round++) {
      const first = round % 2 === 0 ? "client" : "server";
      if (first === "client") clientFirst++;
      await Promise.all((["push", "dealer", "req"] as const).map(async (type) => {
        const n = cfg.n[type];
        const ep = `tcp://127.0.0.1:${await freePort()}`;
        const serverType = { push: "pull", dealer: "router", req: "rep" }[type];
        const delay = Math.floor(rand() * cfg.maxDelay);
        const startClient = () =>
          procs.start(fixtureArgv(PEER, ["order-client", type, ep, n, Math.floor(rand() * 1e9)]), "clients");
        const startServer = () => procs.start(fixtureArgv(PEER, ["order-server", serverType, ep, n]), "servers");
        let client: Peer;
        let server: Peer;
        if (first === "client") {
          client = startClient();
          assert.equal(await client.line(20_000), "sent-first");
          await sleep(delay);
          server = startServer();
          assert.equal(await server.line(20_000), "bound");
        } else {
          server = startServer();
          assert.equal(await server.line(20_000), "bound");
          await sleep(delay);
          client = startClient();
          assert.equal(await client.line(20_000), "sent-first");
        }
        const where = `${type}, ${first} first, round ${round}, seed ${seed}`;
        const serverReport = parseReport(await server.line(60_000));
        assert.equal(serverReport.received, n, where);
        const clientReport = parseReport(await client.line(60_000));
        assert.equal(clientReport[type === "push" ? "sent" : "replies"], n, where);
        assert.equal(await client.finish(20_000), 0, `client exit (${where}): ${client.stderr}`);
        assert.equal(await server.finish(20_000), 0, `server exit (${where}): ${server.stderr}`);
        messages += n;
      }));
    }
  } finally {
    await procs.stop();
  }
  return {
    scenario: "1 start in any order",
    messages,
    lost: 0,
    durationMs: Math.round(performance.now() - started),
    peakRssMiB: procs.sampler.peaks(),
    notes: [
      `${cfg.rounds} rounds x PUSH/DEALER/REQ, ${clientFirst} client-first, delays 0-${cfg.maxDelay} ms, seed ${seed}`,
    ],
  };
}

/** The fd count once it stayed the same for 250 ms (at most 5 s). */
async function settledFdCount(): Promise<number> {
  let last = fdCount();
  let same = 0;
  const end = Date.now() + 5000;
  while (same < 5 && Date.now() < end) {
    await sleep(50);
    const now = fdCount();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

// --- 2. kill a peer mid-stream -------------------------------------------------------------

interface Incarnation {
  ranges: [number, number][];
}

/**
 * A PUSH streams numbered messages at full rate to a PULL process that is SIGKILLed and restarted
 * every cycle, with the PUSH binding (receiver reconnects) and connecting (receiver rebinds the
 * port). Each incarnation must receive one contiguous run (loss only at the kills), runs never
 * overlap (no duplicates), the first starts at 0, the last ends at the last message sent; each
 * send settles within its sendTimeout; the sender's fd count returns to its baseline. Then a REQ
 * whose REP dies gets a receive timeout and recovers with a new socket.
 */
export async function killPeer(scale: Scale): Promise<Figures> {
  const cfg = scale === "full" ? { cycles: 30, cycleMs: 1000 } : { cycles: 4, cycleMs: 600 };
  const HWM = 1000;
  const BUF = 65536;
  const SIZE = 64;
  const SEND_TIMEOUT = 200;
  // Messages that can be in flight at a kill: both high-water marks, both kernel buffers (the
  // kernel doubles SO_SNDBUF/SO_RCVBUF), and the receiver's output not yet flushed (10 ms).
  const bound = 2 * HWM + Math.ceil((4 * 2 * BUF) / SIZE) + 50_000;
  const started = performance.now();
  const procs = new Processes();
  let messages = 0;
  let lost = 0;
  let maxLoss = 0;
  let maxBlock = 0;
  let timeouts = 0;
  const fdNotes: string[] = [];
  try {
    for (const how of ["sender binds", "sender connects"] as const) {
      const port = await freePort();
      const push = new Push({
        sendTimeout: SEND_TIMEOUT,
        sendHighWaterMark: HWM,
        sendBufferSize: BUF,
        reconnectInterval: 100,
        reconnectMaxInterval: 0,
        linger: 0,
      });
      let ep: string;
      let receiverArgs: string[];
      if (how === "sender binds") {
        ep = push.bind("tcp://127.0.0.1:*");
        receiverArgs = ["range-pull", "connect", ep, String(HWM), String(BUF)];
      } else {
        ep = `tcp://127.0.0.1:${port}`;
        push.connect(ep);
        receiverArgs = ["range-pull", "bind", ep, String(HWM), String(BUF)];
      }
      const before = fdCount();
      let baseline = Infinity; // set after the first kill: the reactor's wake pipe etc. are made once
      let seq = 0;
      let stop = false;
      const sender = (async () => {
        while (!stop) {
          const frame = new Uint8Array(SIZE);
          new DataView(frame.buffer).setFloat64(0, seq);
          const t = performance.now();
          try {
            await push.send(frame);
            seq++;
          } catch (e) {
            if (!isTimeout(e)) throw e;
            timeouts++;
          }
          const d = performance.now() - t;
          if (d > maxBlock) maxBlock = d;
        }
      })();
      const incarnations: Incarnation[] = [];
      const fds: number[] = [];
      try {
        for (let c = 0; c < cfg.cycles; c++) {
          const peer = procs.start(fixtureArgv(PEER, receiverArgs), "receivers");
          const inc: Incarnation = { ranges: [] };
          incarnations.push(inc);
          const parse = (line: string) => {
            const m = /^R (\d+) (\d+)$/.exec(line);
            if (m) inc.ranges.push([Number(m[1]), Number(m[2])]);
          };
          assert.equal(await peer.line(20_000), "ready");
          parse(await procs.until(peer, (l) => l.startsWith("R "), 20_000)); // traffic resumed
          const reading = (async () => {
            for (;;) parse(await peer.line(600_000));
          })().catch(() => {});
          if (c < cfg.cycles - 1) {
            await sleep(cfg.cycleMs * (0.5 + Math.random()));
            await procs.kill(peer);
            await reading;
            for (const l of await procs.rest(peer)) parse(l);
            // The dead connection's fd is closed by libzmq's I/O thread soon after.
            if (c === 0) baseline = await settledFdCount();
            else {
              const end = Date.now() + 5000;
              while (fdCount() > baseline && Date.now() < end) await sleep(20);
              fds.push(fdCount());
            }
          } else {
            await sleep(cfg.cycleMs);
            stop = true;
            await sender;
            // Nothing may be lost at the end: the last incarnation gets every message sent.
            const last = seq - 1;
            const end = Date.now() + 20_000;
            while (!inc.ranges.some(([, hi]) => hi === last) && Date.now() < end) await sleep(20);
            await procs.kill(peer);
            await reading;
            for (const l of await procs.rest(peer)) parse(l);
          }
        }
      } finally {
        stop = true;
        await sender.catch(() => {});
        push.close();
      }
      // Each incarnation received one contiguous run; runs follow each other without overlap.
      let expected = 0;
      for (let k = 0; k < incarnations.length; k++) {
        const ranges = incarnations[k].ranges;
        assert.ok(ranges.length > 0, `${how}: incarnation ${k} received nothing`);
        for (let r = 1; r < ranges.length; r++) {
          assert.equal(ranges[r][0], ranges[r - 1][1] + 1, `${how}: incarnation ${k} has a gap or a duplicate`);
        }
        const lo = ranges[0][0];
        const hi = ranges[ranges.length - 1][1];
        if (k === 0) assert.equal(lo, 0, `${how}: the first receiver missed the start`);
        assert.ok(lo >= expected, `${how}: duplicates: incarnation ${k} starts at ${lo}, before ${expected}`);
        const loss = lo - expected;
        assert.ok(loss <= bound, `${how}: ${loss} messages lost at kill ${k}, more than the window ${bound}`);
        lost += loss;
        maxLoss = Math.max(maxLoss, loss);
        expected = hi + 1;
      }
      assert.equal(expected, seq, `${how}: the last receiver did not get everything sent after the last kill`);
      messages += seq;
      // File descriptors: back to the baseline after every kill.
      const worst = Math.max(...fds);
      assert.ok(worst <= baseline, `${how}: sender fds grew: ${baseline} after the first kill, then ${fds.join(",")}`);
      fdNotes.push(
        `${how}: sender fds ${before} before traffic, ${baseline} after the first kill, at most ${worst} after the others`,
      );
    }
    assert.ok(
      maxBlock < SEND_TIMEOUT + 3000,
      `a send blocked ${Math.round(maxBlock)} ms, past its ${SEND_TIMEOUT} ms timeout`,
    );

    // REQ: the REP dies between request and reply: a receive timeout, then a new socket recovers.
    const ep = `tcp://127.0.0.1:${await freePort()}`;
    let rep = procs.start(fixtureArgv(PEER, ["order-server", "rep", ep, 1000]), "receivers");
    assert.equal(await rep.line(20_000), "bound");
    {
      using req = new Request({ receiveTimeout: 1000, linger: 0 });
      req.connect(ep);
      await req.send("0");
      assert.equal(new TextDecoder().decode((await req.receive({ timeout: 20_000 }))[0]), "ack 0");
      await procs.kill(rep);
      await req.send("1");
      await assert.rejects(req.receive(), isTimeout);
    }
    rep = procs.start(fixtureArgv(PEER, ["order-server", "rep", ep, 1000]), "receivers");
    assert.equal(await rep.line(20_000), "bound");
    {
      using req = new Request({ receiveTimeout: 20_000, linger: 0 });
      req.connect(ep);
      await req.send("0");
      assert.equal(new TextDecoder().decode((await req.receive())[0]), "ack 0");
    }
  } finally {
    await procs.stop();
  }
  return {
    scenario: "2 kill a peer mid-stream",
    messages,
    lost,
    durationMs: Math.round(performance.now() - started),
    peakRssMiB: procs.sampler.peaks(),
    notes: [
      `${cfg.cycles} kill -9 cycles x 2 (sender binds / connects), ${lost} lost in all, at most ${maxLoss} at one kill (window ${bound})`,
      `longest send ${
        Math.round(maxBlock)
      } ms (sendTimeout ${SEND_TIMEOUT}), ${timeouts} send timeouts while no receiver`,
      ...fdNotes,
      "REQ: receive timed out after its REP was killed; a new REQ got its reply from the restarted REP",
    ],
  };
}

// --- 3. network partition ------------------------------------------------------------------

function ip(...args: string[]): { ok: boolean; error: string } {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  return { ok: r.status === 0, error: `${r.stderr ?? ""}${r.error ?? ""}`.trim() };
}

/** Two network namespaces joined by a veth pair (10.77.<net>.1 and .2); `down()` cuts the link. */
class VethPair {
  readonly a: string;
  readonly b: string;
  readonly serverAddress: string;
  #va: string;
  #vb: string;
  #made: string[] = [];

  constructor(tag: string, net: number) {
    this.a = `zmqffi-a-${process.pid}-${tag}`;
    this.b = `zmqffi-b-${process.pid}-${tag}`;
    this.#va = `zfa${process.pid}${tag}`.slice(0, 15);
    this.#vb = `zfb${process.pid}${tag}`.slice(0, 15);
    this.serverAddress = `10.77.${net}.1`;
  }

  /** Creates both namespaces and the link; returns the error if `ip netns add` fails (not root). */
  setup(net: number): string | null {
    for (const ns of [this.a, this.b]) {
      const r = ip("netns", "add", ns);
      if (!r.ok) return `ip netns add ${ns}: ${r.error}`;
      this.#made.push(ns);
    }
    const steps = [
      ["link", "add", this.#va, "type", "veth", "peer", "name", this.#vb],
      ["link", "set", this.#va, "netns", this.a],
      ["link", "set", this.#vb, "netns", this.b],
      ["-n", this.a, "addr", "add", `10.77.${net}.1/24`, "dev", this.#va],
      ["-n", this.b, "addr", "add", `10.77.${net}.2/24`, "dev", this.#vb],
      ["-n", this.a, "link", "set", "lo", "up"],
      ["-n", this.b, "link", "set", "lo", "up"],
      ["-n", this.a, "link", "set", this.#va, "up"],
      ["-n", this.b, "link", "set", this.#vb, "up"],
    ];
    for (const step of steps) {
      const r = ip(...step);
      if (!r.ok) throw new Error(`ip ${step.join(" ")}: ${r.error}`);
    }
    return null;
  }

  /** Argv that runs `argv` inside namespace `ns`. */
  exec(ns: string, argv: string[]): string[] {
    return ["ip", "netns", "exec", ns, ...argv];
  }

  /** Takes the client side of the link down (or up again). */
  link(state: "down" | "up"): void {
    const r = ip("-n", this.b, "link", "set", this.#vb, state);
    if (!r.ok) throw new Error(`ip link set ${state}: ${r.error}`);
  }

  destroy(): void {
    for (const ns of this.#made.splice(0)) ip("netns", "del", ns);
    ip("link", "del", this.#va); // only left in the root namespace if a move failed
  }
}

/** Deletes namespaces a killed earlier run left behind (named after a process that is gone). */
function sweepStaleNamespaces(): void {
  const list = spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout ?? "";
  for (const line of list.split("\n")) {
    const m = /^(zmqffi-[ab]-(\d+)-\w+)/.exec(line);
    if (m && Number(m[2]) !== process.pid && !existsSync(`/proc/${m[2]}`)) ip("netns", "del", m[1]);
  }
}

interface PartitionResult {
  hb: boolean;
  sent: number;
  replies: number;
  detectMs: number | null;
  resumeMs: number | null;
  maxTimerGap: number;
  timeouts: number;
}

async function partitionRun(
  hb: boolean,
  net: VethPair,
  procs: Processes,
  cfg: { warmMs: number; downMs: number; resumeWaitMs: number },
): Promise<PartitionResult> {
  const ep = `tcp://${net.serverAddress}:5555`;
  const flag = hb ? "1" : "0";
  const server = procs.start(net.exec(net.a, fixtureArgv(PEER, ["part-server", ep, flag])), "servers");
  assert.equal(await server.line(20_000), "bound", server.stderr);
  const client = procs.start(net.exec(net.b, fixtureArgv(PEER, ["part-client", ep, flag, 20])), "clients");
  let lastReply = 0;
  const events: { type: string; t: number }[] = [];
  let report: Record<string, number | string> | null = null;
  const reading = (async () => {
    for (;;) {
      const line = await client.line(600_000);
      const [kind, a, b] = line.split(" ");
      if (kind === "A") lastReply = Number(b);
      else if (kind === "E") events.push({ type: a, t: Number(b) });
      else if (kind === "ok" || kind === "bad") {
        report = parseReport(line);
        return;
      }
    }
  })();
  reading.catch(() => {});
  const waitUntil = async (cond: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!cond() && Date.now() < end) await sleep(20);
    return cond();
  };
  const mode = hb ? "with heartbeats" : "without heartbeats";
  assert.ok(await waitUntil(() => lastReply > 0, 20_000), `${mode}: no first reply; ${client.stderr}`);
  await sleep(cfg.warmMs);
  const tDown = Date.now();
  net.link("down");
  let detectMs: number | null = null;
  if (hb) {
    const seen = () => events.some((e) => e.type === "disconnected" && e.t >= tDown);
    assert.ok(await waitUntil(seen, 15_000), `${mode}: no "disconnected" event within 15 s of the link going down`);
    detectMs = events.find((e) => e.type === "disconnected" && e.t >= tDown)!.t - tDown;
  }
  await sleep(Math.max(0, tDown + cfg.downMs - Date.now()));
  const tUp = Date.now();
  net.link("up");
  const resumed = await waitUntil(() => lastReply >= tUp, hb ? 20_000 : cfg.resumeWaitMs);
  if (hb) assert.ok(resumed, `${mode}: traffic did not resume within 20 s of healing`);
  const resumeMs = resumed ? lastReply - tUp : null;
  client.send("stop");
  await reading;
  assert.equal(await client.finish(20_000), 0, `${mode}: client exit; ${client.stderr}`);
  const r = report as Record<string, number> | null;
  assert.ok(r, `${mode}: no report from the client`);
  assert.equal(r.duplicates, 0, `${mode}: duplicate replies`);
  assert.ok(r.maxTimerGap < 1000, `${mode}: the client's event loop stalled ${r.maxTimerGap} ms`);
  await procs.kill(server);
  return { hb, sent: r.sent, replies: r.replies, detectMs, resumeMs, maxTimerGap: r.maxTimerGap, timeouts: r.timeouts };
}

/**
 * A DEALER in one network namespace sends a numbered request every 20 ms to a ROUTER echo in
 * another; the veth link between them goes down for a while, then up. With heartbeats (300 ms,
 * timeout 1200 ms) a "disconnected" monitor event arrives within a few seconds and traffic resumes
 * after healing; without, the process neither hangs nor crashes (and TCP carries on once healed).
 * Both runs go at once, each on its own pair of namespaces. Returns null if namespaces cannot be
 * made (not root).
 */
export async function partition(scale: Scale): Promise<Figures | { skipped: string }> {
  const cfg = scale === "full"
    ? { warmMs: 2000, downMs: 30_000, resumeWaitMs: 90_000 }
    : { warmMs: 1000, downMs: 4000, resumeWaitMs: 15_000 };
  const started = performance.now();
  sweepStaleNamespaces();
  const pairs = [new VethPair("h", 1), new VethPair("n", 2)];
  const procs = new Processes();
  try {
    for (let i = 0; i < pairs.length; i++) {
      const error = pairs[i].setup(i + 1);
      if (error !== null) return { skipped: `network namespaces unavailable (${error})` };
    }
    const results = await Promise.all([
      partitionRun(true, pairs[0], procs, cfg),
      partitionRun(false, pairs[1], procs, cfg),
    ]);
    const notes = results.map((r) =>
      `${r.hb ? "heartbeats" : "no heartbeats"}: ${r.sent} requests, ${r.replies} replies, ` +
      (r.hb ? `"disconnected" ${r.detectMs} ms after the cut, ` : "") +
      (r.resumeMs === null
        ? `traffic not resumed within ${cfg.resumeWaitMs} ms of healing`
        : `resumed ${r.resumeMs} ms after healing`) +
      `, ${r.timeouts} send timeouts (500 ms), longest timer gap ${r.maxTimerGap} ms`
    );
    return {
      scenario: "3 network partition",
      messages: results.reduce((n, r) => n + r.sent, 0),
      lost: results.reduce((n, r) => n + r.sent - r.replies, 0),
      durationMs: Math.round(performance.now() - started),
      peakRssMiB: procs.sampler.peaks(),
      notes: [`link down ${cfg.downMs} ms`, ...notes],
    };
  } finally {
    await procs.stop();
    for (const p of pairs) p.destroy();
  }
}

// --- 4. slow consumer ------------------------------------------------------------------------

/**
 * A PUB sends flat out to a SUB that reads ~1 message per ms: the PUB never blocks, drops are
 * counted from the SUB's sequence gaps, nothing arrives out of order. A PUSH sends to a PULL
 * that reads as slowly: sends wait (back-pressure) and nothing is lost. In both senders a 10 ms
 * timer keeps ticking, and RSS stays within HWM x message size plus a constant.
 */
export async function slowConsumer(scale: Scale): Promise<Figures> {
  const cfg = scale === "full" ? { pubMs: 45_000, pushN: 30_000 } : { pubMs: 4000, pushN: 3000 };
  const SIZE = 16 * 1024;
  const HWM = 1000;
  const PUSH_HWM = 100;
  const CONSTANT = 64 * 1024 * 1024;
  const bound = HWM * SIZE + CONSTANT;
  const started = performance.now();
  const procs = new Processes();
  try {
    const pub = procs.start(fixtureArgv(PEER, ["fast-pub", cfg.pubMs, SIZE, HWM]), "pub");
    const pubEp = await pub.line(20_000);
    const sub = procs.start(fixtureArgv(PEER, ["slow-sub", pubEp, cfg.pubMs + 1000, 1]), "sub");
    const push = procs.start(fixtureArgv(PEER, ["push-n", cfg.pushN, SIZE, PUSH_HWM]), "push");
    const pushEp = await push.line(20_000);
    const pull = procs.start(fixtureArgv(PEER, ["slow-pull", pushEp, cfg.pushN, 1]), "pull");
    const wait = cfg.pubMs + 60_000;
    const [p, s, ps, pl] = await Promise.all([pub, sub, push, pull].map(async (peer) => {
      const report = parseReport(await peer.line(wait + cfg.pushN * 5)) as Record<string, number>;
      assert.equal(await peer.finish(20_000), 0, peer.stderr);
      return report;
    }));
    // PUB: drops, never blocks, memory bounded, timers fine.
    assert.ok(s.received > 0, "the SUB received nothing");
    assert.equal(s.disorder, 0, "the SUB saw messages out of order");
    assert.ok(s.dropped > 0, `the PUB dropped nothing (sent ${p.sent}, received ${s.received}): not a slow consumer`);
    assert.ok(p.maxSendMs < 1000, `a PUB send took ${p.maxSendMs} ms`);
    assert.equal(pl.received, cfg.pushN);
    assert.ok(ps.waited > 0, "PUSH never had to wait: no back-pressure");
    // Timers: gaps over 100 ms must be rare exceptions (2 shared cores, four busy processes: the
    // scheduler or a GC pause can take that long once), never a pattern, and never long.
    for (const [name, r] of [["PUB", p], ["PUSH", ps]] as const) {
      assert.ok(r.hwm - r.rssWarm <= bound, `${name} RSS grew ${mib(r.hwm - r.rssWarm)} MiB, more than ${mib(bound)}`);
      assert.ok(r.maxTimerGap < 1000, `${name}: a 10 ms timer was ${r.maxTimerGap} ms late`);
      assert.ok(
        r.lateTicks <= Math.max(2, r.ticks / 1000),
        `${name}: ${r.lateTicks} of ${r.ticks} timer gaps over 100 ms`,
      );
    }
    return {
      scenario: "4 slow consumer",
      messages: p.sent + ps.sent,
      lost: 0,
      durationMs: Math.round(performance.now() - started),
      peakRssMiB: {
        pub: mib(p.hwm),
        sub: mib(s.hwm),
        push: mib(ps.hwm),
        pull: mib(pl.hwm),
      },
      notes: [
        `PUB ${p.sent} sent in ${cfg.pubMs} ms, SUB received ${s.received}, ${s.dropped} dropped by the PUB (counted), longest PUB send ${p.maxSendMs} ms`,
        `PUSH (HWM ${PUSH_HWM}) ${ps.sent} sent, ${ps.waited} had to wait (back-pressure), PULL received all in order`,
        `RSS after warm-up -> peak: PUB ${mib(p.rssWarm)} -> ${mib(p.hwm)} MiB, PUSH ${mib(ps.rssWarm)} -> ${
          mib(ps.hwm)
        } MiB (HWM x size = ${mib(HWM * SIZE)} MiB)`,
        `10 ms timer, longest gap: PUB ${p.maxTimerGap} ms (${p.lateTicks} of ${p.ticks} over 100 ms), PUSH ${ps.maxTimerGap} ms (${ps.lateTicks} of ${ps.ticks} over 100 ms)`,
      ],
    };
  } finally {
    await procs.stop();
  }
}

// --- 5. close and terminate chaos ------------------------------------------------------------

/**
 * Thousands of random open/send/receive/abort/close/double-close/terminate sequences with
 * traffic, in a subprocess: every promise settles with a value or a typed error, a steady stream
 * beside it loses nothing, and the process then exits by itself with code 0.
 */
export async function chaos(scale: Scale, seed = randomSeed()): Promise<Figures> {
  const sequences = scale === "full" ? 10_000 : 1000;
  const started = performance.now();
  const procs = new Processes();
  try {
    const p = procs.start(fixtureArgv("fault_chaos.ts", [sequences, seed]), "chaos");
    const line = await procs.until(
      p,
      (l) => l.startsWith("ok ") || l.startsWith("bad "),
      scale === "full" ? 240_000 : 50_000,
    );
    const report = parseReport(line) as unknown as {
      settled: number;
      messages: number;
      stream: { sent: number; received: number };
      outcomes: Record<string, number>;
    };
    const exitStart = performance.now();
    assert.equal(await p.finish(20_000), 0, `the chaos process did not exit 0 by itself (seed ${seed}): ${p.stderr}`);
    const top = Object.entries(report.outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
    return {
      scenario: "5 close/terminate chaos",
      messages: report.messages + report.stream.received,
      lost: report.stream.sent - report.stream.received,
      durationMs: Math.round(performance.now() - started),
      peakRssMiB: procs.sampler.peaks(),
      notes: [
        `${sequences} sequences (seed ${seed}), ${report.settled} promises all settled; exited 0 ${
          Math.round(performance.now() - exitStart)
        } ms after its report`,
        `outcomes: ${top.join(", ")}`,
        `steady stream beside the chaos: ${report.stream.received}/${report.stream.sent} in order`,
      ],
    };
  } finally {
    await procs.stop();
  }
}

// --- 6. GC soak ------------------------------------------------------------------------------

/**
 * In a subprocess under forced GC: thousands of sockets of every type created and closed (some
 * left to the finalizer), then messages of 0 B to 4 MiB checksummed at the receiver while the
 * sender scribbles over its buffers. No crash, no corruption, fds back to the baseline; full
 * mode also bounds the RSS growth in the second half.
 */
export async function gcSoak(scale: Scale, seed = randomSeed()): Promise<Figures> {
  const [sockets, messages] = scale === "full" ? [100_000, 1_000_000] : [5000, 50_000];
  const started = performance.now();
  const procs = new Processes();
  try {
    const p = procs.start(fixtureArgv("fault_gc.ts", [sockets, messages, seed], { exposeGc: true }), "gc");
    const line = await procs.until(
      p,
      (l) => l.startsWith("ok ") || l.startsWith("bad "),
      scale === "full" ? 500_000 : 50_000,
    );
    const r = parseReport(line) as unknown as Record<string, number>;
    assert.equal(await p.finish(20_000), 0, p.stderr);
    const growth = r.rssSecondHalfMax - r.rssHalf;
    if (scale === "full") assert.ok(growth < 64 * 1024 * 1024, `RSS grew ${mib(growth)} MiB in the second half`);
    return {
      scenario: "6 GC soak",
      messages: r.messages,
      lost: 0,
      durationMs: Math.round(performance.now() - started),
      peakRssMiB: { ...procs.sampler.peaks(), "gc VmHWM": mib(r.hwm) },
      notes: [
        `${r.sockets} sockets created and closed in ${r.socketsMs} ms (${r.droppedUnclosed} left to the finalizer); fds ${r.fdBaseline} -> ${r.fdAfterSockets} -> ${r.fdEnd} after terminate`,
        `${r.messages} messages, ${mib(r.bytes)} MiB, in ${r.messagesMs} ms, 0 corrupt (seed ${seed})`,
        `RSS at half-time ${mib(r.rssHalf)} MiB, second-half max ${mib(r.rssSecondHalfMax)} MiB (growth ${
          mib(growth)
        } MiB)`,
      ],
    };
  } finally {
    await procs.stop();
  }
}

// --- 7. API fuzz -----------------------------------------------------------------------------

/**
 * Seeded API fuzz in a subprocess (so a crash is a failure, not the end of the test run): every
 * call returns or fails with a typed error, and sockets still bounce afterwards.
 */
export async function apiFuzz(scale: Scale, seed = randomSeed()): Promise<Figures> {
  const iterations = scale === "full" ? 100_000 : 5000;
  const started = performance.now();
  const procs = new Processes();
  try {
    const p = procs.start(fixtureArgv("fault_fuzz.ts", [iterations, seed]), "fuzz");
    const line = await procs.until(
      p,
      (l) => l.startsWith("ok ") || l.startsWith("bad "),
      scale === "full" ? 240_000 : 50_000,
    )
      .catch((e) => {
        throw new Error(`fuzz seed ${seed}: ${e.message}`);
      });
    if (line.startsWith("bad ")) throw new Error(`fuzz seed ${seed} found: ${line.slice(4)}`);
    const r = parseReport(line) as unknown as { outcomes: Record<string, number> };
    const code = await p.finish(20_000);
    assert.equal(code, 0, `fuzz seed ${seed}: exit ${code}: ${p.stderr}`);
    const calls = Object.values(r.outcomes).reduce((a, b) => a + b, 0);
    const top = Object.entries(r.outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
    return {
      scenario: "7 API fuzz",
      messages: calls,
      lost: 0,
      durationMs: Math.round(performance.now() - started),
      peakRssMiB: procs.sampler.peaks(),
      notes: [
        `${iterations} iterations, ${calls} calls (seed ${seed}); bounces before/after OK`,
        `outcomes: ${top.join(", ")}`,
      ],
    };
  } finally {
    await procs.stop();
  }
}

// --- 8. hostile peer -------------------------------------------------------------------------

const encoder = new TextEncoder();

/** A ZMTP 3.0 greeting for the NULL mechanism, as a client. */
function zmtpGreeting(): Uint8Array {
  const g = new Uint8Array(64);
  g[0] = 0xff;
  g[8] = 1;
  g[9] = 0x7f;
  g[10] = 3; // version 3.0
  g.set(encoder.encode("NULL"), 12);
  return g;
}

/** A READY command announcing Socket-Type DEALER. */
function zmtpReady(): Uint8Array {
  const body = [
    5,
    ...encoder.encode("READY"),
    11,
    ...encoder.encode("Socket-Type"),
    0,
    0,
    0,
    6,
    ...encoder.encode("DEALER"),
  ];
  return new Uint8Array([0x04, body.length, ...body]);
}

/** The start of a TLS 1.2 ClientHello (record header, handshake header, version, a fixed "random"). */
const TLS_HELLO = new Uint8Array([
  0x16,
  0x03,
  0x01,
  0x00,
  0xc8,
  0x01,
  0x00,
  0x00,
  0xc4,
  0x03,
  0x03,
  ...Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff),
  0x00,
  0x00,
  0x02,
  0x13,
  0x01,
  0x01,
  0x00,
]);
/** A ZMTP signature with a nonsense version and mechanism. */
const OXFF_GARBAGE = new Uint8Array([
  0xff,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
  0x7f,
  0x99,
  0x99,
  ...encoder.encode("GARBAGE!".repeat(8)),
]);

/** A long message frame header claiming `size` bytes. */
function frameHeader(size: bigint): Uint8Array {
  const h = new Uint8Array(9);
  h[0] = 0x02;
  new DataView(h.buffer).setBigUint64(1, size);
  return h;
}

/**
 * Connects a raw TCP client, writes `chunks` (pausing `gapMs` between them), and resolves with how
 * long after the connection was established the server closed it, or null if it did not within
 * `limitMs` of the start.
 */
function rawPeer(port: number, chunks: Uint8Array[], limitMs: number, gapMs = 0): Promise<number | null> {
  return new Promise((resolve) => {
    let done = false;
    let t0 = performance.now();
    const socket: NetSocket = netConnect(port, "127.0.0.1", async () => {
      t0 = performance.now(); // timed from the established connection, not the SYN (backlog retries)
      for (const c of chunks) {
        if (done) return;
        socket.write(c);
        if (gapMs) await sleep(gapMs);
      }
    });
    const timer = setTimeout(() => finish(null), limitMs);
    const finish = (v: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(v);
    };
    socket.on("data", () => {});
    socket.on("error", () => {}); // a reset is a close too
    socket.on("close", () => finish(performance.now() - t0));
  });
}

/**
 * Raw TCP peers attack a ROUTER (maxMessageSize 1 MiB, handshakeInterval 2000 ms) in another
 * process: an HTTP request, a TLS hello, 0xFF garbage, a truncated greeting, a valid ZMTP 3.0
 * handshake then a frame header claiming 2^62 bytes, another claiming 512 MiB followed by 2 MiB of
 * data, and 200 (full: 500) idle connections. Every one is dropped by the server, its RSS peak
 * does not grow by the claimed sizes, nothing reaches the application, and a legitimate DEALER gets
 * every reply throughout. Then random garbage: dropped too (libzmq decodes bytes that happen to
 * form ZMTP/1.0 frames as a 1.0 peer's messages; those are counted, not failed).
 */
export async function hostilePeer(scale: Scale, seed = randomSeed()): Promise<Figures> {
  const cfg = scale === "full" ? { idle: 500, garbage: 200, rounds: 3 } : { idle: 200, garbage: 20, rounds: 1 };
  const HANDSHAKE = 2000;
  const LIMIT = 30_000; // for the whole attempt, SYN retries included
  const DROP = HANDSHAKE + 8000; // from the established connection to the server's close
  const started = performance.now();
  const procs = new Processes();
  const rand = prng(seed);
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
  try {
    const server = procs.start(fixtureArgv(PEER, ["hostile-server", 1 << 20, HANDSHAKE]), "server");
    const ep = await server.line(20_000);
    const port = Number(ep.split(":").pop());
    // The legitimate client: a request every 10 ms, each reply within 5 s.
    using dealer = new Dealer({ routingId: "legit-1", linger: 0 });
    dealer.connect(ep);
    const latencies: number[] = [];
    let stop = false;
    let failure: unknown = null;
    const legit = (async () => {
      for (let i = 0; !stop; i++) {
        const t = performance.now();
        await dealer.send(["ping", String(i)]);
        const [, n] = await dealer.receive({ timeout: 5000 });
        assert.equal(new TextDecoder().decode(n), String(i));
        latencies.push(performance.now() - t);
        await sleep(10);
      }
    })().catch((e) => failure = e);
    while (latencies.length < 20 && failure === null) await sleep(10);
    assert.equal(failure, null, `the legitimate client failed before the attack: ${failure}`);
    const rssLine = async () => {
      server.send("rss");
      const [, now, hwm] = (await procs.until(server, (l) => l.startsWith("rss "), 10_000)).split(" ");
      return { now: Number(now), hwm: Number(hwm) };
    };
    const count = async () => {
      server.send("count");
      const [, l, f] = (await procs.until(server, (l) => l.startsWith("count "), 10_000)).split(" ");
      return { legit: Number(l), foreign: Number(f) };
    };
    const before = await rssLine();
    const structured: Record<string, () => Promise<number | null>> = {
      "http request": () => rawPeer(port, [encoder.encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n")], LIMIT),
      "tls hello": () => rawPeer(port, [TLS_HELLO], LIMIT),
      "0xff garbage": () => rawPeer(port, [OXFF_GARBAGE], LIMIT),
      "truncated greeting": () => rawPeer(port, [zmtpGreeting().subarray(0, 20)], LIMIT),
      "frame of 2^62 bytes": () => rawPeer(port, [zmtpGreeting(), zmtpReady(), frameHeader(2n ** 62n)], LIMIT),
      "frame of 512 MiB": () =>
        rawPeer(
          port,
          [zmtpGreeting(), zmtpReady(), frameHeader(512n << 20n), randomBytes(1 << 20), randomBytes(1 << 20)],
          LIMIT,
          5,
        ),
    };
    const dropTimes: Record<string, number> = {};
    let idleWorst = 0;
    for (let round = 0; round < cfg.rounds; round++) {
      const names = Object.keys(structured);
      const [structuredTimes, idleTimes] = await Promise.all([
        Promise.all(names.map((n) => structured[n]())),
        Promise.all(Array.from({ length: cfg.idle }, () => rawPeer(port, [], LIMIT))),
      ]);
      names.forEach((n, i) => {
        const t = structuredTimes[i];
        assert.ok(t !== null && t <= DROP, `${n}: the server did not drop the peer within ${DROP} ms (${t})`);
        dropTimes[n] = Math.max(dropTimes[n] ?? 0, Math.round(t));
      });
      const kept = idleTimes.filter((t) => t === null || t > DROP).length;
      assert.equal(kept, 0, `${kept} of ${cfg.idle} idle connections were not dropped within ${DROP} ms`);
      idleWorst = Math.max(idleWorst, ...idleTimes.map((t) => Math.round(t!)));
    }
    const afterStructured = await count();
    assert.equal(afterStructured.foreign, 0, "a hostile peer's bytes reached the application");
    // Random garbage, some of which happens to frame as ZMTP/1.0.
    const garbageTimes = await Promise.all(
      Array.from({ length: cfg.garbage }, () => rawPeer(port, [randomBytes(64 + Math.floor(rand() * 512))], LIMIT)),
    );
    const keptGarbage = garbageTimes.filter((t) => t === null || t > DROP).length;
    assert.equal(keptGarbage, 0, `${keptGarbage} garbage peers were not dropped (seed ${seed})`);
    const after = await rssLine();
    const end = await count();
    stop = true;
    await legit;
    assert.equal(failure, null, `the legitimate client failed during the attack: ${failure}`);
    const growth = after.hwm - before.now;
    assert.ok(growth < 64 * 1024 * 1024, `the server's RSS peak grew by ${mib(growth)} MiB`);
    server.send("events");
    const events = (await procs.until(server, (l) => l.startsWith("events "), 10_000)).slice(7);
    server.send("stop");
    parseReport(await procs.until(server, (l) => l.startsWith("ok ") || l.startsWith("bad "), 10_000));
    assert.equal(await server.finish(10_000), 0);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)];
    return {
      scenario: "8 hostile peer",
      messages: end.legit,
      lost: 0,
      durationMs: Math.round(performance.now() - started),
      peakRssMiB: { ...procs.sampler.peaks(), "server VmHWM": mib(after.hwm) },
      notes: [
        `dropped after (ms): ${
          Object.entries(dropTimes).map(([k, v]) => `${k} ${v}`).join(", ")
        }; ${cfg.idle} idle x ${cfg.rounds}: all within ${idleWorst}`,
        `${cfg.garbage} random garbage peers dropped; ${end.foreign} ZMTP/1.0-framed garbage messages reached the ROUTER (libzmq's 1.0 compatibility, seed ${seed})`,
        `server RSS ${mib(before.now)} MiB before, peak ${mib(after.hwm)} MiB after (claimed 2^62 B and 512 MiB)`,
        `legitimate DEALER: ${latencies.length} replies, p99 ${p99.toFixed(1)} ms, max ${
          latencies[latencies.length - 1].toFixed(1)
        } ms`,
        `server monitor events: ${events}`,
      ],
    };
  } finally {
    await procs.stop();
  }
}

/** A scenario that may be skipped, as figures (the note says why). */
function orSkip(fn: (scale: Scale) => Promise<Figures | { skipped: string }>): (scale: Scale) => Promise<Figures> {
  return async (scale) => {
    const r = await fn(scale);
    if (!("skipped" in r)) return r;
    return {
      scenario: `skipped: ${r.skipped}`,
      messages: 0,
      lost: 0,
      durationMs: 0,
      peakRssMiB: {},
      notes: [r.skipped],
    };
  };
}

/** Every scenario by its short name, with the time limit its runner enforces. */
export const SCENARIOS: Record<string, { run: (scale: Scale) => Promise<Figures>; limitMs: Record<Scale, number> }> = {
  order: { run: (s) => startInAnyOrder(s), limitMs: { ci: 60_000, full: 300_000 } },
  kill: { run: killPeer, limitMs: { ci: 60_000, full: 300_000 } },
  partition: { run: orSkip(partition), limitMs: { ci: 60_000, full: 240_000 } },
  slow: { run: slowConsumer, limitMs: { ci: 60_000, full: 240_000 } },
  chaos: { run: (s) => chaos(s), limitMs: { ci: 60_000, full: 300_000 } },
  gc: { run: (s) => gcSoak(s), limitMs: { ci: 60_000, full: 600_000 } },
  fuzz: { run: (s) => apiFuzz(s), limitMs: { ci: 60_000, full: 300_000 } },
  hostile: { run: (s) => hostilePeer(s), limitMs: { ci: 60_000, full: 240_000 } },
  workers: { run: workerChurn, limitMs: { ci: 90_000, full: 900_000 } },
  frames: { run: (s) => framesSoak(s), limitMs: { ci: 90_000, full: 600_000 } },
};
