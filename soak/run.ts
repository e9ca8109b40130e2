/**
 * Runs the fault and soak scenarios at full length (`npm run soak`), each in a process of its own
 * so every scenario's memory figures are its own, and prints one line of figures per scenario.
 *
 *   deno run -A soak/run.ts [--scale ci|full] [scenario...]     (bun soak/run.ts ... alike)
 *
 * Scenario names: order, kill, partition, slow, chaos, gc, fuzz, hostile, workers, frames (default: all).
 * Exit code 1 if any scenario failed.
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { SCENARIOS } from "./scenarios.ts";
import { type Figures, runtime, type Scale } from "./lib.ts";

const argv = process.argv.slice(2);
let scale: Scale = "full";
let one: string | null = null;
const names: string[] = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--scale") scale = argv[++i] as Scale;
  else if (argv[i] === "--one") one = argv[++i];
  else names.push(argv[i]);
}
if (scale !== "ci" && scale !== "full") throw new Error(`--scale must be ci or full, not ${scale}`);

if (one !== null) {
  // Child: run one scenario, print its figures as the last line.
  const scenario = SCENARIOS[one];
  if (!scenario) throw new Error(`unknown scenario ${one}; known: ${Object.keys(SCENARIOS).join(", ")}`);
  const figures = await scenario.run(scale);
  console.log(`FIGURES ${JSON.stringify(figures)}`);
} else {
  const list = names.length ? names : Object.keys(SCENARIOS);
  for (const name of list) {
    if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(", ")}`);
  }
  console.log(`soak: ${runtime} ${scale}, scenarios: ${list.join(", ")}`);
  let failed = 0;
  for (const name of list) {
    const limit = SCENARIOS[name].limitMs[scale];
    const self = new URL(import.meta.url).pathname;
    const args = runtime === "deno"
      ? ["run", "-A", "--v8-flags=--expose-gc", self, "--one", name, "--scale", scale]
      : [self, "--one", name, "--scale", scale];
    const t0 = performance.now();
    const result = await new Promise<{ code: number | null; figures: Figures | null; tail: string }>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout!.on("data", (c: Uint8Array) => out += new TextDecoder().decode(c));
      child.stderr!.on("data", (c: Uint8Array) => err += new TextDecoder().decode(c));
      const timer = setTimeout(() => {
        err += `\nsoak: killed after ${limit} ms`;
        child.kill("SIGKILL");
      }, limit);
      child.on("close", (code) => {
        clearTimeout(timer);
        const line = out.split("\n").find((l) => l.startsWith("FIGURES "));
        resolve({ code, figures: line ? JSON.parse(line.slice(8)) : null, tail: (out + err).slice(-3000) });
      });
    });
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (result.code === 0 && result.figures) {
      const f = result.figures;
      const peaks = Object.entries(f.peakRssMiB).map(([k, v]) => `${k} ${v}`).join(", ");
      console.log(
        `PASS ${runtime} ${f.scenario}: messages ${f.messages}, lost ${f.lost}, ` +
          `duration ${(f.durationMs / 1000).toFixed(1)} s, peak RSS MiB: ${peaks}`,
      );
      for (const note of f.notes) console.log(`     ${note}`);
    } else {
      failed++;
      console.log(`FAIL ${runtime} ${name} (exit ${result.code}, ${seconds} s)\n${result.tail}`);
    }
  }
  console.log(`soak ${runtime}: ${list.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
