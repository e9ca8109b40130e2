// zeromq.js v6 on Node (the peer to compare with): the libzmq perf workloads through its async API.
// Install: bash scripts/setup.sh --bench   (zeromq is a dev-only dependency of the benchmark)
// Usage: node bench/zeromqjs_bench.mjs ROLE ENDPOINT SIZE COUNT [PARTS] [--iter]
//        node bench/zeromqjs_bench.mjs idle [SECONDS]
// inproc-*: both sockets async on Node's one JS thread (how zeromq.js is used in one process).
import { Pull, Push, Reply, Request } from "zeromq";
import process from "node:process";

const pos = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const iter = process.argv.includes("--iter");
const [role, endpoint] = pos;
const size = Number(pos[2]);
const count = Number(pos[3]);
const parts = Number(pos[4] ?? 1);
const payload = Buffer.alloc(size || 0);
const message = parts > 1 ? Array.from({ length: parts }, () => payload) : payload;
const now = () => performance.now();

function result(r) {
  console.log(`RESULT ${JSON.stringify(r)}`);
}

async function pull(s) {
  let t0 = 0;
  let n = 0;
  if (iter) {
    for await (const _m of s) {
      if (n++ === 0) t0 = now();
      if (n === count) break;
    }
  } else {
    await s.receive();
    t0 = now();
    for (n = 1; n < count; n++) await s.receive();
  }
  const elapsed = (now() - t0) / 1000;
  const rate = (count - 1) / elapsed;
  result({
    kind: "thr",
    msgs: count,
    elapsed_s: +elapsed.toFixed(6),
    msgs_per_s: +rate.toFixed(1),
    mb_per_s: +(rate * size * parts / 1e6).toFixed(2),
  });
}

async function push(s) {
  for (let i = 0; i < count; i++) await s.send(message);
}

async function rep(s) {
  for (let i = 0; i <= count; i++) {
    const m = await s.receive();
    await s.send(m);
  }
}

async function req(s) {
  await s.send(message);
  await s.receive();
  const rtt = new Float64Array(count);
  const start = now();
  for (let i = 0; i < count; i++) {
    const t = now();
    await s.send(message);
    await s.receive();
    rtt[i] = now() - t;
  }
  const total = now() - start;
  rtt.sort();
  result({
    kind: "lat",
    n: count,
    mean_us: +(total * 1000 / count).toFixed(2),
    p50_us: +(rtt[count >> 1] * 1000).toFixed(2),
    p99_us: +(rtt[Math.floor(count * 0.99)] * 1000).toFixed(2),
  });
}

function stdinEof() {
  return new Promise((resolve) => {
    process.stdin.on("end", resolve);
    process.stdin.on("close", resolve);
    process.stdin.resume();
  });
}

const opts = { linger: 0 };
switch (role) {
  case "idle": {
    // A process awaiting one receive with no traffic for ENDPOINT-position seconds (default 5).
    const seconds = Number(endpoint ?? 5);
    const s = new Pull(opts);
    await s.bind("tcp://127.0.0.1:*");
    s.receiveTimeout = seconds * 1000;
    const pending = s.receive().catch((e) => e);
    await new Promise((r) => setTimeout(r, 50));
    const u0 = process.cpuUsage();
    const t0 = now();
    await pending;
    const wall = now() - t0;
    const u = process.cpuUsage(u0);
    const cpu = (u.user + u.system) / 1000;
    const total = process.cpuUsage();
    result({
      kind: "idle",
      runtime: "node",
      wall_ms: +wall.toFixed(1),
      cpu_ms: +cpu.toFixed(2),
      cpu_pct: +(cpu / wall * 100).toFixed(3),
      total_cpu_ms: +((total.user + total.system) / 1000).toFixed(1),
    });
    s.close();
    break;
  }
  case "thr-pull": {
    const s = new Pull(opts);
    await s.bind(endpoint);
    console.log(`READY ${s.lastEndpoint}`);
    await pull(s);
    s.close();
    break;
  }
  case "thr-push": {
    const s = new Push(opts);
    s.connect(endpoint);
    await push(s);
    await stdinEof();
    s.close();
    break;
  }
  case "lat-rep": {
    const s = new Reply(opts);
    await s.bind(endpoint);
    console.log(`READY ${s.lastEndpoint}`);
    await rep(s);
    await stdinEof();
    s.close();
    break;
  }
  case "lat-req": {
    const s = new Request(opts);
    s.connect(endpoint);
    await req(s);
    s.close();
    break;
  }
  case "inproc-thr": {
    const p = new Pull(opts);
    await p.bind(endpoint);
    const q = new Push(opts);
    q.connect(endpoint);
    await Promise.all([pull(p), push(q)]);
    p.close();
    q.close();
    break;
  }
  case "inproc-lat": {
    const r = new Reply(opts);
    await r.bind(endpoint);
    const q = new Request(opts);
    q.connect(endpoint);
    await Promise.all([rep(r), req(q)]);
    r.close();
    q.close();
    break;
  }
  default:
    console.error(`unknown role ${role}`);
    process.exit(2);
}
process.exit(0);
