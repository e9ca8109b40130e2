/**
 * send(message, { transfer: true }): the caller's buffers are handed over (detached at once, as
 * postMessage's transfer list does), what goes out can no longer change, and large frames go out
 * without a copy on the main thread, their memory referenced until libzmq is done with it, in
 * every way the process, the socket or the sending Worker ends.
 */
import { assert, endpoint, ROOT, runScript, runtime, type ScriptRun, test, TRANSPORTS } from "./_harness.ts";
import { Pull, type Push } from "../mod.ts";
import { pipeline } from "./_helpers.ts";

const MiB = 1024 * 1024;
const FIXTURE = `${ROOT}tests/fixtures/transfer_exit.ts`;
const linuxX64 = process.platform === "linux" && process.arch === "x64";

/** `size` bytes in a pattern that tells frames (`tag`) and positions apart. */
function patterned(size: number, tag: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7 + tag) & 0xff;
  return b;
}

function assertPattern(frame: Uint8Array, size: number, tag: number): void {
  assert.equal(frame.byteLength, size);
  for (let i = 0; i < size; i++) {
    if (frame[i] !== ((i * 7 + tag) & 0xff)) assert.fail(`byte ${i} of a ${size}-byte frame is ${frame[i]}`);
  }
}

for (const transport of TRANSPORTS) {
  test(`transfer - buffers are detached at once and arrive intact over ${transport}, small and large`, async () => {
    using p = pipeline(transport, { linger: 0 });
    const sizes = [0, 5, 64 * 1024, 2 * MiB, 4 * MiB + 3];
    for (const [tag, size] of sizes.entries()) {
      const b = patterned(size, tag);
      const sent = p.push.send(b, { transfer: true });
      assert.equal(b.byteLength, 0, "detached before send() returned");
      assert.equal(b.buffer.byteLength, 0);
      await sent;
      const [frame] = await p.pull.receive();
      assertPattern(frame, size, tag);
    }
  });
}

test("transfer - a multipart message of views of one buffer, a string and another buffer", async () => {
  using p = pipeline("tcp", { linger: 0 });
  const big = patterned(6 * MiB, 3);
  const head = big.subarray(0, 10);
  const rest = big.subarray(10);
  const other = new Uint16Array([1, 2, 3]);
  await p.push.send([head, "text", rest, other], { transfer: true });
  for (const v of [big, head, rest, other]) assert.equal(v.byteLength, 0);
  const m = await p.pull.receive();
  assert.equal(m.length, 4);
  assertPattern(new Uint8Array([...m[0], ...m[2]]), 6 * MiB, 3);
  assert.equal(new TextDecoder().decode(m[1]), "text");
  assert.deepEqual([...new Uint16Array(m[3].slice().buffer)], [1, 2, 3]);
});

test("transfer - what goes out cannot be changed after send(), also when the send waits (high-water mark)", async () => {
  using p = pipeline("inproc", { sendHighWaterMark: 1, receiveHighWaterMark: 1, linger: 0 });
  const buffers: Uint8Array[] = [];
  const sends: Promise<void>[] = [];
  for (let i = 0; i < 6; i++) {
    const b = patterned(i % 2 ? 3 * MiB : 1000, i);
    buffers.push(b);
    sends.push(p.push.send(b, { transfer: true }));
  }
  for (const b of buffers) {
    assert.equal(b.byteLength, 0);
    b[0] = 1; // a write to a detached view changes nothing
    try {
      b.fill(0xee); // V8 throws; either way nothing changes
    } catch (e) {
      assert.ok(e instanceof TypeError);
    }
  }
  for (let i = 0; i < 6; i++) {
    const [frame] = await p.pull.receive();
    assertPattern(frame, i % 2 ? 3 * MiB : 1000, i);
  }
  await Promise.all(sends);
});

test("transfer - a message send() refuses takes nothing: bad frame, bad option, closed socket, aborted", async () => {
  const b = patterned(3 * MiB, 1);
  {
    using p = pipeline("inproc", { linger: 0 });
    await assert.rejects(p.push.send([b, 42 as never], { transfer: true }), /frame 1 must be/);
    assert.equal(b.byteLength, 3 * MiB);
    await assert.rejects(p.push.send(b, { transfer: "yes" as never }), /options.transfer must be a boolean/);
    assert.equal(b.byteLength, 3 * MiB);
    await assert.rejects(p.push.send(b, { transfer: true, timeout: NaN }), /timeout/);
    assert.equal(b.byteLength, 3 * MiB);
    await assert.rejects(p.push.send(b, { transfer: true, signal: AbortSignal.abort() }));
    assert.equal(b.byteLength, 3 * MiB);
    p.push.close();
    await assert.rejects(p.push.send(b, { transfer: true }), /closed/);
    assert.equal(b.byteLength, 3 * MiB);
  }
  assertPattern(b, 3 * MiB, 1);
});

test("transfer - buffers that cannot be detached are copied and left as they are", async () => {
  using p = pipeline("inproc", { linger: 0 });
  const shared = new Uint8Array(new SharedArrayBuffer(3 * MiB)).fill(9);
  const wasm = new Uint8Array(new WebAssembly.Memory({ initial: 1, maximum: 1 }).buffer as ArrayBuffer).fill(8);
  await p.push.send([shared, wasm], { transfer: true });
  assert.equal(shared.byteLength, 3 * MiB);
  assert.equal(wasm.byteLength, 65536);
  const [a, b] = await p.pull.receive();
  assert.ok(a.byteLength === 3 * MiB && a.every((x) => x === 9));
  assert.ok(b.byteLength === 65536 && b.every((x) => x === 8));
  // A received frame forwarded with transfer (Deno: small frames live in memory no transfer can take).
  await p.push.send("forward me");
  const [received] = await p.pull.receive();
  await p.push.send(received, { transfer: true });
  assert.equal(new TextDecoder().decode((await p.pull.receive())[0]), "forward me");
});

test("transfer - a forwarder in user code passes received large frames on with transfer, every byte intact", async () => {
  // As a user's proxy would: receive (Bun: frames >= 16 KiB are libzmq's memory), send on with
  // transfer (from 2 MiB without a copy, on a main thread), while collections run.
  using first = pipeline("inproc", { linger: 0 });
  using second = pipeline("inproc", { linger: 0 });
  const N = 12, SIZE = 3 * MiB;
  const sending = (async () => {
    for (let i = 0; i < N; i++) await first.push.send([`#${i}`, patterned(SIZE, i)], { transfer: true });
  })();
  const forwarding = (async () => {
    for (let i = 0; i < N; i++) {
      const message = await first.pull.receive();
      await second.push.send(message, { transfer: true });
      assert.equal(message[1].byteLength, 0, "the forwarded frame was handed over");
    }
  })();
  const gc = globalThis as { gc?: () => void; Bun?: { gc(sync: boolean): void } };
  for (let i = 0; i < N; i++) {
    const [tag, frame] = await second.pull.receive();
    if (gc.Bun) gc.Bun.gc(true);
    else gc.gc?.();
    assert.equal(new TextDecoder().decode(tag), `#${i}`);
    assertPattern(frame, SIZE, i);
  }
  await Promise.all([sending, forwarding]);
});

/** Runs the fixture with a deadline; resolves with its exit status and output. */
/** The fixture in `mode`, its stdout and stderr as one text. */
async function run(...args: string[]): Promise<ScriptRun & { out: string }> {
  const r = await runScript(FIXTURE, args, 30_000);
  return { ...r, out: r.stdout + r.stderr };
}

/** Receives until `count` frames came or nothing came for `quietMs`; checks each (frame i: all i % 251). */
async function drain(pull: Pull, size: number, count: number, quietMs: number): Promise<number> {
  let got = 0;
  while (got < count) {
    let frame: Uint8Array;
    try {
      [frame] = await pull.receive({ timeout: quietMs });
    } catch {
      break;
    }
    assert.equal(frame.byteLength, size);
    const tag = got % 251;
    if (!frame.every((x) => x === tag)) assert.fail(`frame ${got} changed`);
    got++;
  }
  return got;
}

test("transfer - a program's main thread sends large frames without a copy and lets them go once libzmq is done", async () => {
  // A program of its own: `deno test` runs test modules on a thread that is not the main one.
  const r = await run("pinned");
  assert.equal(r.code, 0, r.out);
  // The native done function exists on Linux x86-64 (Deno) and wherever Bun's TinyCC runs.
  if (linuxX64) assert.match(r.out, /without a copy: yes/);
  assert.match(r.out, /pinned at the end: 0/);
});

test("transfer - a script that sends large frames without awaiting and ends: linger delivers them, intact", async () => {
  using pull = new Pull();
  const ep = pull.bind(endpoint("tcp"));
  const child = run("natural", ep, "12", String(3 * MiB));
  assert.equal(await drain(pull, 3 * MiB, 12, 20_000), 12);
  const r = await child;
  assert.equal(r.code, 0, r.out);
});

test("transfer - process.exit() with large frames in flight exits at once, without a crash", async () => {
  const pull = new Pull({ receiveHighWaterMark: 1 });
  const ep = pull.bind(endpoint("tcp"));
  try {
    const r = await run("explicit", ep, "20", String(4 * MiB));
    assert.equal(r.signal, null, r.out);
    assert.equal(r.code, 0, r.out);
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
  } finally {
    pull.close();
  }
});

test("transfer - a Worker terminated right after sending large frames: what arrives is intact", async () => {
  using pull = new Pull();
  const ep = pull.bind(endpoint("tcp"));
  const child = run("worker", ep, "8", String(3 * MiB));
  const got = await drain(pull, 3 * MiB, 8, 3000);
  const r = await child;
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /terminated/);
  assert.ok(got <= 8);
}, { timeout: 60_000 });

test("transfer - types: the option is part of SendOptions", () => {
  // Compile-time check (deno check / tsc run this file): transfer is accepted, a number is not.
  const ok: Parameters<Push["send"]>[1] = { transfer: true, timeout: 10 };
  // @ts-expect-error transfer is a boolean
  const bad: Parameters<Push["send"]>[1] = { transfer: 1 };
  assert.ok(ok && bad);
  assert.equal(runtime === "deno" || runtime === "bun", true);
});
