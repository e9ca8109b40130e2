/**
 * Wake paths inside a real round trip (issue 15): REQ/REP, 64 B over tcp, two processes, raw FFI
 * (no library code). The REQ side waits for each reply through one wake path at a time
 * (waits.ts); every path of both runtimes, plus pyzmq, runs in each round, in a shuffled order,
 * for N rounds. Two ways to pair the sides:
 *   req   the REQ side uses the path; the REP side is pyzmq, blocking (the same peer for every path)
 *   both  both sides use the path (the REP side is side.ts with the same path)
 * pyzmq (Debian's /usr/bin/python3 with python3-zmq, bench/pyzmq_bench.py, blocking on both sides)
 * is the reference row of both tables.
 *
 * Run (from the repository root, with deno and bun on PATH: export PATH=$PWD/tools/node_modules/.bin:$PATH):
 *   deno run -A bench/wake/run.ts                      5 rounds x 5,000 round trips, both pairings (~6 min)
 *   deno run -A bench/wake/run.ts --rounds=3 --count=2000 --sides=req --paths=deno:nb,bun:worker-aw,pyzmq
 *   deno run -A bench/wake/run.ts --report=FILE[,FILE]  print the tables of finished runs again (pooled)
 * Options: --rounds=N (5)  --count=N round trips per run (5000)  --size=BYTES (64)  --sides=req,both
 *          --paths=RUNTIME:PATH,...|pyzmq (default: all of waits.ts PATHS, and pyzmq)
 *          --out=FILE (default bench/results/wake-<date>.jsonl)  --timeout=S per run (60)
 * `bun bench/wake/run.ts ...` works too (it only spawns processes).
 *
 * Tables: medians over rounds of each run's mean, p50 and p99 µs, the spread (min-max) of the
 * means, CPU µs per round trip of the REQ process (all its threads), and paired ratios: each run's
 * mean over floor B's (`ppoll200`, same runtime and pairing) and over pyzmq's in the same round,
 * as a median with quartiles. Every run is a JSON line in --out (with the git commit it ran at).
 */
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { PATHS } from "./waits.ts";
import { shuffle } from "../../soak/lib.ts";
import { commit, option, which } from "../_tools.ts";
import { median } from "../summary.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(dirname(HERE));
const PY = "/usr/bin/python3";

const argv = process.argv.slice(2);
const flag = (name: string, dflt: string): string => option(argv, name) ?? dflt;

interface Job {
  runtime: "deno" | "bun" | "python";
  path: string;
  sides: "req" | "both";
}
interface Rec extends Job {
  round: number;
  commit: string;
  count: number;
  size: number;
  ok: boolean;
  error?: string;
  mean_us?: number;
  p50_us?: number;
  p99_us?: number;
  cpu_us_per_rt?: number | null;
  waits_per_rt?: number;
  at: string;
  /** The file a record was read from (--report), so rounds of several runs stay apart. */
  src?: string;
}

const BIN = { deno: which("deno"), bun: which("bun") };

function sideCmd(rt: "deno" | "bun", args: string[]): string[] {
  const script = join(HERE, "side.ts");
  return rt === "deno" ? [BIN.deno!, "run", "-A", script, ...args] : [BIN.bun!, script, ...args];
}

/** Starts a process, resolves its "READY <x>" line (or null for processes that print none). */
function start(cmd: string[], waitReady: boolean) {
  const child = spawn(cmd[0], cmd.slice(1), { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  let readyResolve: (v: string | null) => void;
  const ready = new Promise<string | null>((r) => readyResolve = r);
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  child.stdout!.on("data", (d: Uint8Array) => {
    out += new TextDecoder().decode(d);
    const m = out.match(/^READY (\S+)$/m);
    if (m) readyResolve(m[1]);
  });
  child.stderr!.on("data", (d: Uint8Array) => err += new TextDecoder().decode(d));
  exited.then(() => readyResolve(null));
  if (!waitReady) readyResolve!(null);
  return {
    ready,
    exited,
    output: () => out,
    errors: () => err,
    closeStdin: () => child.stdin!.end(),
    kill: () => {
      if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
    },
  };
}

const timeoutMs = Number(flag("timeout", "60")) * 1000;
const deadline = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timeout: ${what}`)), ms))]);

async function runJob(job: Job, count: number, size: number): Promise<Partial<Rec>> {
  const bind = "tcp://127.0.0.1:*";
  const py = (
    role: string,
    ep: string,
  ) => [PY, join(ROOT, "bench", "pyzmq_bench.py"), role, ep, String(size), String(count)];
  const repCmd = job.runtime === "python" || job.sides === "req"
    ? py("lat-rep", bind)
    : sideCmd(job.runtime, ["rep", bind, String(count), `--path=${job.path}`, `--size=${size}`]);
  const rep = start(repCmd, true);
  let req: ReturnType<typeof start> | null = null;
  try {
    const ep = await deadline(rep.ready, timeoutMs, "REP ready");
    if (!ep) throw new Error(`REP did not start: ${rep.errors().trim().split("\n").slice(-3).join(" | ")}`);
    const reqCmd = job.runtime === "python"
      ? py("lat-req", ep)
      : sideCmd(job.runtime, ["req", ep, String(count), `--path=${job.path}`, `--size=${size}`]);
    req = start(reqCmd, false);
    const code = await deadline(req.exited, timeoutMs, "REQ");
    const m = req.output().match(/^RESULT (.+)$/m);
    if (!m) throw new Error(`REQ exit ${code}: ${req.errors().trim().split("\n").slice(-3).join(" | ")}`);
    const r = JSON.parse(m[1]);
    return {
      ok: true,
      mean_us: r.mean_us,
      p50_us: r.p50_us,
      p99_us: r.p99_us,
      cpu_us_per_rt: r.cpu_us_per_rt ?? null,
      waits_per_rt: r.waits_per_rt,
    };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    rep.closeStdin();
    req?.kill();
    await Promise.race([rep.exited, new Promise((r) => setTimeout(r, 2000))]);
    rep.kill();
  }
}

const f0 = (x: number) => Number.isFinite(x) ? x.toFixed(0) : "-";

const LABEL: Record<string, string> = {
  block: "floor A: blocking zmq_recv on the JS thread",
  ppoll200: "floor B: DONTWAIT + ppoll(ZMQ_FD) <= 200 µs on the JS thread, await between ops",
  nb: "nonblocking-FFI poll on Deno's blocking pool (today's Deno park)",
  "worker-aw": "Worker in FFI poll -> Atomics.notify -> Atomics.waitAsync (today's Bun park)",
  "worker-et":
    "Worker staying in FFI epoll_wait on ZMQ_FD (EPOLLET), never armed -> Atomics.notify -> Atomics.waitAsync",
  "worker-pm": "Worker in FFI poll -> postMessage",
  "worker-tscb": "Worker in FFI poll -> calls UnsafeCallback.threadSafe",
  "ring-tscb": "native thread (zmq_threadstart + makecontext ring, no C) -> thread-safe callback",
  "cc-tscb": "native thread in C via bun:ffi cc (TinyCC) -> JSCallback threadsafe",
  pyzmq: "pyzmq, blocking send/recv (both sides)",
};

const quartiles = (xs: number[]): [number, number, number] => {
  const a = xs.slice().sort((x, y) => x - y);
  const q = (f: number) => a.length ? a[Math.round(f * (a.length - 1))] : NaN;
  return [median(a), q(0.25), q(0.75)];
};

/**
 * The Markdown tables of one or more runs' records. Ratios are paired: each run's mean is divided
 * by floor B's (or pyzmq's) mean of the same round (same file, round, runtime and pairing), and
 * the cell is the median of those ratios with their quartiles, which cancels most of the drift of
 * a shared machine between rounds.
 */
export function report(recs: Rec[]): string {
  const lines: string[] = [];
  const commits = [...new Set(recs.map((r) => r.commit))].join(", ");
  const rounds = new Set(recs.map((r) => `${r.src ?? ""}#${r.round}`)).size;
  const counts = [...new Set(recs.map((r) => r.count))].join("/");
  lines.push(
    `REQ/REP ${
      recs[0]?.size ?? 64
    } B over tcp, two processes, ${counts} round trips per run, ${rounds} rounds (commit ${commits}).`,
    "Cells: mean/p50/p99 = medians over rounds of each run's figure; spread = min-max of the runs' means; CPU = µs of",
    "the REQ process (all threads) per round trip; x floor B, x pyzmq = median [quartiles] over rounds of the run's mean",
    "divided by the same round's floor B (`ppoll200`, same runtime and pairing) or pyzmq mean.",
    "",
  );
  const roundKey = (r: Rec) => `${r.src ?? ""}#${r.round}`;
  const pyzByRound = new Map(recs.filter((r) => r.runtime === "python" && r.ok).map((r) => [roundKey(r), r.mean_us!]));
  const pyz = recs.filter((r) => r.runtime === "python" && r.ok);
  for (const sides of ["req", "both"] as const) {
    const rows = recs.filter((r) => r.sides === sides && r.runtime !== "python");
    if (!rows.length) continue;
    lines.push(
      sides === "req" ? "**Only the REQ side uses the path** (REP: pyzmq, blocking)" : "**Both sides use the path**",
      "",
      "| path | runtime | mean µs | p50 µs | p99 µs | spread of means | CPU µs/rt | x floor B | x pyzmq | what |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    const floorB = new Map(
      rows.filter((r) => r.ok && r.path === "ppoll200").map((r) => [`${roundKey(r)}#${r.runtime}`, r.mean_us!]),
    );
    const cellOf = (ratios: number[]) => {
      const [m, lo, hi] = quartiles(ratios.filter(Number.isFinite));
      return Number.isFinite(m) ? `${m.toFixed(2)} [${lo.toFixed(2)}-${hi.toFixed(2)}]` : "-";
    };
    const emit = (rt: string, path: string, sel: Rec[]) => {
      const ok = sel.filter((r) => r.ok);
      const failed = sel.length - ok.length;
      const means = ok.map((r) => r.mean_us!);
      const cpu = median(ok.map((r) => r.cpu_us_per_rt ?? NaN).filter(Number.isFinite));
      const xB = rt === "python" ? "-" : cellOf(ok.map((r) => r.mean_us! / floorB.get(`${roundKey(r)}#${rt}`)!));
      const xPy = cellOf(ok.map((r) => r.mean_us! / pyzByRound.get(roundKey(r))!));
      lines.push(
        `| ${path} | ${rt} | ${f0(median(means))} | ${f0(median(ok.map((r) => r.p50_us!)))} | ${
          f0(median(ok.map((r) => r.p99_us!)))
        } | ${means.length ? `${f0(Math.min(...means))}-${f0(Math.max(...means))}` : "-"} | ${
          f0(cpu)
        } | ${xB} | ${xPy} | ${LABEL[path] ?? ""}${failed ? ` (${failed} of ${sel.length} runs failed)` : ""} |`,
      );
    };
    const keys = [...new Set(rows.map((r) => `${r.runtime}\t${r.path}`))].sort((a, b) => a.localeCompare(b));
    for (const k of keys) {
      const [rt, path] = k.split("\t");
      emit(rt, path, rows.filter((r) => r.runtime === rt && r.path === path));
    }
    if (pyz.length) emit("python", "pyzmq", pyz);
    lines.push("");
  }
  const errs = recs.filter((r) => !r.ok);
  if (errs.length) {
    lines.push("Failed runs:", "");
    for (const r of errs) lines.push(`- round ${r.round} ${r.runtime} ${r.path} (${r.sides}): ${r.error}`);
    lines.push("");
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const reportFile = flag("report", "");
  if (reportFile) {
    const recs = reportFile.split(",").flatMap((file) =>
      readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) =>
        ({ ...JSON.parse(l), src: file }) as Rec
      )
    );
    console.log(report(recs));
    return;
  }
  const rounds = Number(flag("rounds", "5"));
  const count = Number(flag("count", "5000"));
  const size = Number(flag("size", "64"));
  const sidesList = flag("sides", "req,both").split(",") as ("req" | "both")[];
  const wanted = flag("paths", "");
  const jobs: Job[] = [];
  for (const rt of ["deno", "bun"] as const) {
    if (!BIN[rt]) {
      console.error(`${rt} not found: its paths are skipped`);
      continue;
    }
    for (const path of PATHS[rt]) {
      if (wanted && !wanted.split(",").includes(`${rt}:${path}`)) continue;
      for (const sides of sidesList) jobs.push({ runtime: rt, path, sides });
    }
  }
  if (!wanted || wanted.split(",").includes("pyzmq")) {
    if (spawnSync(PY, ["-c", "import zmq"]).status === 0) {
      jobs.push({ runtime: "python", path: "pyzmq", sides: "both" });
    } else console.error("no pyzmq (/usr/bin/python3 with python3-zmq): its row is skipped");
  }
  const stamp = new Date().toISOString().replace(/:/g, "-").replace(/\..*/, "");
  const out = flag("out", join(ROOT, "bench", "results", `wake-${stamp}.jsonl`));
  mkdirSync(dirname(out), { recursive: true });
  const rev = commit();
  console.error(
    `wake paths: ${jobs.length} runs per round, ${rounds} rounds, ${count} round trips each; commit ${rev}`,
  );
  console.error(`results: ${out}`);
  const recs: Rec[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const job of shuffle(jobs, round * 7919)) {
      const atCommit = commit();
      const r = await runJob(job, count, size);
      const rec: Rec = { ...job, round, commit: atCommit, count, size, at: new Date().toISOString(), ok: false, ...r };
      recs.push(rec);
      appendFileSync(out, JSON.stringify(rec) + "\n");
      console.error(
        `round ${round} ${job.runtime} ${job.path} (${job.sides}): ${
          rec.ok ? `mean ${rec.mean_us} p50 ${rec.p50_us} p99 ${rec.p99_us} µs` : `FAILED ${rec.error}`
        }`,
      );
    }
  }
  console.log(report(recs));
}

if (import.meta.main) await main();
