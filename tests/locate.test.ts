import { spawnSync } from "node:child_process";
import { assert, ROOT, runtime, runtimeCommand, test } from "./_harness.ts";
import { libzmqCandidates, libzmqNotFound, loadLibzmq } from "../src/ffi/locate.ts";

test("locate - libzmq.so.5 before libzmq.so on Linux (Debian's runtime package ships only .so.5)", () => {
  const linux = libzmqCandidates("linux");
  assert.equal(linux[0], "libzmq.so.5");
  assert.ok(linux.indexOf("libzmq.so.5") < linux.indexOf("libzmq.so"));
});

test("locate - LIBZMQ_PATH is the only candidate when set: a path that does not load is an error naming it", () => {
  const opened: string[] = [];
  const open = (path: string) => {
    opened.push(path);
    if (path === "/ok/libzmq.so") return "lib";
    throw new Error(`${path}: cannot open shared object file`);
  };
  assert.deepEqual(loadLibzmq("linux", { value: "/ok/libzmq.so" }, open), { lib: "lib", path: "/ok/libzmq.so" });
  assert.throws(
    () => loadLibzmq("linux", { value: "/nowhere/libzmq.so" }, open),
    /LIBZMQ_PATH=\/nowhere\/libzmq.so: \/nowhere\/libzmq.so: cannot open shared object file/,
  );
  assert.deepEqual(opened, ["/ok/libzmq.so", "/nowhere/libzmq.so"]);
  // Unset: the conventional names, and the error says why LIBZMQ_PATH was not read, if it was not.
  assert.throws(
    () => loadLibzmq("linux", { unread: "no permission" }, open),
    /LIBZMQ_PATH was not read: no permission/,
  );
});

test("locate - macOS looks in Homebrew and MacPorts, Windows for the libzmq-v*-mt DLL names", () => {
  const mac = libzmqCandidates("darwin");
  assert.ok(mac.includes("/opt/homebrew/lib/libzmq.5.dylib"));
  assert.ok(mac.includes("/opt/local/lib/libzmq.5.dylib"));
  assert.ok(mac.includes("libzmq.5.dylib"));
  const win = libzmqCandidates("windows");
  assert.equal(win[0], "libzmq.dll");
  assert.ok(win.some((n) => /^libzmq-v\d+-mt-4_3_\d\.dll$/.test(n)));
});

test("locate - the not-found error lists every path tried, LIBZMQ_PATH and an install command per OS", () => {
  const tried = libzmqCandidates("linux").map((path) => ({ path, error: "cannot open" }));
  const message = libzmqNotFound(tried).message;
  for (const { path } of tried) assert.ok(message.includes(path), `lists ${path}`);
  assert.match(message, /LIBZMQ_PATH/);
  assert.match(message, /apt-get install libzmq5/);
  assert.match(message, /brew install zeromq/);
  assert.match(message, /dnf install zeromq/);
  assert.match(message, /LIBZMQ_PATH to libzmq-\*\.dll/);
});

test("locate - LIBZMQ_PATH loads that file; a bad one fails the import with an error naming it", () => {
  const script = `${ROOT}tests/fixtures/print_library.ts`;
  const [exe, ...args] = runtimeCommand(script);
  const real = spawnSync("ldconfig", ["-p"]).stdout?.toString().match(/=> (\S*libzmq\.so\.5)\n/)?.[1];
  if (real) {
    const own = spawnSync(exe, args, { env: { ...process.env, LIBZMQ_PATH: real } });
    assert.equal(own.stdout.toString().trim(), real, own.stderr.toString());
  }
  const bad = spawnSync(exe, args, { env: { ...process.env, LIBZMQ_PATH: "/nowhere/libzmq.so" } });
  assert.notEqual(bad.status, 0);
  assert.equal(bad.stdout.toString(), "");
  assert.match(bad.stderr.toString(), /libzmq could not be loaded from LIBZMQ_PATH=\/nowhere\/libzmq.so/);
});

test("locate - Deno: --allow-ffi alone runs tcp and inproc; LIBZMQ_PATH is read only with env permission", () => {
  if (runtime !== "deno") return;
  const script = `${ROOT}tests/fixtures/least_privilege.ts`;
  const exe = process.execPath;
  const env = { ...process.env, LIBZMQ_PATH: "/nowhere/libzmq.so" };
  const ffiOnly = spawnSync(exe, ["run", "--allow-ffi", script], { env });
  assert.equal(ffiOnly.stdout.toString().trim(), "inproc ok, tcp ok", ffiOnly.stderr.toString());
  const withEnv = spawnSync(exe, ["run", "--allow-ffi", "--allow-env=LIBZMQ_PATH", script], { env });
  assert.notEqual(withEnv.status, 0);
  assert.match(withEnv.stderr.toString(), /LIBZMQ_PATH=\/nowhere\/libzmq.so/);
});

test("locate - Deno: refused or path-scoped FFI permission is one clear error; in a terminal, one prompt and it runs", () => {
  if (runtime !== "deno") return;
  const script = `${ROOT}tests/fixtures/least_privilege.ts`;
  const exe = process.execPath;
  const ldconfig = spawnSync("ldconfig", ["-p"]).stdout?.toString() ?? "";
  const libzmq = ldconfig.match(/=> (\S*libzmq\.so\.5)\n/)?.[1] ?? "/usr/lib/x86_64-linux-gnu/libzmq.so.5";
  const libc = ldconfig.match(/=> (\S*libc\.so\.6)\n/)?.[1] ?? "/usr/lib/x86_64-linux-gnu/libc.so.6";
  // Both libraries named: Deno still refuses every pointer read (denoland/deno#15511), so the
  // library says so at once rather than failing later in a NotCapable from deep inside.
  // (Some permission flag in every case: Deno's node:child_process gives a `deno run` without
  // any the permissions of the process that spawns it.)
  for (const flags of [[`--allow-ffi=${libzmq},${libc}`], ["--deny-ffi"], [`--allow-read=${ROOT}`]]) {
    const run = spawnSync(exe, ["run", "--no-prompt", ...flags, script]);
    const stderr = run.stderr.toString();
    assert.notEqual(run.status, 0, `${flags.join(" ")}: ${run.stdout} ${stderr}`);
    assert.equal(run.stdout.toString(), "", flags.join(" "));
    assert.match(stderr, /zeromq-ffi needs Deno's FFI permission: run with --allow-ffi\./, flags.join(" "));
    assert.match(stderr, /--allow-ffi=<paths>\) is not enough/, flags.join(" "));
  }
  // `deno run` at a terminal: Deno asks once, for FFI as a whole, and the program runs. It
  // asked five times before (libzmq.so.5, libzmq.so, a full path, libc.so.6, libdl.so.2), and
  // failed even when every answer was yes: a name granted at a prompt is taken as a file in the
  // working directory (denoland/deno#29246).
  const command = JSON.stringify([exe, "run", script]);
  const tty = spawnSync("/usr/bin/python3", [`${ROOT}tests/fixtures/answer_prompts.py`, "20", command], {
    encoding: "utf8",
  });
  assert.equal(tty.status, 0, tty.stderr);
  const r = JSON.parse(tty.stdout) as { prompts: number; asked: string[]; exit: number; output: string[] };
  assert.deepEqual(r.asked, ["┏ ⚠️  Deno requests ffi access."], tty.stdout);
  assert.equal(r.exit, 0, tty.stdout);
  assert.ok(r.output.includes("inproc ok, tcp ok"), tty.stdout);
});
