/**
 * Large messages in one process (issue 16): PUSH -> PULL over inproc, a freshly made buffer for
 * every message, every frame checked (length and its first and last byte), as the issue measured.
 *
 *   deno run -A bench/large.ts [--rounds=N] [--sizes=65536,4194304] [--quick]
 *       runs every row below, interleaved, N rounds (default 5), and prints medians in GB/s
 *   deno run -A bench/large.ts --one MODE SIZE COUNT     (one measurement; prints GB/s)
 *
 * Rows (each a process of its own):
 *   deno/bun copy          await send(buffer), both sockets async on the JS thread
 *   deno/bun transfer      await send(buffer, { transfer: true }): the buffer is handed over;
 *                          from 2 MiB sent without a copy (main thread)
 *   deno/bun worker-copy   the same PUSH on the main thread, the PULL in a Worker on the shared
 *   deno/bun worker-transfer  context (between Workers: bench item 3 of the issue)
 *   pyzmq zero-copy        bench/large_pyzmq.py: copy=False both ways, sender and receiver threads
 */
import process from "node:process";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Context, Pull, Push } from "../mod.ts";
import { median } from "./summary.ts";

type Mode = "copy" | "transfer" | "worker-copy" | "worker-transfer";
const MODES: Mode[] = ["copy", "transfer", "worker-copy", "worker-transfer"];
const argv = process.argv.slice(2);

function fresh(i: number, size: number): Uint8Array {
  const b = new Uint8Array(size);
  b[0] = i & 0xff;
  b[size - 1] = (i * 7) & 0xff;
  return b;
}
function check(f: Uint8Array, i: number, size: number): void {
  if (f.byteLength !== size || f[0] !== (i & 0xff) || f[size - 1] !== ((i * 7) & 0xff)) {
    throw new Error(`frame ${i} is wrong`);
  }
}

/** The Worker side of worker-*: receives COUNT frames on the shared context, checks each. */
const WORKER = (mod: string) => `
import { Context, Pull } from ${JSON.stringify(mod)};
self.onmessage = async (e) => {
  const { context, endpoint, size, count } = e.data;
  const pull = new Pull({ context: Context.fromHandle(context) });
  pull.connect(endpoint);
  self.postMessage("ready");
  for (let i = 0; i < count; i++) {
    const [f] = await pull.receive();
    if (f.byteLength !== size || f[0] !== (i & 0xff) || f[size - 1] !== ((i * 7) & 0xff)) throw new Error("frame " + i);
  }
  pull.close();
  self.postMessage("done");
};`;

async function one(mode: Mode, size: number, count: number): Promise<number> {
  const context = new Context();
  const push = new Push({ context });
  const transfer = mode.endsWith("transfer");
  const ep = `inproc://large-${process.pid}`;
  push.bind(ep);
  let t0: number;
  if (mode.startsWith("worker")) {
    const url = URL.createObjectURL(
      new Blob([WORKER(new URL("../mod.ts", import.meta.url).href)], { type: "application/javascript" }),
    );
    const worker = new Worker(url, { type: "module" });
    const said: ((s: string) => void)[] = [];
    let failed: (e: unknown) => void = () => {};
    const failure = new Promise<never>((_, reject) => failed = reject);
    worker.onmessage = (e: MessageEvent) => said.shift()?.(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      failed(new Error(`the Worker failed: ${e.message}`));
    };
    const next = () => Promise.race([new Promise<string>((r) => said.push(r)), failure]);
    const ready = next();
    worker.postMessage({ context: context.unsafeAddress, endpoint: ep, size, count });
    await ready;
    const done = next();
    t0 = performance.now();
    for (let i = 0; i < count; i++) await push.send(fresh(i, size), transfer ? { transfer: true } : undefined);
    await done;
    worker.terminate();
  } else {
    const pull = new Pull({ context });
    pull.connect(ep);
    t0 = performance.now();
    for (let i = 0; i < count; i++) {
      await push.send(fresh(i, size), transfer ? { transfer: true } : undefined);
      check((await pull.receive())[0], i, size);
    }
    pull.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  push.close();
  await context.terminate();
  return (size * count) / seconds / 1e9;
}

const countFor = (size: number, quick: boolean) => Math.max(20, Math.round((quick ? 0.5e9 : 2e9) / size));

if (argv[0] === "--one") {
  const [, mode, size, count] = argv;
  if (!MODES.includes(mode as Mode)) throw new Error(`mode: one of ${MODES.join(", ")}`);
  console.log((await one(mode as Mode, Number(size), Number(count))).toFixed(3));
  process.exit(0);
}

const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const rounds = Number(flag("rounds") ?? 5);
const quick = argv.includes("--quick");
const sizes = (flag("sizes") ?? "65536,4194304").split(",").map(Number);
const here = fileURLToPath(new URL(".", import.meta.url));
const tools = `${here}../tools/node_modules/.bin/`;
const rows: { name: string; cmd: (size: number, count: number) => string[] }[] = [];
for (const rt of ["deno", "bun"]) {
  for (const mode of MODES) {
    rows.push({
      name: `${rt} ${mode}`,
      cmd: (size, count) =>
        rt === "deno"
          ? [`${tools}deno`, "run", "-A", `${here}large.ts`, "--one", mode, String(size), String(count)]
          : [`${tools}bun`, `${here}large.ts`, "--one", mode, String(size), String(count)],
    });
  }
}
rows.push({
  name: "pyzmq zero-copy",
  cmd: (size, count) => ["/usr/bin/python3", `${here}large_pyzmq.py`, String(size), String(count)],
});

const results = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  for (const size of sizes) {
    // A different order every round, so slow phases of a noisy machine spread over all rows.
    const order = rows.map((_, i) => (i + round) % rows.length);
    for (const i of order) {
      const [exe, ...args] = rows[i].cmd(size, countFor(size, quick));
      const r = spawnSync(exe, args, { encoding: "utf8", timeout: 300_000 });
      const gbs = Number(r.stdout.trim().split("\n").pop());
      if (r.status !== 0 || !Number.isFinite(gbs)) {
        console.error(`${rows[i].name} ${size}: failed (${r.status}) ${r.stderr.slice(-400)}`);
        continue;
      }
      const key = `${rows[i].name}|${size}`;
      results.set(key, [...(results.get(key) ?? []), gbs]);
    }
  }
  console.error(`round ${round + 1}/${rounds} done`);
}
const label = (n: number) => n >= 1 << 20 ? `${n / (1 << 20)} MiB` : `${n / 1024} KiB`;
console.log(`| GB/s (median of ${rounds}, min-max) | ${sizes.map(label).join(" | ")} |`);
console.log(`|---|${sizes.map(() => "---").join("|")}|`);
for (const row of rows) {
  const cells = sizes.map((size) => {
    const xs = results.get(`${row.name}|${size}`) ?? [];
    if (xs.length === 0) return "-";
    return `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`;
  });
  console.log(`| ${row.name} | ${cells.join(" | ")} |`);
}
