/**
 * Idle CPU: a process whose only work is one pending `receive()` on a socket that gets no
 * traffic, for SECONDS (default 5). Reports the CPU it used during that window (process.cpuUsage,
 * and the scheduler's per-thread counters as a cross-check) and since start-up.
 *
 * Usage: deno run -A bench/idle.ts [SECONDS]   (or: bun bench/idle.ts [SECONDS])
 */
import process from "node:process";
import { Pull } from "../mod.ts";
import { result, runtime, schedCpuMs } from "./_common.ts";

const seconds = Number(
  process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 5,
);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const pull = new Pull({ linger: 0 });
pull.bind("tcp://127.0.0.1:*");
const pending = pull.receive({ timeout: seconds * 1000 }).catch((e) => e);
// Let the receive park (eager try, zero-timeout poll, helper thread) before the window opens.
await new Promise((r) => setTimeout(r, 50));
const c0 = cpuMs(), s0 = schedCpuMs(), t0 = performance.now();
const outcome = await pending;
const wall = performance.now() - t0;
const c1 = cpuMs(), s1 = schedCpuMs();
pull.close();
if (!(outcome instanceof DOMException && outcome.name === "TimeoutError")) {
  console.error("idle: the receive did not time out:", outcome);
  process.exit(1);
}
result({
  kind: "idle",
  runtime,
  wall_ms: +wall.toFixed(1),
  cpu_ms: +(c1 - c0).toFixed(2),
  cpu_pct: +((c1 - c0) / wall * 100).toFixed(3),
  sched_cpu_ms: s0 === null || s1 === null ? null : +(s1 - s0).toFixed(2),
  sched_cpu_pct: s0 === null || s1 === null ? null : +((s1 - s0) / wall * 100).toFixed(3),
  total_cpu_ms: +c1.toFixed(1),
});
process.exit(0);
