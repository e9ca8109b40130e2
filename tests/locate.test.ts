import { spawnSync } from "node:child_process";
import { assert, ROOT, runtimeCommand, test } from "./_harness.ts";
import { libzmqCandidates, libzmqNotFound } from "../src/ffi/locate.ts";

test("locate - LIBZMQ_PATH comes first, then libzmq.so.5 before libzmq.so on Linux", () => {
  const linux = libzmqCandidates("linux", "/opt/zmq/libzmq.so.5.2.4");
  assert.equal(linux[0], "/opt/zmq/libzmq.so.5.2.4");
  assert.equal(linux[1], "libzmq.so.5");
  assert.ok(linux.indexOf("libzmq.so.5") < linux.indexOf("libzmq.so"));
  assert.equal(libzmqCandidates("linux", undefined)[0], "libzmq.so.5");
});

test("locate - macOS looks in Homebrew and MacPorts, Windows for the libzmq-v*-mt DLL names", () => {
  const mac = libzmqCandidates("darwin", undefined);
  assert.ok(mac.includes("/opt/homebrew/lib/libzmq.5.dylib"));
  assert.ok(mac.includes("/opt/local/lib/libzmq.5.dylib"));
  assert.ok(mac.includes("libzmq.5.dylib"));
  const win = libzmqCandidates("windows", undefined);
  assert.equal(win[0], "libzmq.dll");
  assert.ok(win.some((n) => /^libzmq-v\d+-mt-4_3_\d\.dll$/.test(n)));
});

test("locate - the not-found error lists every path tried, LIBZMQ_PATH and an install command per OS", () => {
  const tried = libzmqCandidates("linux", "/nowhere/libzmq.so").map((path) => ({ path, error: "cannot open" }));
  const message = libzmqNotFound(tried).message;
  for (const { path } of tried) assert.ok(message.includes(path), `lists ${path}`);
  assert.match(message, /LIBZMQ_PATH/);
  assert.match(message, /apt-get install libzmq5/);
  assert.match(message, /brew install zeromq/);
  assert.match(message, /dnf install zeromq/);
  assert.match(message, /LIBZMQ_PATH to libzmq-\*\.dll/);
});

test("locate - LIBZMQ_PATH loads that file, and a bad LIBZMQ_PATH falls back to the system library", () => {
  const script = `${ROOT}tests/fixtures/print_library.ts`;
  const [exe, ...args] = runtimeCommand(script);
  const real = spawnSync("ldconfig", ["-p"]).stdout?.toString().match(/=> (\S*libzmq\.so\.5)\n/)?.[1];
  if (real) {
    const own = spawnSync(exe, args, { env: { ...process.env, LIBZMQ_PATH: real } });
    assert.equal(own.stdout.toString().trim(), real, own.stderr.toString());
  }
  const fallback = spawnSync(exe, args, { env: { ...process.env, LIBZMQ_PATH: "/nowhere/libzmq.so" } });
  assert.equal(fallback.stdout.toString().trim(), "libzmq.so.5", fallback.stderr.toString());
});
