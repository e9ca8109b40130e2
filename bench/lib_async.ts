/**
 * This library, async API: `await send()` / `await receive()` per message (or `for await` with
 * --iter). Runs under Deno and Bun.
 *
 * Usage: deno run -A bench/lib_async.ts ROLE ENDPOINT SIZE COUNT [PARTS] [--iter] [--into] [--budget=US]
 *   --iter       the receiving side (PULL, REP) iterates with `for await (const m of socket)`
 *   --into       the PULL side receives with `receiveInto(buffer)`, one buffer reused for every message
 *   --budget=US  setLatencyBudget(US): bounded ppoll on the JS thread before parking (latency mode)
 * inproc-*: both sockets in this one process, both async on the JS thread (no Worker).
 */
import { Pull, Push, Reply, Request, setLatencyBudget } from "../mod.ts";
import {
  exit,
  latResult,
  parseArgs,
  progress,
  ready,
  reportProgressOnTerm,
  result,
  stdinEof,
  thrResult,
} from "./_common.ts";

const a = parseArgs();
reportProgressOnTerm(a.role);
const iter = a.flags.iter !== undefined;
const into = a.flags.into !== undefined ? new Uint8Array(Math.max(a.size, 0) * a.parts) : null;
if (a.flags.budget) setLatencyBudget(Number(a.flags.budget));
const payload = new Uint8Array(Math.max(a.size, 0));
const message: Uint8Array | Uint8Array[] = a.parts > 1 ? Array.from({ length: a.parts }, () => payload) : payload;

async function pull(s: Pull): Promise<void> {
  let t0 = 0;
  let n = 0;
  if (iter) {
    for await (const _m of s) {
      if (n++ === 0) t0 = performance.now();
      progress.received = n;
      if (n === a.count) break;
    }
  } else if (into !== null) {
    await s.receiveInto(into);
    t0 = performance.now();
    for (n = 1; n < a.count; n++) {
      await s.receiveInto(into);
      progress.received = n;
    }
  } else {
    await s.receive();
    t0 = performance.now();
    for (n = 1; n < a.count; n++) {
      await s.receive();
      progress.received = n;
    }
  }
  result(thrResult(a.count, a.size, a.parts, t0, performance.now()));
}

async function push(s: Push): Promise<void> {
  for (let i = 0; i < a.count; i++) {
    await s.send(message);
    progress.sent = i;
  }
}

async function rep(s: Reply): Promise<void> {
  if (iter) {
    let n = 0;
    for await (const m of s) {
      progress.received = n;
      await s.send(m);
      progress.sent = n;
      if (++n > a.count) break;
    }
  } else {
    for (let i = 0; i <= a.count; i++) {
      const m = await s.receive();
      progress.received = i;
      await s.send(m);
      progress.sent = i;
    }
  }
}

async function req(s: Request): Promise<void> {
  await s.send(message);
  await s.receive();
  const rtt = new Float64Array(a.count);
  const start = performance.now();
  for (let i = 0; i < a.count; i++) {
    const t = performance.now();
    await s.send(message);
    progress.sent = i;
    await s.receive();
    progress.received = i;
    rtt[i] = performance.now() - t;
  }
  result(latResult(rtt, performance.now() - start));
}

const closeAll = (...socks: { linger: number; close(): void }[]) => {
  for (const s of socks) {
    s.linger = 0;
    s.close();
  }
};

switch (a.role) {
  case "thr-pull": {
    const s = new Pull();
    ready(s.bind(a.endpoint));
    await pull(s);
    closeAll(s);
    break;
  }
  case "thr-push": {
    const s = new Push();
    s.connect(a.endpoint);
    await push(s);
    await stdinEof();
    closeAll(s);
    break;
  }
  case "lat-rep": {
    const s = new Reply();
    ready(s.bind(a.endpoint));
    await rep(s);
    await stdinEof();
    closeAll(s);
    break;
  }
  case "lat-req": {
    const s = new Request();
    s.connect(a.endpoint);
    await req(s);
    closeAll(s);
    break;
  }
  case "inproc-thr": {
    const p = new Pull();
    p.bind(a.endpoint);
    const q = new Push();
    q.connect(a.endpoint);
    await Promise.all([pull(p), push(q)]);
    closeAll(p, q);
    break;
  }
  case "inproc-lat": {
    const r = new Reply();
    r.bind(a.endpoint);
    const q = new Request();
    q.connect(a.endpoint);
    await Promise.all([rep(r), req(q)]);
    closeAll(r, q);
    break;
  }
}
exit(0);
