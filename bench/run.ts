/**
 * The benchmark orchestrator: runs this library (Deno and Bun; async and try-op APIs), the raw
 * FFI floor, native C, pyzmq and zeromq.js on the same workloads, in interleaved rounds, and
 * prints medians with ratios to C and to zeromq.js. Every run is also written as a JSON line.
 *
 *   deno run -A bench/run.ts --quick      smoke test, under a minute
 *   deno run -A bench/run.ts --medium     the key cells, 3 rounds (a few minutes)
 *   deno run -A bench/run.ts              full matrix, 3 rounds (about half an hour)
 * Options: --rounds=N  --impls=c,deno-async,...  --cells=thr:tcp:64,lat:inproc:64,thr:tcp:64:multipart,idle
 *          --out=FILE (default bench/results/<mode>-<date>.jsonl)  --no-overhead
 *          --scale=F  multiply every cell's message count by F (how much a figure owes to run length)
 *          --compare=DIR  also run the library scripts of another checkout (DIR/bench/lib_*.ts,
 *                         DIR/bench/idle.ts) as deno-async@NAME, deno-into@NAME etc.: A/B a change in one run
 *   deno run -A bench/run.ts --report=FILE   print the tables of a finished run again, run nothing
 * Charts: a run, and --report=FILE, also write SVG charts of FILE (charts.ts: throughput by message
 * size per transport, round trip by transport) next to it, as <FILE without .jsonl>-<chart>.svg, e.g.
 * bench/results/full-<date>-throughput-tcp.svg and -roundtrip.svg; their paths go to stderr (stdout
 * is the report alone). --charts=DIR writes them to DIR instead, --no-charts not at all.
 * Also runs under Bun (`bun bench/run.ts --quick`); it only spawns processes (node: modules).
 */
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { chartsOfRun } from "./charts.ts";
import { option, which } from "./_tools.ts";
import { fmtRate, fmtSize, median, parseRecords, summarize, type Summary } from "./summary.ts";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const CACHE = join(ROOT, ".cache", "bench");

// --- command line -----------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => option(argv, name);
type Mode = "quick" | "medium" | "full";
const mode: Mode = flag("quick") !== undefined ? "quick" : flag("medium") !== undefined ? "medium" : "full";

// --- workloads --------------------------------------------------------------------------------

type Workload = "thr" | "lat" | "idle";
type Transport = "inproc" | "ipc" | "tcp";
type Variant = "plain" | "multipart" | "iter";
interface Cell {
  wl: Workload;
  transport: Transport;
  size: number;
  variant: Variant;
}
const PARTS = 5;

const COUNTS: Record<
  Mode,
  {
    thr: (size: number) => number;
    lat: (size: number) => number;
    idleS: number;
  }
> = {
  quick: {
    thr: (s) => s >= 65536 ? 1000 : s >= 1024 ? 10_000 : 20_000,
    lat: () => 500,
    idleS: 1,
  },
  medium: {
    thr: (s) => s >= 65536 ? 10_000 : s >= 1024 ? 200_000 : 300_000,
    lat: (s) => s >= 65536 ? 3000 : 5000,
    idleS: 5,
  },
  full: {
    thr: (s) => s >= 65536 ? 20_000 : s >= 1024 ? 500_000 : 1_000_000,
    lat: (s) => s >= 65536 ? 10_000 : 20_000,
    idleS: 5,
  },
};

function parseCell(spec: string): Cell {
  if (spec === "idle") {
    return { wl: "idle", transport: "tcp", size: 0, variant: "plain" };
  }
  const [wl, transport, size, variant = "plain"] = spec.split(":");
  if (
    !["thr", "lat"].includes(wl) ||
    !["inproc", "ipc", "tcp"].includes(transport) || !/^\d+$/.test(size)
  ) {
    throw new Error(
      `bad cell "${spec}": use thr|lat:inproc|ipc|tcp:SIZE[:multipart|iter], or idle`,
    );
  }
  if (!["plain", "multipart", "iter"].includes(variant)) {
    throw new Error(`bad variant in "${spec}"`);
  }
  return {
    wl: wl as Workload,
    transport: transport as Transport,
    size: Number(size),
    variant: variant as Variant,
  };
}

const PRESETS: Record<Mode, string[]> = {
  quick: [
    "thr:tcp:64",
    "lat:tcp:64",
    "lat:inproc:64",
    "thr:ipc:1024",
    "thr:inproc:64",
    "thr:tcp:64:multipart",
    "thr:tcp:64:iter",
    "lat:ipc:64:iter",
    "idle",
  ],
  medium: [
    "thr:tcp:64",
    "lat:tcp:64",
    "lat:inproc:64",
    "thr:tcp:1024",
    "thr:tcp:65536",
    "thr:tcp:64:multipart",
    "thr:tcp:64:iter",
    "idle",
  ],
  full: [
    ...["thr", "lat"].flatMap((wl) =>
      ["inproc", "ipc", "tcp"].flatMap((t) => [1, 64, 1024, 65536].map((s) => `${wl}:${t}:${s}`))
    ),
    "thr:inproc:64:multipart",
    "thr:tcp:64:multipart",
    "lat:tcp:64:multipart",
    "thr:tcp:64:iter",
    "lat:tcp:64:iter",
    "idle",
  ],
};

// --- implementations --------------------------------------------------------------------------

interface Impl {
  name: string;
  /** The argv that runs ROLE with the given positional args; null if this impl does not do the cell. */
  command(cell: Cell, role: string, args: string[]): string[] | null;
  /** Why it cannot run here (then skipped with this note), or null. */
  unavailable(): string | null;
}

const DENO = which("deno");
const BUN = which("bun");
const NODE = which("node");
const PY = "/usr/bin/python3";
const PERF = join(CACHE, "perf");

function buildC(): string | null {
  const src = join(BENCH, "c", "perf.c");
  if (!existsSync("/usr/include/zmq.h")) {
    return "no /usr/include/zmq.h (bash scripts/setup.sh --bench installs libzmq3-dev)";
  }
  const cc = which("cc");
  if (!cc) return "no C compiler (cc)";
  if (existsSync(PERF) && statSync(PERF).mtimeMs >= statSync(src).mtimeMs) {
    return null;
  }
  mkdirSync(CACHE, { recursive: true });
  const r = spawnSync(cc, ["-O2", "-o", PERF, src, "-lzmq", "-lpthread"], {
    encoding: "utf8",
  });
  return r.status === 0 ? null : `cc failed: ${r.stderr.trim().split("\n")[0]}`;
}

let cNote: string | null | undefined;
let pyNote: string | null | undefined;

const runtimeCmd = (
  rt: "deno" | "bun",
  script: string,
  dir = BENCH,
): string[] => rt === "deno" ? [DENO!, "run", "-A", join(dir, script)] : [BUN!, join(dir, script)];

/**
 * The library's implementations. `dir` (from --compare=DIR) runs the same scripts from another
 * checkout's bench/ (A/B of a library change in one interleaved run), named with its suffix.
 */
function libImpl(
  rt: "deno" | "bun",
  api: "async" | "try" | "into" | "tryinto",
  budget = 0,
  dir = BENCH,
  suffix = "",
): Impl {
  const name = `${rt}-${api}${budget ? "-lm" : ""}${suffix}`;
  return {
    name,
    command(cell, role, args) {
      if (budget && cell.wl !== "lat") return null;
      // into / tryinto: the async / try-op API with one reused receive buffer; throughput only.
      if ((api === "into" || api === "tryinto") && (cell.wl !== "thr" || cell.variant !== "plain")) return null;
      if (cell.variant === "iter" && api !== "async") return null;
      if (cell.wl === "idle") {
        return api === "async" && !budget ? runtimeCmd(rt, "idle.ts", dir).concat(args) : null;
      }
      const extra = [
        ...(cell.variant === "iter" ? ["--iter"] : []),
        ...(budget ? [`--budget=${budget}`] : []),
        ...(api === "into" || api === "tryinto" ? ["--into"] : []),
      ];
      return [
        ...runtimeCmd(
          rt,
          api === "try" || api === "tryinto" ? "lib_tryop.ts" : "lib_async.ts",
          dir,
        ),
        role,
        ...args,
        ...extra,
      ];
    },
    unavailable: () => (rt === "deno" ? DENO : BUN) ? null : `${rt} not found`,
  };
}

const IMPLS: Impl[] = [
  {
    name: "c",
    command: (cell, role, args) => cell.wl === "idle" || cell.variant === "iter" ? null : [PERF, role, ...args],
    unavailable: () => (cNote === undefined ? (cNote = buildC()) : cNote),
  },
  {
    name: "pyzmq",
    command: (cell, role, args) =>
      cell.wl === "idle" || cell.variant === "iter" ? null : [PY, join(BENCH, "pyzmq_bench.py"), role, ...args],
    unavailable() {
      if (pyNote !== undefined) return pyNote;
      if (!existsSync(PY)) return (pyNote = "no /usr/bin/python3");
      const r = spawnSync(PY, ["-c", "import zmq"], { encoding: "utf8" });
      return (pyNote = r.status === 0 ? null : "python3-zmq not installed (apt-get install python3-zmq)");
    },
  },
  {
    name: "zeromqjs",
    command(cell, role, args) {
      const script = join(BENCH, "zeromqjs_bench.mjs");
      if (cell.wl === "idle") return [NODE!, script, "idle", ...args];
      return [
        NODE!,
        script,
        role,
        ...args,
        ...(cell.variant === "iter" ? ["--iter"] : []),
      ];
    },
    unavailable: () =>
      !NODE
        ? "node not found"
        : existsSync(join(BENCH, "node_modules", "zeromq", "package.json"))
        ? null
        : "zeromq.js not installed (bash scripts/setup.sh --bench)",
  },
  ...(["deno", "bun"] as const).map((rt): Impl => ({
    name: `${rt}-raw`,
    command: (cell, role, args) =>
      cell.wl === "idle" || cell.variant === "iter" ? null : [...runtimeCmd(rt, "raw_ffi.ts"), role, ...args],
    unavailable: () => (rt === "deno" ? DENO : BUN) ? null : `${rt} not found`,
  })),
  // The latency-mode floor: DONTWAIT + a JS-thread ppoll of <= 200 µs, raw FFI (issue 15).
  ...(["deno", "bun"] as const).map((rt): Impl => ({
    name: `${rt}-rawpoll`,
    command: (cell, role, args) =>
      cell.wl !== "lat" || cell.transport === "inproc" || cell.variant !== "plain"
        ? null
        : [...runtimeCmd(rt, "raw_poll.ts"), role, ...args],
    unavailable: () => (rt === "deno" ? DENO : BUN) ? null : `${rt} not found`,
  })),
  libImpl("deno", "async"),
  libImpl("bun", "async"),
  libImpl("deno", "try"),
  libImpl("bun", "try"),
  libImpl("deno", "async", 200),
  libImpl("bun", "async", 200),
  libImpl("deno", "into"),
  libImpl("bun", "into"),
  libImpl("deno", "tryinto"),
  libImpl("bun", "tryinto"),
];
const compareDir = flag("compare");
if (compareDir) {
  const dir = join(compareDir, "bench");
  const suffix = "@" + compareDir.replace(/\/+$/, "").split("/").pop();
  for (const rt of ["deno", "bun"] as const) {
    // into / tryinto only where that checkout's scripts have --into (else they would measure receive()).
    const into = existsSync(join(dir, "lib_async.ts")) &&
      readFileSync(join(dir, "lib_async.ts"), "utf8").includes("--into");
    for (const api of into ? ["async", "try", "into", "tryinto"] as const : ["async", "try"] as const) {
      IMPLS.push(libImpl(rt, api, 0, dir, suffix));
    }
    IMPLS.push(libImpl(rt, "async", 200, dir, suffix)); // latency mode (deno-async-lm@NAME)
  }
}

// --- running one measurement ------------------------------------------------------------------

interface Proc {
  child: ReturnType<typeof spawn>;
  lines: string[];
  stderr: string;
  exited: Promise<number | null>;
  onLine: ((line: string) => void) | null;
}

function start(cmd: string[]): Proc {
  const child = spawn(cmd[0], cmd.slice(1), {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const p: Proc = {
    child,
    lines: [],
    stderr: "",
    exited: null as never,
    onLine: null,
  };
  let buf = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => {
    buf += d;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      p.lines.push(line);
      p.onLine?.(line);
    }
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => {
    p.stderr = (p.stderr + d).slice(-4000);
  });
  child.stdin!.on("error", () => {});
  p.exited = new Promise((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.on("error", (e) => {
      p.stderr += String(e);
      resolve(-1);
    });
  });
  return p;
}

function waitLine(p: Proc, prefix: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const found = p.lines.find((l) => l.startsWith(prefix));
    if (found !== undefined) return resolve(found);
    const timer = setTimeout(
      () => reject(new Error(`no "${prefix}" line within ${ms} ms`)),
      ms,
    );
    p.onLine = (l) => {
      if (l.startsWith(prefix)) {
        clearTimeout(timer);
        p.onLine = null;
        resolve(l);
      }
    };
    p.exited.then((code) => {
      const again = p.lines.find((l) => l.startsWith(prefix));
      clearTimeout(timer);
      if (again !== undefined) resolve(again);
      else {reject(
          new Error(
            `exited (${code}) before "${prefix}": ${p.stderr.trim().slice(-600)}`,
          ),
        );}
    });
  });
}

/** On a timeout: SIGTERM (the TS programs print their progress), then the stderr tails. */
async function diagnose(...ps: (Proc | null)[]): Promise<string> {
  const live = ps.filter((p): p is Proc => p !== null && p.child.exitCode === null);
  for (const p of live) p.child.kill("SIGTERM");
  await Promise.race([
    Promise.all(live.map((p) => p.exited)),
    new Promise((r) => setTimeout(r, 1500)),
  ]);
  return ps.filter((p): p is Proc => p !== null).map((p) => p.stderr.trim().split("\n").slice(-3).join(" / ")).join(
    " | ",
  );
}

async function stop(p: Proc, ms: number): Promise<void> {
  p.child.stdin!.end();
  const t = setTimeout(() => p.child.kill("SIGKILL"), ms);
  await p.exited;
  clearTimeout(t);
}

let seq = 0;
async function measure(
  impl: Impl,
  cell: Cell,
  count: number,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const parts = cell.variant === "multipart" ? PARTS : 1;
  const id = `${process.pid}-${++seq}`;
  if (cell.wl === "idle") {
    const cmd = impl.command(cell, "idle", [String(count)])!;
    const p = start(cmd);
    try {
      return JSON.parse((await waitLine(p, "RESULT ", timeoutMs)).slice(7));
    } finally {
      await stop(p, 1000);
    }
  }
  const args = (
    ep: string,
  ) => [ep, String(cell.size), String(count), String(parts)];
  if (cell.transport === "inproc") {
    const p = start(
      impl.command(
        cell,
        cell.wl === "thr" ? "inproc-thr" : "inproc-lat",
        args(`inproc://bench-${id}`),
      )!,
    );
    try {
      return JSON.parse((await waitLine(p, "RESULT ", timeoutMs)).slice(7));
    } catch (e) {
      throw new Error(`${(e as Error).message}; stderr: ${await diagnose(p)}`);
    } finally {
      await stop(p, 2000);
    }
  }
  const ipcPath = `/tmp/zmq-bench-${id}.ipc`;
  const ep = cell.transport === "tcp" ? "tcp://127.0.0.1:*" : `ipc://${ipcPath}`;
  const bindRole = cell.wl === "thr" ? "thr-pull" : "lat-rep";
  const connectRole = cell.wl === "thr" ? "thr-push" : "lat-req";
  const bound = start(impl.command(cell, bindRole, args(ep))!);
  let connected: Proc | null = null;
  try {
    const endpoint = (await waitLine(bound, "READY ", 30_000)).slice(6).trim();
    connected = start(impl.command(cell, connectRole, args(endpoint))!);
    const measuring = cell.wl === "thr" ? bound : connected;
    return JSON.parse(
      (await waitLine(measuring, "RESULT ", timeoutMs)).slice(7),
    );
  } catch (e) {
    throw new Error(
      `${(e as Error).message}; stderr: ${await diagnose(bound, connected)}`,
    );
  } finally {
    await stop(bound, 3000);
    if (connected) await stop(connected, 3000);
    rmSync(ipcPath, { force: true });
  }
}

// --- statistics and tables --------------------------------------------------------------------

// The medians per cell and implementation, and the number formats, are in summary.ts (shared with
// charts.ts and its test).
const cellKey = (c: Cell) =>
  c.wl === "idle" ? "idle" : `${c.wl}:${c.transport}:${c.size}${c.variant === "plain" ? "" : ":" + c.variant}`;

function cellOrder(a: string, b: string): number {
  return cells.findIndex((c) => cellKey(c) === a) -
    cells.findIndex((c) => cellKey(c) === b);
}

function table(sums: Summary[]): string {
  const lines: string[] = [];
  const implNames = IMPLS.map((i) => i.name).filter((n) => sums.some((s) => s.impl === n));
  const byWl = (wl: string) =>
    [...new Set(sums.filter((s) => s.cell.startsWith(wl)).map((s) => s.cell))]
      .sort(cellOrder);
  const sections: [string, string][] = [
    [
      "thr",
      "Throughput PUSH->PULL, msgs/s median [MB/s at >= 1 KiB] (x C, x zeromq.js)",
    ],
    [
      "lat",
      "REQ/REP round trip, mean µs median [p50/p99] (x C, x zeromq.js; > 1 = slower)",
    ],
  ];
  for (const [wl, title] of sections) {
    const rows = byWl(wl);
    if (rows.length === 0) continue;
    const cols = implNames.filter((n) => sums.some((s) => s.impl === n && s.cell.startsWith(wl)));
    lines.push(
      `#### ${title}`,
      "",
      `| cell | ${cols.join(" | ")} |`,
      `|---|${cols.map(() => "---").join("|")}|`,
    );
    for (const row of rows) {
      const [, transport, size, variant] = row.split(":");
      const label = `${transport} ${fmtSize(Number(size))}${variant ? " " + variant : ""}`;
      const cellsOut = cols.map((impl) => {
        const s = sums.find((x) => x.cell === row && x.impl === impl);
        if (!s) return "-";
        const v = wl === "thr"
          ? fmtRate(s.median) +
            (Number(size) >= 1024 ? ` ${s.mbps!.toFixed(0)}MB/s` : "")
          : `${s.median.toFixed(1)} [${s.p50!.toFixed(0)}/${s.p99!.toFixed(0)}]`;
        const r = [
          s.x_c !== undefined ? `${s.x_c.toFixed(2)}C` : "",
          s.x_zeromqjs !== undefined ? `${s.x_zeromqjs.toFixed(2)}z` : "",
        ]
          .filter(Boolean).join(" ");
        return r ? `${v} (${r})` : v;
      });
      lines.push(`| ${label} | ${cellsOut.join(" | ")} |`);
    }
    lines.push("");
  }
  const idle = sums.filter((s) => s.cell === "idle");
  if (idle.length) {
    lines.push(
      "#### Idle: CPU of a process awaiting one receive with no traffic (% of one core, median)",
      "",
    );
    lines.push(
      `| ${idle.map((s) => s.impl).join(" | ")} |`,
      `|${idle.map(() => "---").join("|")}|`,
    );
    lines.push(
      `| ${idle.map((s) => `${s.median.toFixed(3)} %`).join(" | ")} |`,
      "",
    );
  }
  return lines.join("\n");
}

function targets(
  sums: Summary[],
  overhead: Record<string, unknown>[],
): string[] {
  const get = (cell: string, impl: string) => sums.find((s) => s.cell === cell && s.impl === impl);
  const out: string[] = [];
  const line = (what: string, value: string, ok: boolean | null) =>
    out.push(
      `- ${ok === null ? "n/a " : ok ? "MET " : "MISS"} ${what}: ${value}`,
    );
  for (const rt of ["deno", "bun"]) {
    const a = get("thr:tcp:64", `${rt}-async`),
      z = get("thr:tcp:64", "zeromqjs");
    if (a) {
      const ratio = z ? a.median / z.median : NaN;
      line(
        `${rt} async 64 B tcp throughput >= 2x zeromq.js (0.37M anchor)`,
        `${fmtRate(a.median)}/s = ${z ? ratio.toFixed(2) + "x zeromq.js in this run" : "no zeromq.js"}, ${
          (a.median / 0.37e6).toFixed(2)
        }x anchor`,
        z ? ratio >= 2 : a.median >= 0.74e6,
      );
    }
    const l = get("lat:tcp:64", `${rt}-async`),
      zl = get("lat:tcp:64", "zeromqjs");
    const lm = get("lat:tcp:64", `${rt}-async-lm`);
    if (l) {
      line(
        `${rt} async cross-process RTT (tcp 64 B) <= 1.25x zeromq.js`,
        `${l.median.toFixed(0)} µs${
          zl ? ` = ${(l.median / zl.median).toFixed(2)}x zeromq.js (${zl.median.toFixed(0)} µs)` : ""
        }` +
          (lm
            ? `; latency mode 200 µs: ${lm.median.toFixed(0)} µs${
              zl ? ` = ${(lm.median / zl.median).toFixed(2)}x` : ""
            }`
            : ""),
        zl ? l.median <= 1.25 * zl.median : null,
      );
    }
    const ip = get("lat:inproc:64", `${rt}-async`);
    if (ip) {
      line(
        `${rt} in-process RTT (inproc, both ends async) <= 15 µs`,
        `${ip.median.toFixed(1)} µs`,
        ip.median <= 15,
      );
    }
    for (const size of [1024, 65536]) {
      for (const tr of ["tcp", "ipc"]) {
        const x = get(`thr:${tr}:${size}`, `${rt}-async`);
        if (x?.x_c !== undefined) {
          line(
            `${rt} async ${fmtSize(size)} ${tr} throughput >= 0.9x C`,
            `${x.x_c.toFixed(2)}x C`,
            x.x_c >= 0.9,
          );
        }
      }
    }
    // Issue 15: latency mode against its floor (the raw DONTWAIT + JS-thread ppoll loop).
    const floor = get("lat:tcp:64", `${rt}-rawpoll`);
    if (lm && floor) {
      line(
        `${rt} latency mode tcp round trip within 1.1x of its floor (${rt}-rawpoll)`,
        `${lm.median.toFixed(0)} vs ${floor.median.toFixed(0)} µs = ${(lm.median / floor.median).toFixed(2)}x`,
        lm.median <= 1.1 * floor.median,
      );
    }
    // Issue 16: large and 1 KiB frames against C, the better of receive() and receiveInto().
    const best = (cell: string) => {
      const xs = [`${rt}-async`, `${rt}-into`, `${rt}-try`, `${rt}-tryinto`].map((impl) => get(cell, impl))
        .filter((x) => x?.x_c !== undefined);
      return xs.length ? xs.reduce((a, b) => (b!.x_c! > a!.x_c! ? b : a))! : undefined;
    };
    const big = best("thr:inproc:65536");
    const zbig = get("thr:inproc:65536", "zeromqjs");
    if (big) {
      line(
        `${rt} inproc 64 KiB throughput >= zeromq.js and >= 1.5x C (best of the library's rows)`,
        `${big.impl}: ${big.x_c!.toFixed(2)}x C${zbig ? `, ${(big.median / zbig.median).toFixed(2)}x zeromq.js` : ""}`,
        big.x_c! >= 1.5 && (!zbig || big.median >= zbig.median),
      );
    }
    for (const [size, want] of [[65536, 1.0], [1024, 0.95]] as const) {
      for (const tr of size === 1024 ? ["tcp", "ipc"] : ["inproc", "tcp", "ipc"]) {
        const x = best(`thr:${tr}:${size}`);
        if (x) {
          line(
            `${rt} ${fmtSize(size)} ${tr} throughput >= ${want.toFixed(2)}x C (best of the library's rows)`,
            `${x.impl}: ${x.x_c!.toFixed(2)}x C`,
            x.x_c! >= want,
          );
        }
      }
    }
    const idle = get("idle", `${rt}-async`);
    if (idle) {
      line(
        `${rt} idle CPU < 0.5 %`,
        `${idle.median.toFixed(3)} %`,
        idle.median < 0.5,
      );
    }
    const oh = overhead.filter((o) => o.runtime === rt);
    const limit = rt === "deno" ? 25 : 15;
    for (const o of oh) {
      if (typeof o.overhead_ns !== "number") continue;
      line(
        `${rt} per-call overhead of ${o.name} within ${limit} ns of raw FFI`,
        `${(o.overhead_ns as number).toFixed(1)} ns (${(o.lib_ns as number).toFixed(1)} vs ${
          (o.raw_ns as number).toFixed(1)
        } ns)`,
        (o.overhead_ns as number) <= limit,
      );
    }
  }
  return out;
}

interface RunFacts {
  runs: number;
  errors: number;
  rounds: number;
  loadStart: number[];
  loadEnd: number[];
  cpus: number;
  file: string;
}

function printReport(
  sums: Summary[],
  overhead: Record<string, unknown>[],
  mode: Mode,
  facts: RunFacts,
): void {
  const { runs, errors, rounds } = facts;
  const spreads = sums.filter((s) => s.n > 1).map((s) => s.spread);
  console.log("");
  console.log(table(sums));
  if (overhead.length) {
    console.log(
      "#### Per-call overhead, ns per call (median of runs; lib - raw)\n",
    );
    console.log(
      "| runtime | case | raw FFI | library | overhead |\n|---|---|---|---|---|",
    );
    const ns = (v: unknown) => typeof v === "number" ? v.toFixed(1) : "-";
    for (const o of overhead) {
      if (o.error) continue;
      console.log(
        `| ${o.runtime} | ${o.name} | ${ns(o.raw_ns)} | ${ns(o.lib_ns)} | ${ns(o.overhead_ns)} |`,
      );
    }
    console.log("");
  }
  console.log("#### Targets (issues 3, 7, 15 and 16)\n");
  if (mode === "quick") {
    console.log(
      "(quick mode: runs of a few ms, dominated by start-up and JIT warm-up; judge targets with --medium or full)\n",
    );
  }
  for (const l of targets(sums, overhead)) console.log(l);
  console.log("");
  console.log(
    `Noise: ${runs} runs, ${errors} errors, ${rounds} round(s) interleaved (every implementation once per cell per round). ` +
      (spreads.length
        ? `The same cell varied between rounds by a median of ${(median(spreads) * 100).toFixed(0)} % (max ${
          (Math.max(...spreads) * 100).toFixed(0)
        } %) of its median. `
        : "One round: no spread measured. ") +
      `Load average ${facts.loadStart.join("/")} at start, ${facts.loadEnd.join("/")} at end on ${facts.cpus} CPUs` +
      " — other work on the machine shows up directly in these figures; differences under ~20 % are not meaningful.",
  );
  console.log(`Raw runs and summaries: ${facts.file}`);
}

/** The charts of a results file (see the header); a failure is reported and does not stop the report. */
function writeCharts(records: Record<string, unknown>[], file: string): void {
  if (flag("no-charts") !== undefined) return;
  try {
    const dir = flag("charts") || dirname(file);
    mkdirSync(dir, { recursive: true });
    const written = chartsOfRun(records, basename(file).replace(/\.jsonl$/, "")).map((c) => {
      const path = join(dir, c.file);
      writeFileSync(path, c.svg);
      return path;
    });
    if (written.length) console.error(`Charts: ${written.join(" ")}`);
  } catch (e) {
    console.error(`charts not written: ${(e as Error).message ?? e}`);
  }
}

// --- main -------------------------------------------------------------------------------------

// --report=FILE: print the tables and targets of a finished run from its JSONL file, run nothing.
const reportFile = flag("report");
const reportRecords: Record<string, unknown>[] | null = reportFile
  ? parseRecords(readFileSync(reportFile, "utf8"))
  : null;
const reportMeta = reportRecords?.find((r) => r.kind === "meta");
if (reportRecords && !reportMeta) {
  console.error(
    `${reportFile}: no "meta" line; not a bench/run.ts result file`,
  );
  process.exit(2);
}
const cells: Cell[] = reportMeta ? (reportMeta.cells as string[]).map(parseCell) : flag("cells") === "none"
  ? [] // --cells=none: only the per-call overhead
  : (flag("cells") ? flag("cells")!.split(",") : PRESETS[mode]).map(parseCell);
if (reportRecords) {
  const recs = reportRecords.filter((r) => r.round !== undefined);
  const sums = summarize(recs);
  const overhead = reportRecords.filter((r) => r.kind === "overhead");
  const end = reportRecords.find((r) => r.kind === "end");
  const m = reportMeta!.machine as { loadavg_start: number[]; cpus: number };
  printReport(sums, overhead, reportMeta!.mode as Mode, {
    runs: recs.filter((r) => r.error === undefined).length,
    errors: recs.filter((r) => r.error !== undefined).length,
    rounds: reportMeta!.rounds as number,
    loadStart: m.loadavg_start,
    loadEnd: (end?.loadavg_end as number[] | undefined) ?? [],
    cpus: m.cpus,
    file: reportFile!,
  });
  writeCharts(reportRecords, reportFile!);
  process.exit(0);
}
const rounds = Number(flag("rounds") ?? (mode === "quick" ? 1 : 3));
// --scale=F multiplies every cell's message count (not idle seconds): how much a figure owes to
// the length of the run (start-up, JIT, first use of memory) shows as its change with F.
const scale = Number(flag("scale") ?? 1);
if (!(scale > 0)) {
  console.error(`--scale must be a positive number, not ${flag("scale")}`);
  process.exit(2);
}
const implFilter = flag("impls")?.split(",");
const impls = IMPLS.filter((i) => !implFilter || implFilter.includes(i.name));
const date = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
mkdirSync(join(BENCH, "results"), { recursive: true });
const outFile = flag("out") ?? join(BENCH, "results", `${mode}-${date}.jsonl`);
writeFileSync(outFile, "");
const records: Record<string, unknown>[] = [];
const emit = (r: Record<string, unknown>) => {
  records.push(r);
  appendFileSync(outFile, JSON.stringify(r) + "\n");
};

const versions = {
  deno: DENO ? spawnSync(DENO, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0] : null,
  bun: BUN ? spawnSync(BUN, ["--version"], { encoding: "utf8" }).stdout.trim() : null,
  node: NODE ? spawnSync(NODE, ["--version"], { encoding: "utf8" }).stdout.trim() : null,
};
const machine = {
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model,
  mem_gib: +(totalmem() / 2 ** 30).toFixed(1),
  loadavg_start: loadavg().map((x) => +x.toFixed(2)),
};
emit({
  kind: "meta",
  mode,
  rounds,
  cells: cells.map(cellKey),
  impls: impls.map((i) => i.name),
  versions,
  machine,
  started: new Date().toISOString(),
});
console.log(
  `mode ${mode}: ${rounds} round(s), ${cells.length} cells; load average ${
    machine.loadavg_start.join(" ")
  }; results -> ${outFile}`,
);

const available = impls.filter((i) => {
  const why = i.unavailable();
  if (why) {
    console.log(`skip ${i.name}: ${why}`);
    emit({ kind: "skip", impl: i.name, reason: why });
  }
  return !why;
});

const t0 = performance.now();
for (let round = 1; round <= rounds; round++) {
  for (const cell of cells) {
    const c = COUNTS[mode];
    const count = cell.wl === "idle" ? c.idleS : cell.wl === "thr"
      ? Math.max(
        100,
        Math.floor(
          scale * c.thr(cell.size) / (cell.variant === "multipart" ? PARTS : 1),
        ),
      )
      : Math.max(10, Math.floor(scale * c.lat(cell.size)));
    const timeoutMs = cell.wl === "idle" ? count * 1000 + 30_000 : mode === "quick" ? 30_000 : 180_000;
    for (const impl of available) {
      if (!impl.command(cell, "thr-pull", ["x"])) continue;
      const base = {
        round,
        cell: cellKey(cell),
        impl: impl.name,
        wl: cell.wl,
        transport: cell.transport,
        size: cell.size,
        variant: cell.variant,
        count,
      };
      const tStart = performance.now();
      try {
        const r = await measure(impl, cell, count, timeoutMs);
        emit({
          ...base,
          ...r,
          wall_s: +((performance.now() - tStart) / 1000).toFixed(2),
        });
      } catch (e) {
        emit({
          ...base,
          error: String((e as Error).message ?? e).slice(0, 800),
        });
        console.log(
          `  error ${cellKey(cell)} ${impl.name}: ${String((e as Error).message).slice(0, 300)}`,
        );
      }
    }
    process.stdout.write(
      `round ${round}/${rounds} ${cellKey(cell)} done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
    );
  }
}

// Per-call overhead (try-ops vs raw FFI), both runtimes, same timing loop.
const overhead: Record<string, unknown>[] = [];
if (flag("no-overhead") === undefined) {
  for (const rt of ["deno", "bun"] as const) {
    if (
      !(rt === "deno" ? DENO : BUN) ||
      (implFilter && !implFilter.some((n) => n.startsWith(rt)))
    ) continue;
    const cmd = runtimeCmd(rt, "overhead.bench.ts");
    const r = spawnSync(
      cmd[0],
      cmd.slice(1).concat(mode === "quick" ? ["--quick"] : []),
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, BENCH_LOOP: "1" },
        timeout: 300_000,
      },
    );
    for (const l of r.stdout.split("\n")) {
      if (!l.startsWith("RESULT ")) continue;
      const o = { kind: "overhead", runtime: rt, ...JSON.parse(l.slice(7)) };
      overhead.push(o);
      emit(o);
    }
    if (r.status !== 0) {
      emit({ kind: "overhead", runtime: rt, error: r.stderr.slice(-800) });
    }
  }
}

const sums = summarize(records.filter((r) => r.round !== undefined));
for (const s of sums) emit({ kind: "summary", ...s });
const all = records.filter((r) => r.round !== undefined && r.error === undefined);
const loadEnd = loadavg().map((x) => +x.toFixed(2));
const errors = records.filter((r) => r.error !== undefined).length;
emit({
  kind: "end",
  runs: all.length,
  errors,
  loadavg_end: loadEnd,
  seconds: +((performance.now() - t0) / 1000).toFixed(1),
});

printReport(sums, overhead, mode, {
  runs: all.length,
  errors,
  rounds,
  loadStart: machine.loadavg_start,
  loadEnd: loadEnd,
  cpus: machine.cpus,
  file: outFile,
});
writeCharts(records, outFile);
process.exit(0);
