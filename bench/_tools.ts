/**
 * What the benchmark orchestrators (run.ts, budget_cost.ts, wake/run.ts) share: finding the
 * runtimes, reading their options, and the commit a run measured. node: modules only (Deno and Bun).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** `--name=value` in argv: the value, "" for a bare `--name`, undefined when absent. */
export function option(argv: readonly string[], name: string): string | undefined {
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (hit === undefined) return undefined;
  return hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : "";
}

/** A command's path: the repository's own tools/node_modules/.bin first, then PATH; null if absent. */
export function which(cmd: string): string | null {
  const local = join(ROOT, "tools", "node_modules", ".bin", cmd);
  if (existsSync(local)) return local;
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * The commit the library ran at: `git rev-parse --short HEAD`, plus `+dirty.<hash>` (a hash of
 * `git diff HEAD -- src mod.ts`) when the library's source differs from it. Take it per run: the
 * source may change while a long run goes on.
 */
export function commit(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  const diff = spawnSync("git", ["diff", "HEAD", "--", "src", "mod.ts"], { cwd: ROOT, encoding: "utf8" });
  const short = (head.stdout ?? "").trim() || "unknown";
  const d = diff.stdout ?? "";
  return d.trim() ? `${short}+dirty.${createHash("sha1").update(d).digest("hex").slice(0, 7)}` : short;
}
