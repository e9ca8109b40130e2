/**
 * This library, try-op API: drain with `tryReceive()` / fill with `trySend()` while they succeed,
 * and only when one reports "would block" fall back to one `await receive()` / `await send()`.
 * The pattern a throughput-minded user writes; no busy spin (the wait is the async call).
 *
 * Usage: deno run -A bench/lib_tryop.ts ROLE ENDPOINT SIZE COUNT [PARTS] [--budget=US] [--into]
 *   --into  the PULL side receives into one reused buffer (`tryReceive(buffer)`, `receiveInto(buffer)`)
 * inproc-*: both sockets in this one process, on the JS thread (no Worker).
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
if (a.flags.budget) setLatencyBudget(Number(a.flags.budget));
const payload = new Uint8Array(Math.max(a.size, 0));
const message: Uint8Array | Uint8Array[] = a.parts > 1 ? Array.from({ length: a.parts }, () => payload) : payload;

type Rx = {
  tryReceive(buffer?: Uint8Array): Uint8Array[] | null;
  receive(): Promise<Uint8Array[]>;
  receiveInto(buffer: Uint8Array): Promise<Uint8Array[]>;
};
const into = a.flags.into !== undefined ? new Uint8Array(Math.max(a.size, 0) * a.parts) : null;
type Tx = {
  trySend(m: Uint8Array | Uint8Array[]): boolean;
  send(m: Uint8Array | Uint8Array[]): Promise<void>;
};

async function pull(s: Rx): Promise<void> {
  if (into !== null) return pullInto(s, into);
  await s.receive();
  const t0 = performance.now();
  let n = 1;
  while (n < a.count) {
    while (n < a.count && s.tryReceive() !== null) n++;
    progress.received = n;
    if (n < a.count) {
      await s.receive();
      n++;
    }
  }
  result(thrResult(a.count, a.size, a.parts, t0, performance.now()));
}

async function pullInto(s: Rx, buffer: Uint8Array): Promise<void> {
  await s.receiveInto(buffer);
  const t0 = performance.now();
  let n = 1;
  while (n < a.count) {
    while (n < a.count && s.tryReceive(buffer) !== null) n++;
    progress.received = n;
    if (n < a.count) {
      await s.receiveInto(buffer);
      n++;
    }
  }
  result(thrResult(a.count, a.size, a.parts, t0, performance.now()));
}

async function push(s: Tx): Promise<void> {
  let n = 0;
  while (n < a.count) {
    while (n < a.count && s.trySend(message)) n++;
    progress.sent = n;
    if (n < a.count) {
      await s.send(message);
      n++;
    }
  }
}

const recv1 = (s: Rx): Uint8Array[] | Promise<Uint8Array[]> => s.tryReceive() ?? s.receive();
const send1 = (s: Tx, m: Uint8Array | Uint8Array[]): void | Promise<void> => {
  if (!s.trySend(m)) return s.send(m);
};

async function rep(s: Reply): Promise<void> {
  for (let i = 0; i <= a.count; i++) {
    const m = await recv1(s);
    progress.received = i;
    await send1(s, m);
    progress.sent = i;
  }
}

async function req(s: Request): Promise<void> {
  await send1(s, message);
  await recv1(s);
  const rtt = new Float64Array(a.count);
  const start = performance.now();
  for (let i = 0; i < a.count; i++) {
    const t = performance.now();
    await send1(s, message);
    progress.sent = i;
    await recv1(s);
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
