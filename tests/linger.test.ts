/**
 * Delivery at close and exit, and exits that never crash: the library's answers to libzmq 4.3
 * dropping messages when zmq_close follows the last send (libzmq #1264, #3774, #4660) and to a
 * process crashing when it exits while libzmq's I/O threads run.
 */
import { assert, endpoint, ROOT, runScript, type ScriptRun, test } from "./_harness.ts";
import { Pull } from "../mod.ts";

const FIXTURE = `${ROOT}tests/fixtures/exit_paths.ts`;

function run(...args: string[]): Promise<ScriptRun> {
  return runScript(FIXTURE, args, 20_000);
}

test("close - a burst closed right after its last send still arrives whole (libzmq #3774 workaround)", async () => {
  const n = 300_000;
  for (let round = 0; round < 2; round++) {
    using pull = new Pull();
    const ep = pull.bind(endpoint("ipc"));
    const sender = run("burst", ep, String(n));
    let got = 0;
    while (got < n) {
      await pull.receive({ timeout: 10_000 });
      got++;
    }
    const { code, stderr } = await sender;
    assert.equal(code, 0, stderr);
    assert.equal(pull.tryReceive(), null, "exactly n messages");
  }
}, { timeout: 90_000 });

test("exit - a script with open idle sockets exits 0 every time (no crash in libzmq teardown)", async () => {
  for (let i = 0; i < 12; i++) {
    const { code, signal, stderr } = await run("idle");
    assert.equal(signal, null, `run ${i} died of ${signal}: ${stderr}`);
    assert.equal(code, 0, `run ${i}: ${stderr}`);
  }
}, { timeout: 60_000 });

test("exit - process.exit() with open sockets and a pending receive exits 0 every time", async () => {
  for (let i = 0; i < 12; i++) {
    const { code, signal, stderr } = await run("explicit");
    assert.equal(signal, null, `run ${i} died of ${signal}: ${stderr}`);
    assert.equal(code, 0, `run ${i}: ${stderr}`);
  }
}, { timeout: 60_000 });

test("exit - timed-out and aborted receives, sends and polls do not keep the process alive", async () => {
  const { code, signal, stdout, stderr, ms } = await run("timed-out");
  assert.equal(signal, null, `killed by ${signal} after ${ms} ms (kept alive by a finished wait?): ${stderr}`);
  assert.equal(code, 0, stderr);
  assert.equal(stdout.trim(), "rejected rejected rejected 0");
  assert.ok(ms < 10_000, `exited after ${ms} ms`);
}, { timeout: 30_000 });

test(
  "close - sends never awaited that still wait when the socket ends do not end the program with an unhandled rejection",
  async () => {
    // 500 sends wait at the high-water mark of a PUSH whose peer is away; the program then closes
    // the socket (or terminates or shuts down its context). Those that await get the error; those
    // that nobody awaits used to be an uncaught EBADF each (Deno: exit code 1; Bun printed 500).
    for (const [how, code] of [["close", "EBADF"], ["terminate", "EBADF"], ["shutdown", "ETERM"]]) {
      const run_ = await run("unawaited", how);
      assert.equal(run_.signal, null, `${how}: killed by ${run_.signal}: ${run_.stderr}`);
      assert.equal(run_.code, 0, `${how}: ${run_.stderr}`);
      assert.equal(run_.stdout.trim(), `rejected ${code}`, how);
      assert.doesNotMatch(run_.stderr, /Uncaught|EBADF|ETERM/, how);
    }
  },
  { timeout: 60_000 },
);
