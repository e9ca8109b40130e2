/**
 * Throughput through a proxy: PUSH -> streamer -> PULL over tcp, 64 B and 64 KiB messages, next
 * to the same topology with no proxy and with a native C `zmq_proxy` process, in one run,
 * interleaved rounds, medians.
 *
 *   deno run -A bench/proxy.ts [--rounds 5] [--small 500000] [--large 10000]
 *   bun bench/proxy.ts [--rounds 5] [--small 500000] [--large 10000]
 *
 * The source (PUSH) and the sink (PULL) are separate processes, C ones built from
 * bench/proxy_c.c into .cache/ when `cc` and zmq.h exist (so the proxy is what is measured),
 * else this script in "source"/"sink" mode. The sink times its messages from the first to the
 * last. Variants: "none" (source -> sink), "js" (this library's streamer(): libzmq's proxy on a
 * helper thread of this process), "c" (a C process running zmq_proxy).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { Pull, Push, streamer } from "../mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const isDeno = "Deno" in globalThis;
const argv: string[] = isDeno
  ? (globalThis as unknown as { Deno: { args: string[] } }).Deno.args
  : process.argv.slice(2);

function option(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

/** The command line running this script under the current runtime. */
function self(...args: string[]): string[] {
  const script = new URL(import.meta.url).pathname;
  return isDeno ? [process.execPath, "run", "-A", script, ...args] : [process.execPath, script, ...args];
}

// --- the benchmark --------------------------------------------------------------------------------

/** A child process with line-based stdout. */
class Child {
  readonly process: ChildProcess;
  #lines: string[] = [];
  #waiting: ((line: string) => void) | null = null;
  #stderr = "";
  constructor(args: string[]) {
    this.process = spawn(args[0], args.slice(1), {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffer = "";
    this.process.stdout!.on("data", (chunk: Uint8Array) => {
      buffer += new TextDecoder().decode(chunk);
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (this.#waiting) {
          const w = this.#waiting;
          this.#waiting = null;
          w(line);
        } else this.#lines.push(line);
      }
    });
    this.process.stderr!.on(
      "data",
      (chunk: Uint8Array) => this.#stderr += new TextDecoder().decode(chunk),
    );
  }
  /** The value of the next line starting with `label`. */
  async value(label: string): Promise<string> {
    for (;;) {
      const line = this.#lines.shift() ??
        await new Promise<string>((resolve, reject) => {
          this.#waiting = resolve;
          // "close", not "exit": stdout may still hold the line when the process has exited.
          this.process.once(
            "close",
            (code) =>
              reject(
                new Error(`${label}: child exited (${code}): ${this.#stderr}`),
              ),
          );
        });
      if (line.startsWith(label + " ")) return line.slice(label.length + 1);
    }
  }
  exited(): Promise<void> {
    if (this.process.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.process.once("exit", () => resolve()));
  }
}

function buildNative(): string | null {
  const binary = `${ROOT}.cache/proxy_c`;
  if (
    spawnSync("sh", ["-c", "command -v cc"]).status !== 0 ||
    !existsSync("/usr/include/zmq.h")
  ) return null;
  mkdirSync(`${ROOT}.cache`, { recursive: true });
  const cc = spawnSync("cc", [
    "-O2",
    "-o",
    binary,
    `${ROOT}bench/proxy_c.c`,
    "-lzmq",
  ], { encoding: "utf8" });
  if (cc.status !== 0) {
    console.log(
      `# building bench/proxy_c.c failed, no native baseline: ${cc.stderr}`,
    );
    return null;
  }
  return binary;
}

type Variant = "none" | "js" | "c";

async function round(
  variant: Variant,
  size: number,
  count: number,
  native: string | null,
): Promise<number> {
  const source = (endpoint: string) =>
    new Child(
      native ? [native, "source", endpoint, `${size}`, `${count}`] : self("source", endpoint, `${size}`, `${count}`),
    );
  const sink = (mode: string, endpoint: string) =>
    new Child(
      native ? [native, "sink", mode, endpoint, `${count}`] : self("sink", mode, endpoint, `${count}`),
    );
  let elapsed: number;
  if (variant === "none") {
    const pull = sink("bind", "tcp://127.0.0.1:*");
    const endpoint = await pull.value("ready");
    const push = source(endpoint);
    elapsed = Number(await pull.value("elapsed"));
    await push.exited();
  } else if (variant === "js") {
    const device = streamer("tcp://127.0.0.1:*", "tcp://127.0.0.1:*");
    const pull = sink("connect", device.endpoints.backend[0]);
    await pull.value("ready");
    const push = source(device.endpoints.frontend[0]);
    elapsed = Number(await pull.value("elapsed"));
    await push.exited();
    await device.stop();
  } else {
    const proxy = new Child([native!, "proxy"]);
    const [frontend, backend] = [
      await proxy.value("frontend"),
      await proxy.value("backend"),
    ];
    const pull = sink("connect", backend);
    await pull.value("ready");
    const push = source(frontend);
    elapsed = Number(await pull.value("elapsed"));
    await push.exited();
    proxy.process.kill("SIGKILL");
    await proxy.exited();
  }
  return (count - 1) / (elapsed / 1e9);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const rounds = option("rounds", 5);
  const counts: Record<number, number> = {
    64: option("small", 500_000),
    65536: option("large", 10_000),
  };
  const native = buildNative();
  const variants: Variant[] = native ? ["none", "js", "c"] : ["none", "js"];
  console.log(
    `# ${isDeno ? "deno" : "bun"} ${
      isDeno
        ? (globalThis as unknown as { Deno: { version: { deno: string } } })
          .Deno.version.deno
        : process.versions.bun
    }, ` +
      `${rounds} rounds, source/sink: ${native ? "C" : "this library"}`,
  );
  for (const size of [64, 65536]) {
    const results: Record<string, number[]> = { none: [], js: [], c: [] };
    for (let r = 0; r < rounds; r++) {
      // Interleaved, rotating the order so no variant always runs first.
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(r + k) % variants.length];
        results[variant].push(await round(variant, size, counts[size], native));
      }
    }
    const m = Object.fromEntries(variants.map((v) => [v, median(results[v])]));
    const fmt = (v: Variant) =>
      `${v.padEnd(5)} ${(m[v] / 1e3).toFixed(0).padStart(7)} k msg/s ${
        (m[v] * size / 1e6).toFixed(0).padStart(6)
      } MB/s` +
      `  [${results[v].map((x) => (x / 1e3).toFixed(0)).join(", ")}]`;
    console.log(`size ${size} B, ${counts[size]} messages, medians:`);
    for (const v of variants) console.log(`  ${fmt(v)}`);
    if (native) {
      console.log(
        `  js / c = ${(m.js / m.c).toFixed(2)}x, js / none = ${(m.js / m.none).toFixed(2)}x`,
      );
    }
  }
}

// --- fallback source and sink (when there is no C compiler) ---------------------------------------

if (argv[0] === "source") {
  const [endpoint, size, count] = [argv[1], Number(argv[2]), Number(argv[3])];
  const push = new Push({ linger: -1 });
  push.connect(endpoint);
  const payload = new Uint8Array(size);
  for (let i = 0; i < count; i++) {
    if (!push.trySend(payload)) await push.send(payload);
  }
  push.close();
} else if (argv[0] === "sink") {
  const [mode, endpoint, count] = [argv[1], argv[2], Number(argv[3])];
  const pull = new Pull();
  console.log(
    `ready ${mode === "bind" ? pull.bind(endpoint) : (pull.connect(endpoint), endpoint)}`,
  );
  let first = 0n;
  let n = 0;
  for await (const _ of pull) {
    if (n === 0) first = process.hrtime.bigint();
    if (++n === count) break;
  }
  console.log(`elapsed ${process.hrtime.bigint() - first}`);
  pull.close();
} else {
  await main();
}
