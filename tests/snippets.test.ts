/**
 * Every ```ts block in README.md, examples/README.md and docs/*.md type-checks, and the
 * self-contained ones run and exit 0 under the runtime of the suite.
 *
 * The info string of a block says what is done with it:
 *
 * - ```ts (or ```typescript): a whole program. Type-checked, then run as a subprocess (stdin
 *   closed) that must exit 0 within RUN_DEADLINE_MS.
 * - ```ts check: type-checked only: a fragment that uses variables from the text around it
 *   (declare them in the block, e.g. `declare const socket: Dealer;`), or a program that does not
 *   end by itself (a server).
 * - ```ts ignore: neither (pseudo-code, several files in one block).
 *
 * Any other word after `ts` fails the block's test, so a typo never silently skips a block.
 *
 * A block imports the library as the README does, `from "./mod.ts"` (the package names in
 * package.json and deno.json work too): the extractor points those imports at the repository's
 * mod.ts in the temporary file it writes. The temporary file keeps the block's lines where they
 * were, so an error at line L of it is reported at the line of the Markdown file it came from.
 *
 * Type-checking uses `deno check` (also under Bun: Deno is found like tests/_peers.ts finds the
 * other runtime), once for every block of every file: one process, whose diagnostics are mapped
 * back to the blocks by file name. A syntax error stops `deno check` at the first file it cannot
 * parse, so that block is failed and the rest are checked again without it. Temporary files live
 * in `.cache/snippets/` (gitignored) and are removed as soon as they have been used.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { pathToFileURL } from "node:url";
import { assert, ROOT, runtime, runtimeCommand, test } from "./_harness.ts";

/**
 * The Markdown files whose ```ts blocks are checked (paths from the repository root).
 * `SNIPPETS_SOURCES="a.md b.md"` checks those instead (e.g. a draft of the README).
 */
const SOURCES: string[] = process.env.SNIPPETS_SOURCES?.trim() ? process.env.SNIPPETS_SOURCES.trim().split(/\s+/) : [
  "README.md",
  "examples/README.md",
  ...(existsSync(`${ROOT}docs`)
    ? readdirSync(`${ROOT}docs`).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)
    : []),
];
/** How long a runnable block may take to exit. */
const RUN_DEADLINE_MS = 20_000;
/** The test timeout: the first test also waits for the one `deno check` of every block. */
const TEST_TIMEOUT_MS = 60_000;
/** How long one `deno check` may take (the first in a fresh cache checks the whole library). */
const CHECK_DEADLINE_MS = 45_000;
const CACHE = `${ROOT}.cache/snippets`;
const MOD_URL = pathToFileURL(`${ROOT}mod.ts`).href;

type Mode = "run" | "check" | "ignore";

/** One fenced block. */
interface Block {
  /** The Markdown file, from the repository root. */
  source: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** What to do with it, or null for an unknown info string (the test fails). */
  mode: Mode | null;
  info: string;
  code: string;
  /** The temporary file's base name. */
  name: string;
}

/** The ```ts / ```typescript blocks of a Markdown file. */
function extract(source: string): Block[] {
  const lines = readFileSync(`${ROOT}${source}`, "utf8").split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    let end = i + 1;
    while (
      end < lines.length && !(lines[end].trim().startsWith(fence) && lines[end].trim().replace(/[`~]/g, "") === "")
    ) {
      end++;
    }
    if (lang === "ts" || lang === "typescript") {
      const words = rest.trim().split(/\s+/).filter((w) => w !== "");
      const mode: Mode | null = words.length === 0
        ? "run"
        : words.length === 1 && (words[0] === "check" || words[0] === "ignore")
        ? words[0]
        : null;
      const body = lines.slice(i + 1, end).map((l) => l.startsWith(indent) ? l.slice(indent.length) : l);
      blocks.push({
        source,
        line: i + 1,
        mode,
        info: `${lang} ${rest}`.trim(),
        code: body.join("\n"),
        name: `${source.replace(/[^A-Za-z0-9.]/g, "_")}-${i + 1}.ts`,
      });
    }
    i = end;
  }
  return blocks;
}

/** Import specifiers that mean this library, as a reader would write them. */
function librarySpecifiers(): string[] {
  const names = ["./mod.ts"];
  for (const file of ["package.json", "deno.json"]) {
    try {
      const name = JSON.parse(readFileSync(`${ROOT}${file}`, "utf8")).name;
      if (typeof name === "string" && name !== "") names.push(name, `npm:${name}`, `jsr:${name}`);
    } catch {
      // no such file, or no name: nothing to add
    }
  }
  return names;
}
const SPECIFIERS = librarySpecifiers();

/**
 * The block as a module: imports of the library point at mod.ts, lines stay where they are
 * (line L of the file is line `block.line + L` of the Markdown file), and an `export {}` at the
 * end makes it a module even without imports (blocks never see each other's declarations).
 */
function moduleText(block: Block): string {
  // The specifier of `from "..."`, `import "..."` and `import("...")`.
  const imports = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'\n]+)\2/g;
  const code = block.code.replace(imports, (whole, before: string, quote: string, specifier: string) => {
    const bare = specifier.replace(/@[^/@]*$/, ""); // "zeromq-ffi@0.1.0" and "jsr:@scope/name@^1"
    const ours = SPECIFIERS.includes(specifier) || SPECIFIERS.includes(bare);
    return ours ? `${before}${quote}${MOD_URL}${quote}` : whole;
  });
  return `${code}\nexport {};\n`;
}

/** The deno executable: this one under Deno; under Bun, tools/node_modules/.bin/deno or the one on PATH. */
function denoExecutable(): string | null {
  if (runtime === "deno") return process.execPath;
  const local = `${ROOT}tools/node_modules/.bin/deno`;
  if (existsSync(local)) return local;
  const found = spawnSync("which", ["deno"]).stdout?.toString().trim();
  return found ? found : null;
}

interface Output {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a command (stdin closed), killing it after `deadline` ms. */
function execute(argv: string[], deadline: number, env: Record<string, string> = {}): Promise<Output> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.setEncoding("utf8").on("data", (c: string) => stdout += c);
    child.stderr!.setEncoding("utf8").on("data", (c: string) => stderr += c);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, deadline);
    child.on("error", (e) => stderr += `\n[could not start ${argv[0]}: ${e.message}]`);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** A temporary directory under .cache/snippets, for one use. */
function scratch(): string {
  mkdirSync(CACHE, { recursive: true });
  return mkdtempSync(`${CACHE}/${runtime}-`);
}

/** Removes what a run that was killed left behind (older than any run or check can take). */
function sweepStale(): void {
  if (!existsSync(CACHE)) return;
  for (const entry of readdirSync(CACHE)) {
    const path = `${CACHE}/${entry}`;
    if (Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { recursive: true, force: true });
  }
}

/** Rewrites locations in the temporary files ("file:///…/README.md-22.ts:3:7") as Markdown lines ("README.md:25:7"). */
function relocate(text: string, blocks: Map<string, Block>): string {
  return text.replace(
    /(?:file:\/\/)?\/[^\s:]*\/([^/\s:]+\.ts):(\d+):(\d+)/g,
    (whole, name: string, l: string, c: string) => {
      const block = blocks.get(name);
      return block ? `${block.source}:${block.line + Number(l)}:${c}` : whole;
    },
  );
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Splits `deno check` output into diagnostics, each with the temporary files it points at. */
function diagnostics(output: string, blocks: Map<string, Block>): { text: string; files: string[]; syntax: boolean }[] {
  const out: { text: string; files: string[]; syntax: boolean }[] = [];
  const clean = output
    .replace(ANSI, "") // NO_COLOR is set; in case a deno ignores it
    .replace(/\nStack backtrace:[\s\S]*?(?=\n\S|$)/g, "")
    .replace(/^Found \d+ errors?\.$/gm, "");
  for (const chunk of clean.split(/\n(?=TS\d+ \[ERROR\]|error: )/)) {
    const text = chunk.trim();
    if (!/^(TS\d+ \[ERROR\]|error: )/.test(text)) continue;
    if (/^error: Type checking failed/.test(text)) continue;
    const files = [...text.matchAll(/([^/\s:]+\.ts):\d+:\d+/g)].map((m) => m[1]).filter((n) => blocks.has(n));
    out.push({ text, files: [...new Set(files)], syntax: !text.startsWith("TS") });
  }
  return out;
}

/** The outcome of type-checking: each block's errors ("" when it passed). */
type CheckResult = Map<string, string>;

/**
 * Type-checks every block that is checked, with as few `deno check` runs as possible: one, plus
 * one more for each block `deno check` cannot parse.
 */
async function checkAll(blocks: Block[]): Promise<CheckResult> {
  const result: CheckResult = new Map();
  const byName = new Map(blocks.map((b) => [b.name, b]));
  const deno = denoExecutable();
  if (deno === null) {
    for (const b of blocks) {
      result.set(b.name, "deno was not found (tools/node_modules/.bin/deno or PATH): cannot type-check");
    }
    return result;
  }
  const dir = scratch();
  try {
    for (const b of blocks) writeFileSync(`${dir}/${b.name}`, moduleText(b));
    let pending = blocks.map((b) => b.name);
    while (pending.length !== 0) {
      const run = await execute([deno, "check", "--quiet", ...pending.map((n) => `${dir}/${n}`)], CHECK_DEADLINE_MS);
      const output = `${run.stdout}\n${run.stderr}`;
      if (run.code === 0) {
        for (const n of pending) result.set(n, "");
        break;
      }
      const found = diagnostics(output, byName);
      const general = found.filter((d) => d.files.length === 0);
      if (run.timedOut || found.length === 0 || general.length !== 0) {
        // Not attributable to one block (a library error, a crash): every block pending fails with it.
        const text = run.timedOut ? `deno check did not finish in ${CHECK_DEADLINE_MS} ms\n${output}` : output;
        for (const n of pending) result.set(n, relocate(text.trim(), byName));
        break;
      }
      const syntax = found.filter((d) => d.syntax);
      for (const d of found) {
        for (const n of d.files) result.set(n, `${result.get(n) ?? ""}${relocate(d.text, byName)}\n\n`);
      }
      if (syntax.length === 0) {
        // Type errors: deno check reported every block's; the others passed.
        for (const n of pending) if (!result.has(n)) result.set(n, "");
        break;
      }
      // A file that cannot be parsed stops deno check before it checks anything: check the rest again.
      const failed = new Set(syntax.flatMap((d) => d.files));
      pending = pending.filter((n) => !failed.has(n));
      for (const n of pending) result.delete(n);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** Runs a block as a program under this runtime. */
async function runBlock(block: Block): Promise<Output> {
  const dir = scratch();
  try {
    const file = `${dir}/${block.name}`;
    writeFileSync(file, moduleText(block));
    return await execute(runtimeCommand(file), RUN_DEADLINE_MS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ALL: Block[] = SOURCES.filter((s) => existsSync(`${ROOT}${s}`)).flatMap(extract);
const CHECKED = ALL.filter((b) => b.mode === "run" || b.mode === "check");
let checking: Promise<CheckResult> | null = null;
/** The one type-check of every block, started by the first test that needs it. */
function checked(): Promise<CheckResult> {
  if (checking === null) sweepStale();
  checking ??= checkAll(CHECKED);
  return checking;
}

test("snippets - the Markdown files have ```ts blocks to check", () => {
  assert.ok(CHECKED.length > 0, `no checked \`\`\`ts block in ${SOURCES.join(", ")}`);
});

for (const block of ALL) {
  const where = `${block.source}:${block.line}`;
  if (block.mode === "ignore") continue;
  if (block.mode === null) {
    test(`snippets - ${where} has a known info string`, () => {
      assert.fail(`${where}: \`\`\`${block.info}: the info string must be "ts", "ts check" or "ts ignore"`);
    });
    continue;
  }
  const runs = block.mode === "run";
  test(`snippets - ${where} ${runs ? "type-checks and runs" : "type-checks"}`, async () => {
    const errors = (await checked()).get(block.name) ?? "not type-checked";
    if (errors !== "") assert.fail(`${where} does not type-check:\n${errors.trim()}`);
    if (!runs) return;
    const r = await runBlock(block);
    const context = `\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${
      relocate(r.stderr, new Map([[block.name, block]]))
    }`;
    if (r.timedOut) {
      assert.fail(
        `${where} was still running after ${RUN_DEADLINE_MS} ms (\`\`\`ts check if it is a server)${context}`,
      );
    }
    if (r.code !== 0) assert.fail(`${where} exited with ${r.code}${context}`);
  }, { timeout: TEST_TIMEOUT_MS });
}
