/**
 * The library as users get it: the `npm pack` tarball installed by name into scratch projects.
 * Under Bun: installed with `bun add`, run, bundled with `bun build`, compiled with
 * `bun build --compile`, and type-checked by `tsc` in a Bun-typed project. Under Deno: used
 * from a Deno project through an import map with `--allow-ffi` only, `deno check`ed, and
 * type-checked by `tsc` in a Node-typed project; and the committed declarations (types/) are
 * what the source generates. Each program's receive has to wait and be woken, as in real use.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assert, ROOT, runtime, test } from "./_harness.ts";

const TOOLS = join(ROOT, "tools", "node_modules");
const TSC = join(TOOLS, ".bin", "tsc");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };

/**
 * A program whose first receive must park and be woken by a send 50 ms later, then sends a 4 MiB
 * frame without a copy (the native done function: TinyCC on Bun, machine code on Deno) and
 * receives it (on Bun: libzmq's memory, released by native code), then receives a message into a
 * buffer of its own (receiveInto).
 */
const APP = `import { Pull, Push } from "zeromq-ffi";

const pull = new Pull();
const endpoint = pull.bind("tcp://127.0.0.1:*");
const push = new Push();
push.connect(endpoint);
setTimeout(() => void push.send("hello"), 50);
const [text] = await pull.receiveText({ timeout: 5000 });
console.log(\`woken: \${text}\`);
const big = new Uint8Array(4 << 20).fill(7);
big[0] = 1;
await push.send(big, { transfer: true });
const got = (await pull.receive({ timeout: 5000 }))[0]!;
console.log(\`large: \${got.byteLength} \${got[0]} \${got[got.byteLength - 1]}, left \${big.byteLength}\`);
const buffer = new Uint8Array(64 * 1024);
await push.send(["head", new Uint8Array(30000).fill(3)]);
const [head, body] = await pull.receiveInto(buffer, { timeout: 5000 });
console.log(\`into: \${new TextDecoder().decode(head)} \${body!.byteLength} \${body![29999]} \${body!.buffer === buffer.buffer}\`);
pull.close();
push.close();
`;
const EXPECTED = "woken: hello\nlarge: 4194304 1 7, left 0\ninto: head 30000 3 true";

let scratch: string | null = null;
/** A temporary folder with the packed tarball, made once per run. */
function packed(): { dir: string; tarball: string } {
  if (scratch === null) {
    scratch = mkdtempSync(join(tmpdir(), "zmq-ffi-package-"));
    execFileSync("npm", ["pack", "--pack-destination", scratch, "--silent"], { cwd: ROOT, stdio: "pipe" });
  }
  return { dir: scratch, tarball: join(scratch, `${PKG.name}-${PKG.version}.tgz`) };
}

function run(cmd: string, args: string[], cwd: string, timeout = 60_000): { code: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

const SCRATCH_PACKAGE = JSON.stringify({ name: "scratch", type: "module", private: true });

/** A scratch project `name` holding `files`, with the tarball installed by `bun add`. */
function bunProject(name: string, files: Record<string, string>): string {
  const { dir, tarball } = packed();
  const project = join(dir, name);
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), SCRATCH_PACKAGE);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(project, file), text);
  const add = run(process.execPath, ["add", tarball], project);
  assert.equal(add.code, 0, add.out);
  return project;
}

/** A scratch project `name` with the tarball unpacked as node_modules/zeromq-ffi (no installer run) and app.ts. */
function unpackedProject(name: string): string {
  const { dir, tarball } = packed();
  const project = join(dir, name);
  mkdirSync(join(project, "node_modules"), { recursive: true });
  execFileSync("tar", ["xzf", tarball, "-C", join(project, "node_modules")]);
  execFileSync("mv", [join(project, "node_modules", "package"), join(project, "node_modules", "zeromq-ffi")]);
  writeFileSync(join(project, "app.ts"), APP);
  return project;
}

/** tsc's error lines that point into the installed library. */
function libraryErrors(output: string): string[] {
  return output.split("\n").filter((l) => l.includes("zeromq-ffi/") && /error TS\d+/.test(l));
}

test("package - the tarball holds the library only: sources, declarations, the CLI, README and license", () => {
  const { tarball } = packed();
  const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));
  const outside = files.filter((f) =>
    !/^(mod\.ts|package\.json|README\.md|LICENSE|cli\.ts|src\/.+\.ts|types\/.+\.d\.ts|cli\/.+\.ts)$/.test(f)
  );
  assert.deepEqual(outside, [], "files outside the library");
  for (const f of ["mod.ts", "types/mod.d.ts", "src/socket.ts", "cli.ts"]) assert.ok(files.includes(f), f);
  const manifest = JSON.parse(execFileSync("tar", ["xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
  assert.equal(manifest.private, undefined);
  assert.equal(manifest.devDependencies, undefined, "nothing for an installer to pull in");
  assert.equal(manifest.dependencies, undefined);
  assert.equal(manifest.bin.zmq, "cli.ts");
  assert.deepEqual(manifest.exports["."], { types: "./types/mod.d.ts", default: "./mod.ts" });
}, { timeout: 60_000 });

test("package - Bun: installed by name, run, bundled and compiled, each wakes its waiting receive", () => {
  if (runtime !== "bun") return;
  const project = bunProject("bun-project", { "app.ts": APP });
  const bun = process.execPath;
  // Nothing but the library came with it.
  assert.deepEqual(readdirSync(join(project, "node_modules")).filter((n) => !n.startsWith(".")), ["zeromq-ffi"]);
  // The `zmq` command the package installs (package.json bin), run as a user would.
  const zmq = run(join(project, "node_modules", ".bin", "zmq"), ["version"], project);
  assert.equal(zmq.out.split("\n")[0], `zeromq-ffi ${PKG.version}`, zmq.out);
  const keys = run(join(project, "node_modules", ".bin", "zmq"), ["keygen", "--json"], project);
  assert.equal(JSON.parse(keys.out).public.length, 40, keys.out);
  const direct = run(bun, ["app.ts"], project);
  assert.equal(direct.out.trim(), EXPECTED, direct.out);
  const built = run(bun, ["build", "app.ts", "--target", "bun", "--outfile", "out/app.js"], project);
  assert.equal(built.code, 0, built.out);
  const bundled = run(bun, ["out/app.js"], project);
  assert.equal(bundled.out.trim(), EXPECTED, `bundle: ${bundled.out}`);
  const compiled = run(bun, ["build", "--compile", "app.ts", "--outfile", "out/app"], project, 120_000);
  assert.equal(compiled.code, 0, compiled.out);
  const binary = run(join(project, "out", "app"), [], project);
  assert.equal(binary.out.trim(), EXPECTED, `binary: ${binary.out}`);
}, { timeout: 240_000 });

/** A program and its Worker, sharing a context over inproc; the Worker is posted to at once. */
const WORKER_APP = `import { Context, Push } from "zeromq-ffi";
const context = new Context();
const push = new Push({ context });
push.bind("inproc://jobs");
// Run from source: worker.ts; bundled or compiled (bun build ./app.ts ./worker.ts): worker.js beside the app.
const worker = new Worker(new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url).href, {
  type: "module",
});
const done = new Promise<string>((resolve) => (worker.onmessage = (e) => resolve(String(e.data))));
worker.postMessage(context.unsafeAddress);
for (let i = 0; i < 5; i++) await push.send(\`job \${i}\`);
console.log(await done);
worker.terminate();
push.close();
await context.terminate();
`;
const WORKER = `import { Context, Pull } from "zeromq-ffi";
declare const self: Worker;
self.onmessage = async (e: MessageEvent) => {
  using pull = new Pull({ context: Context.fromHandle(e.data) });
  pull.connect("inproc://jobs");
  const got: string[] = [];
  for (let i = 0; i < 5; i++) got.push((await pull.receiveText())[0]!);
  self.postMessage(\`worker got \${got.join(",")}\`);
};
`;

test("package - Bun: a bundled and a compiled program with a Worker (two entrypoints) run from any directory", () => {
  if (runtime !== "bun") return;
  const project = bunProject("bun-worker", { "app.ts": WORKER_APP, "worker.ts": WORKER });
  const bun = process.execPath;
  const expected = "worker got job 0,job 1,job 2,job 3,job 4";
  const direct = run(bun, ["app.ts"], project);
  assert.equal(direct.out.trim(), expected, direct.out);
  // Bun's documented way: every Worker file is an entrypoint of the build. A bundle is run from
  // elsewhere: a relative path string would be taken from the working directory (it found the
  // source worker.ts only when run in the project), so the app names worker.js by its own URL.
  const bundle = run(bun, ["build", "./app.ts", "./worker.ts", "--outdir", "dist", "--target", "bun"], project);
  assert.equal(bundle.code, 0, bundle.out);
  const bundled = run(bun, [join(project, "dist", "app.js")], tmpdir());
  assert.equal(bundled.out.trim(), expected, `bundle: ${bundled.out}`);
  const compiled = run(
    bun,
    ["build", "--compile", "./app.ts", "./worker.ts", "--outfile", "out/app"],
    project,
    120_000,
  );
  assert.equal(compiled.code, 0, compiled.out);
  const binary = run(join(project, "out", "app"), [], tmpdir());
  assert.equal(binary.out.trim(), expected, `binary: ${binary.out}`);
}, { timeout: 240_000 });

test("package - Bun: tsc in a Bun-typed project (bun init's strict settings) finds no error in the library", () => {
  if (runtime !== "bun") return;
  const project = unpackedProject("bun-tsc");
  for (const skipLibCheck of [true, false]) {
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          lib: ["ESNext"],
          target: "ESNext",
          module: "Preserve",
          moduleDetection: "force",
          moduleResolution: "bundler",
          allowImportingTsExtensions: true,
          verbatimModuleSyntax: true,
          noEmit: true,
          strict: true,
          skipLibCheck,
          noFallthroughCasesInSwitch: true,
          noUncheckedIndexedAccess: true,
          noImplicitOverride: true,
          exactOptionalPropertyTypes: true,
          types: ["bun"],
          typeRoots: [join(TOOLS, "@types")],
        },
        files: ["app.ts"],
      }),
    );
    const tsc = run(TSC, ["-p", "."], project, 120_000);
    assert.deepEqual(libraryErrors(tsc.out), [], `skipLibCheck ${skipLibCheck}:\n${tsc.out}`);
    if (skipLibCheck) assert.equal(tsc.code, 0, tsc.out);
  }
}, { timeout: 240_000 });

test(
  "package - Deno: an import map to the installed package, --allow-ffi only; deno check passes; deno bundle runs",
  () => {
    if (runtime !== "deno") return;
    const { dir, tarball } = packed();
    const project = join(dir, "deno-project");
    mkdirSync(join(project, "vendor"), { recursive: true });
    execFileSync("tar", ["xzf", tarball, "-C", join(project, "vendor")]);
    writeFileSync(join(project, "deno.json"), JSON.stringify({ imports: { "zeromq-ffi": "./vendor/package/mod.ts" } }));
    writeFileSync(join(project, "app.ts"), APP);
    const deno = process.execPath;
    const ran = run(deno, ["run", "--allow-ffi", "app.ts"], project);
    assert.equal(ran.out.trim(), EXPECTED, ran.out);
    const checked = run(deno, ["check", "app.ts"], project, 120_000);
    assert.equal(checked.code, 0, checked.out);
    // deno bundle: one file (esbuild, fetched from npm on first use), run with --allow-ffi only.
    const bundled = run(deno, ["bundle", "-o", "app.bundle.js", "app.ts"], project, 120_000);
    assert.equal(bundled.code, 0, bundled.out);
    const ranBundle = run(deno, ["run", "--allow-ffi", "app.bundle.js"], project);
    assert.equal(ranBundle.out.trim(), EXPECTED, ranBundle.out);
    // A Worker of the user's own: Deno wants read access to the Worker's modules, nothing more.
    writeFileSync(join(project, "workers.ts"), WORKER_APP);
    writeFileSync(join(project, "worker.ts"), WORKER);
    const workers = run(deno, ["run", "--allow-ffi", "--allow-read=.", "workers.ts"], project);
    assert.equal(workers.out.trim(), "worker got job 0,job 1,job 2,job 3,job 4", workers.out);
  },
  { timeout: 180_000 },
);

test("package - Deno: tsc in a Node-typed project (NodeNext, exactOptionalPropertyTypes) finds no error", () => {
  if (runtime !== "deno") return;
  const project = unpackedProject("node-tsc");
  writeFileSync(join(project, "package.json"), SCRATCH_PACKAGE);
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022"],
        strict: true,
        noEmit: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        types: ["node"],
        typeRoots: [join(TOOLS, "@types")],
      },
      files: ["app.ts"],
    }),
  );
  const tsc = run(TSC, ["-p", "."], project, 120_000);
  assert.equal(tsc.code, 0, tsc.out);
}, { timeout: 180_000 });

test("package - the committed declarations (types/) are what tsc generates from the source", () => {
  if (runtime !== "deno") return;
  const out = mkdtempSync(join(tmpdir(), "zmq-ffi-types-"));
  try {
    const tsc = run(TSC, ["-p", "tsconfig.types.json", "--outDir", out], ROOT, 120_000);
    assert.equal(tsc.code, 0, tsc.out);
    const list = (base: string): string[] =>
      (readdirSync(base, { recursive: true }) as string[]).filter((f) => f.endsWith(".d.ts")).sort();
    const committed = list(join(ROOT, "types"));
    assert.deepEqual(list(out), committed, "the set of files differs: run `npm run types`");
    for (const f of committed) {
      assert.equal(
        readFileSync(join(ROOT, "types", f), "utf8"),
        readFileSync(join(out, f), "utf8"),
        `types/${f} is stale: run \`npm run types\``,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, { timeout: 180_000 });

test("package - deno doc --lint reports nothing, and every doc example type-checks", () => {
  if (runtime !== "deno") return;
  const lint = run(process.execPath, ["doc", "--lint", "mod.ts"], ROOT, 120_000);
  assert.equal(lint.code, 0, lint.out);
  const sources = readdirSync(join(ROOT, "src")).filter((f) => f.endsWith(".ts")).map((f) => `src/${f}`);
  const examples = run(process.execPath, ["check", "--doc-only", "mod.ts", ...sources], ROOT, 120_000);
  assert.equal(examples.code, 0, examples.out);
}, { timeout: 180_000 });

test("package - cleanup", () => {
  if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});
