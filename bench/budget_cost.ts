/**
 * What a JS-thread latency budget (setLatencyBudget) costs other work in the same process (issue 15).
 *
 * Each configuration runs in a fresh process (the "measure" role, this file under Deno or Bun) that
 * does, at the same time, on its one JS thread:
 *   - a REQ/REP round-trip loop with this library (`await send()`, `await receive()`, 64 B over tcp;
 *     the REP peer is a separate pyzmq process, replying at once or after --slow-ms);
 *   - a 1 ms setInterval, whose lateness (actual minus expected interval) is recorded;
 *   - an HTTP server (Deno.serve / Bun.serve on 127.0.0.1) loaded by a separate load-generator
 *     process (the "load" role: --concurrency keep-alive fetch loops, or an open loop at --rate);
 * and reports, over the same wall-clock window: round trips/s and RTT, timer lateness p50/p99/max,
 * HTTP latency p50/p99 and requests/s, and the process's CPU time per second of wall time.
 *
 * Configurations, per runtime: `baseline` (timer + HTTP, no zmq traffic), `fast` (peer replies at
 * once) at each of --budgets, and `slow` (peer replies after --slow-ms) at each of --slow-budgets
 * (there the adaptive budget should disengage: cost ~0). All run in a shuffled order in each of
 * --rounds rounds; the tables show medians over rounds (and the spread of the main figures).
 *
 * Run (repository root; deno and bun on PATH: export PATH=$PWD/tools/node_modules/.bin:$PATH):
 *   deno run -A bench/budget_cost.ts                        4 rounds x 14 configurations x 5 s (~8 min)
 *   deno run -A bench/budget_cost.ts --rounds=2 --duration=3 --runtimes=deno --budgets=0,200
 *   deno run -A bench/budget_cost.ts --report=FILE          print the tables of a finished run again
 * Options: --rounds=N (4)  --duration=S measured window (5)  --warmup=S before it (1)
 *          --budgets=0,50,100,200  --slow-budgets=0,200  --slow-ms=2  --runtimes=deno,bun  --no-baseline
 *          --concurrency=N keep-alive request loops (8; 0 and no --rate: no HTTP load at all)
 *          --rate=R an open loop at R requests/s instead (latency from each request's scheduled start)
 *          --loadgen=bun|deno (bun: the same generator for every configuration)
 *          --out=FILE (default bench/results/budget-<date>.jsonl, one JSON line per configuration run)
 * `bun bench/budget_cost.ts ...` works too. Needs /usr/bin/python3 with python3-zmq for the peer.
 */
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { shuffle } from "../soak/lib.ts";
import { commit, option, which } from "./_tools.ts";
import { median as medianOf } from "./summary.ts";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const PY = "/usr/bin/python3";
const runtime: "deno" | "bun" = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined" ? "bun" : "deno";

const argv = process.argv.slice(2);
const flag = (name: string, dflt: string): string => option(argv, name) ?? dflt;
const list = (s: string) => s.split(",").filter((x) => x !== "");

// --- statistics ------------------------------------------------------------------------------------

function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}
function summary(samples: number[]): { p50: number; p99: number; max: number; n: number } {
  const a = Float64Array.from(samples).sort();
  return { p50: quantile(a, 0.5), p99: quantile(a, 0.99), max: a.length ? a[a.length - 1] : NaN, n: a.length };
}
const median = (xs: number[]) => medianOf(xs.filter(Number.isFinite));
const r3 = (x: number) => Number.isFinite(x) ? +x.toFixed(3) : null;

// --- stdin lines (the orchestrator's GO line, then EOF) ------------------------------------------------

function stdinLines(onLine: (line: string) => void, onEnd: () => void): void {
  let buf = "";
  process.stdin.on("data", (d: Uint8Array | string) => {
    buf += typeof d === "string" ? d : new TextDecoder().decode(d);
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  process.stdin.on("end", onEnd);
  process.stdin.on("close", onEnd);
  process.stdin.resume();
}

// --- role "measure": the process under test ------------------------------------------------------------

interface ServeHandle {
  port: number;
}

function serveHttp(): ServeHandle {
  const handler = () => new Response("ok");
  if (runtime === "deno") {
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
    return { port: (server.addr as Deno.NetAddr).port };
  }
  const bun = (globalThis as unknown as {
    Bun: { serve(o: { hostname: string; port: number; fetch: () => Response }): { port: number } };
  }).Bun;
  return { port: bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler }).port };
}

async function measure(): Promise<void> {
  const endpoint = flag("endpoint", "");
  const budget = Number(flag("budget", "0"));
  const lib = endpoint ? await import("../mod.ts") : null;
  if (lib) lib.setLatencyBudget(budget);
  const http = serveHttp();
  console.log(`READY ${http.port}`);

  let inWindow = false;
  let running = true;
  const lateness: number[] = [];
  const rtt: number[] = [];
  let trips = 0;

  const start = (startAt: number, endAt: number) => {
    // 1 ms interval timer: lateness of each tick against the previous one.
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      if (inWindow) lateness.push(now - last - 1);
      last = now;
    }, 1);

    // The round-trip loop.
    let loop: Promise<void> = Promise.resolve();
    if (lib) {
      const req = new lib.Request();
      req.connect(endpoint);
      const payload = new Uint8Array(64);
      loop = (async () => {
        while (running) {
          const t = performance.now();
          await req.send(payload);
          await req.receive();
          if (inWindow) {
            rtt.push(performance.now() - t);
            trips++;
          }
        }
        req.linger = 0;
        req.close();
      })();
    }

    let cpu0 = process.cpuUsage();
    let t0 = performance.now();
    setTimeout(() => {
      cpu0 = process.cpuUsage();
      t0 = performance.now();
      inWindow = true;
    }, Math.max(0, startAt - Date.now()));
    setTimeout(async () => {
      inWindow = false;
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      running = false;
      clearInterval(timer);
      await loop;
      const rt = summary(rtt);
      const lt = summary(lateness);
      console.log(`RESULT ${
        JSON.stringify({
          wall_s: r3(wall / 1000),
          cpu_pct: r3((cpu.user + cpu.system) / 1000 / wall * 100),
          trips_per_s: r3(trips / (wall / 1000)),
          rtt_mean_us: r3(rtt.reduce((a, b) => a + b, 0) / Math.max(1, rtt.length) * 1000),
          rtt_p50_us: r3(rt.p50 * 1000),
          rtt_p99_us: r3(rt.p99 * 1000),
          timer_ticks: lt.n,
          timer_late_p50_ms: r3(lt.p50),
          timer_late_p99_ms: r3(lt.p99),
          timer_late_max_ms: r3(lt.max),
        })
      }`);
    }, Math.max(0, endAt - Date.now()));
  };

  stdinLines((line) => {
    const m = line.match(/^GO (\d+) (\d+)$/);
    if (m) start(Number(m[1]), Number(m[2]));
  }, () => process.exit(0));
}

// --- role "load": the HTTP load generator ---------------------------------------------------------------

async function load(): Promise<void> {
  const url = flag("url", "");
  const startAt = Number(flag("start", "0"));
  const endAt = Number(flag("end", "0"));
  const concurrency = Number(flag("concurrency", "8"));
  const rate = Number(flag("rate", "0"));
  const lat: number[] = [];
  let errors = 0;
  let done = 0;
  // performance.now() and Date.now() mapped once: a request's start is taken on the fine clock and
  // compared with the window (wall-clock ms, shared with the measured process) through this offset.
  const wallAtPerf = Date.now() - performance.now();
  /**
   * One request meant to start at `intended` (performance.now() ms). Its latency counts from then,
   * or from when it really started if that was earlier (the open loop paces with ~1 ms timers and
   * sends a few early).
   */
  const one = async (scheduled: number): Promise<void> => {
    const intended = Math.min(scheduled, performance.now());
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      const wall = intended + wallAtPerf;
      if (wall >= startAt && wall < endAt) {
        lat.push(performance.now() - intended);
        done++;
      }
    } catch {
      errors++;
    }
  };
  if (rate > 0) {
    // Open loop: requests start on schedule whatever the server does (latency from the intended start).
    const gap = 1000 / rate;
    const pending: Promise<void>[] = [];
    for (let next = performance.now(); next + wallAtPerf < endAt; next += gap) {
      const wait = next - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(one(next));
    }
    await Promise.all(pending);
  } else {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (Date.now() < endAt) await one(performance.now());
    }));
  }
  const s = summary(lat);
  const window = (endAt - startAt) / 1000;
  console.log(`RESULT ${
    JSON.stringify({
      requests: done,
      errors,
      rps: r3(done / window),
      http_p50_ms: r3(s.p50),
      http_p99_ms: r3(s.p99),
      http_max_ms: r3(s.max),
    })
  }`);
  process.exit(0);
}

// --- role "orchestrate" ---------------------------------------------------------------------------------

interface Config {
  runtime: "deno" | "bun";
  scenario: "baseline" | "fast" | "slow";
  budget: number;
}
interface Rec extends Config {
  round: number;
  commit: string;
  duration_s: number;
  load: string;
  ok: boolean;
  error?: string;
  at: string;
  [k: string]: unknown;
}

function child(cmd: string[]) {
  const c = spawn(cmd[0], cmd.slice(1), { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray | null) => void }[] = [];
  const exited = new Promise<number | null>((r) => c.on("exit", (code) => r(code)));
  const check = () => {
    for (const w of waiters.slice()) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  c.stdout!.on("data", (d: Uint8Array) => {
    out += new TextDecoder().decode(d);
    check();
  });
  c.stderr!.on("data", (d: Uint8Array) => err += new TextDecoder().decode(d));
  exited.then(() => {
    for (const w of waiters.splice(0)) w.resolve(out.match(w.re));
  });
  return {
    line(re: RegExp, ms: number): Promise<RegExpMatchArray> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re} (${err.trim().slice(-300)})`)), ms);
        waiters.push({
          re,
          resolve: (m) => {
            clearTimeout(timer);
            if (m) resolve(m);
            else reject(new Error(`exited without ${re}: ${err.trim().split("\n").slice(-3).join(" | ")}`));
          },
        });
        check();
      });
    },
    write: (s: string) => c.stdin!.write(s),
    end: () => c.stdin!.end(),
    exited,
    kill: () => {
      if (c.exitCode === null && c.pid) process.kill(c.pid, "SIGKILL");
    },
  };
}

const PEER = `
import sys, time, zmq
delay = float(sys.argv[1]) / 1000.0
s = zmq.Context().socket(zmq.REP)
s.bind("tcp://127.0.0.1:*")
print("READY " + s.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
while True:
    m = s.recv()
    if delay:
        time.sleep(delay)
    s.send(m)
`;

async function runConfig(
  cfg: Config,
  opts: { duration: number; warmup: number; slowMs: number; loadCmd: string[]; bins: Record<string, string> },
): Promise<Record<string, unknown>> {
  const procs: ReturnType<typeof child>[] = [];
  try {
    let endpoint = "";
    if (cfg.scenario !== "baseline") {
      const peer = child([PY, "-c", PEER, String(cfg.scenario === "slow" ? opts.slowMs : 0)]);
      procs.push(peer);
      endpoint = (await peer.line(/^READY (\S+)$/m, 10_000))[1];
    }
    const self = join(BENCH, "budget_cost.ts");
    const args = ["--role=measure", `--budget=${cfg.budget}`, ...(endpoint ? [`--endpoint=${endpoint}`] : [])];
    const m = child(
      cfg.runtime === "deno" ? [opts.bins.deno, "run", "-A", self, ...args] : [opts.bins.bun, self, ...args],
    );
    procs.push(m);
    const port = (await m.line(/^READY (\d+)$/m, 20_000))[1];
    const startAt = Date.now() + opts.warmup * 1000;
    const endAt = startAt + opts.duration * 1000;
    m.write(`GO ${startAt} ${endAt}\n`);
    const limit = (opts.warmup + opts.duration) * 1000 + 20_000;
    if (noLoad()) return { ok: true, ...JSON.parse((await m.line(/^RESULT (.+)$/m, limit))[1]) };
    const lg = child([
      ...opts.loadCmd,
      `--url=http://127.0.0.1:${port}/`,
      `--start=${startAt}`,
      `--end=${endAt}`,
      `--concurrency=${flag("concurrency", "8")}`,
      `--rate=${flag("rate", "0")}`,
    ]);
    procs.push(lg);
    const [mres, lres] = await Promise.all([m.line(/^RESULT (.+)$/m, limit), lg.line(/^RESULT (.+)$/m, limit)]);
    return { ok: true, ...JSON.parse(mres[1]), ...JSON.parse(lres[1]) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    for (const p of procs) p.end();
    await Promise.race([Promise.all(procs.map((p) => p.exited)), new Promise((r) => setTimeout(r, 2000))]);
    for (const p of procs) p.kill();
  }
}

/** --concurrency=0 and no --rate: no load generator (the server idles; timer and round trips only). */
const noLoad = () => Number(flag("concurrency", "8")) === 0 && !(Number(flag("rate", "0")) > 0);

/** Markdown tables of a run's records: one per runtime, one row per configuration. */
export function report(recs: Rec[]): string {
  const out: string[] = [];
  const ok = recs.filter((r) => r.ok);
  const commits = [...new Set(recs.map((r) => r.commit))].join(", ");
  const rounds = new Set(recs.map((r) => r.round)).size;
  out.push(
    `${rounds} rounds, ${recs[0]?.duration_s} s measured per configuration, HTTP load: ${
      recs[0]?.load
    } (commit ${commits}).`,
    "Cells: medians over rounds; [min-max] over rounds for round trips/s, HTTP p99 and timer p99. rt/s: round trips per",
    "second; RTT: mean µs; timer: lateness of a 1 ms setInterval (ms); HTTP: request latency (ms) and requests/s as",
    "the load generator saw them; CPU: process CPU time per wall time (100 % = one core).",
    "",
  );
  const num = (v: unknown) => typeof v === "number" ? v : NaN;
  const f = (x: number, d = 0) => Number.isFinite(x) ? x.toFixed(d) : "-";
  /** The median with its [min-max] over rounds (the median alone when there is nothing to span). */
  const span = (xs: number[], d = 0) => {
    const a = xs.filter(Number.isFinite);
    return a.length ? `${f(median(a), d)} [${f(Math.min(...a), d)}-${f(Math.max(...a), d)}]` : "-";
  };
  for (const rt of ["deno", "bun"]) {
    const rows = ok.filter((r) => r.runtime === rt);
    if (!rows.length) continue;
    out.push(
      `**${rt}**`,
      "",
      "| peer | budget µs | rt/s | RTT µs | timer p50 | timer p99 | timer max | HTTP p50 | HTTP p99 | HTTP req/s | CPU % |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    const keys = [...new Set(rows.map((r) => `${r.scenario}\t${r.budget}`))].sort((a, b) => {
      const order = { baseline: 0, fast: 1, slow: 2 } as Record<string, number>;
      const [sa, ba] = a.split("\t");
      const [sb, bb] = b.split("\t");
      return order[sa] - order[sb] || Number(ba) - Number(bb);
    });
    for (const k of keys) {
      const [scenario, budget] = k.split("\t");
      const sel = rows.filter((r) => r.scenario === scenario && String(r.budget) === budget);
      const col = (name: string) => sel.map((r) => num(r[name]));
      const med = (name: string) => median(col(name));
      const peer = scenario === "baseline"
        ? "none (no zmq traffic)"
        : scenario === "fast"
        ? "immediate"
        : "slow (2 ms)";
      const fast = scenario !== "baseline";
      out.push(
        `| ${peer} | ${fast ? budget : "-"} | ${fast ? span(col("trips_per_s")) : "-"} | ${
          fast ? f(med("rtt_mean_us")) : "-"
        } | ${f(med("timer_late_p50_ms"), 3)} | ${span(col("timer_late_p99_ms"), 2)} | ${
          f(med("timer_late_max_ms"), 1)
        } | ${f(med("http_p50_ms"), 2)} | ${span(col("http_p99_ms"), 2)} | ${f(med("rps"))} | ${f(med("cpu_pct"))} |`,
      );
    }
    out.push("");
  }
  const failed = recs.filter((r) => !r.ok);
  if (failed.length) {
    out.push("Failed runs:", "");
    for (const r of failed) out.push(`- round ${r.round} ${r.runtime} ${r.scenario} budget ${r.budget}: ${r.error}`);
    out.push("");
  }
  return out.join("\n");
}

async function orchestrate(): Promise<void> {
  const reportFile = flag("report", "");
  if (reportFile) {
    const recs = readFileSync(reportFile, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Rec);
    console.log(report(recs));
    return;
  }
  const rounds = Number(flag("rounds", "4"));
  const duration = Number(flag("duration", "5"));
  const warmup = Number(flag("warmup", "1"));
  const slowMs = Number(flag("slow-ms", "2"));
  const budgets = list(flag("budgets", "0,50,100,200")).map(Number);
  const slowBudgets = list(flag("slow-budgets", "0,200")).map(Number);
  const runtimes = list(flag("runtimes", "deno,bun")) as ("deno" | "bun")[];
  const bins: Record<string, string> = {};
  for (const rt of ["deno", "bun"]) {
    const b = which(rt);
    if (b) bins[rt] = b;
  }
  const loadRt = flag("loadgen", "bun");
  if (!bins[loadRt]) throw new Error(`${loadRt} not found for the load generator`);
  const self = join(BENCH, "budget_cost.ts");
  const loadCmd = loadRt === "deno" ? [bins.deno, "run", "-A", self, "--role=load"] : [bins.bun, self, "--role=load"];
  if (spawnSync(PY, ["-c", "import zmq"]).status !== 0) throw new Error("needs /usr/bin/python3 with python3-zmq");
  const configs: Config[] = [];
  for (const rt of runtimes) {
    if (!bins[rt]) {
      console.error(`${rt} not found: skipped`);
      continue;
    }
    if (flag("no-baseline", "x") === "x") configs.push({ runtime: rt, scenario: "baseline", budget: 0 });
    for (const b of budgets) configs.push({ runtime: rt, scenario: "fast", budget: b });
    for (const b of slowBudgets) configs.push({ runtime: rt, scenario: "slow", budget: b });
  }
  const rate = Number(flag("rate", "0"));
  const loadDesc = rate > 0
    ? `open loop ${rate} req/s (${loadRt} fetch)`
    : noLoad()
    ? "none (no load generator)"
    : `${flag("concurrency", "8")} keep-alive fetch loops (${loadRt})`;
  const stamp = new Date().toISOString().replace(/:/g, "-").replace(/\..*/, "");
  const out = flag("out", join(BENCH, "results", `budget-${stamp}.jsonl`));
  mkdirSync(dirname(out), { recursive: true });
  const rev = commit();
  console.error(
    `budget cost: ${configs.length} configurations x ${rounds} rounds, ${duration} s each; load ${loadDesc}; commit ${rev}`,
  );
  console.error(`results: ${out}`);
  const recs: Rec[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const cfg of shuffle(configs, round * 104729)) {
      const atCommit = commit();
      const r = await runConfig(cfg, { duration, warmup, slowMs, loadCmd, bins });
      const rec = {
        ...cfg,
        round,
        commit: atCommit,
        duration_s: duration,
        load: loadDesc,
        at: new Date().toISOString(),
        ok: false,
        ...r,
      } as Rec;
      recs.push(rec);
      appendFileSync(out, JSON.stringify(rec) + "\n");
      console.error(
        `round ${round} ${cfg.runtime} ${cfg.scenario} ${cfg.budget}: ${
          rec.ok
            ? `rt/s ${rec.trips_per_s} timer p99 ${rec.timer_late_p99_ms} ms, http p99 ${rec.http_p99_ms} ms ${rec.rps} req/s, cpu ${rec.cpu_pct}%`
            : `FAILED ${rec.error}`
        }`,
      );
    }
  }
  console.log(report(recs));
}

const role = flag("role", "orchestrate");
if (role === "measure") await measure();
else if (role === "load") await load();
else if (import.meta.main) await orchestrate();
