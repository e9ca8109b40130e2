/**
 * receiveInto(buffer) and tryReceive(buffer): a message's frames are copied into the caller's buffer one after another
 * and returned as views of it; a frame with no room left gets memory of its own (nothing is
 * truncated or lost); bad buffers are refused before anything is consumed; a call that rejects
 * consumed nothing and wrote nothing; the buffer may be detached or shrunk while the call waits.
 */
import { assert, endpoint, test, TRANSPORTS } from "./_harness.ts";
import { Dealer, Pull, Router } from "../mod.ts";
import { isCode, pipeline } from "./_helpers.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/** `size` bytes in a pattern that tells frames (`tag`) and positions apart. */
function patterned(size: number, tag: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7 + tag) & 0xff;
  return b;
}

function assertPattern(frame: Uint8Array, size: number, tag: number, what = "frame"): void {
  assert.equal(frame.byteLength, size, `${what}: length`);
  for (let i = 0; i < size; i++) {
    if (frame[i] !== ((i * 7 + tag) & 0xff)) assert.fail(`${what}: byte ${i} of ${size} is ${frame[i]}`);
  }
}

// Sizes on both sides of every threshold of the receive path: libzmq's very small messages
// (<= 33 B, read from the zmq_msg_t itself), Deno's pooled frames (<= 1 KiB), Bun's adopted
// frames (>= 16 KiB) and the immediate release of large payloads (> 1 MiB).
const SIZES = [1, 33, 34, 1024, 1025, 16 * KiB, 64 * KiB + 1, MiB + 7];

for (const transport of TRANSPORTS) {
  test(`receiveInto - frames of every size land in the buffer, back to back, over ${transport}`, async () => {
    using p = pipeline(transport, { linger: 0 });
    const total = SIZES.reduce((n, s) => n + s, 0);
    const buffer = new Uint8Array(total);
    for (const [tag, size] of SIZES.entries()) {
      await p.push.send(patterned(size, tag));
      const [frame] = await p.pull.receiveInto(buffer);
      assert.equal(frame.buffer, buffer.buffer, `${size} B: a view of the buffer`);
      assert.equal(frame.byteOffset, 0);
      assertPattern(frame, size, tag, `${size} B`);
    }
    // All of them as one multipart message: consecutive views, in order.
    await p.push.send(SIZES.map((size, tag) => patterned(size, tag)));
    const frames = await p.pull.receiveInto(buffer);
    assert.equal(frames.length, SIZES.length);
    let offset = 0;
    for (const [tag, size] of SIZES.entries()) {
      assert.equal(frames[tag].buffer, buffer.buffer);
      assert.equal(frames[tag].byteOffset, offset, `frame ${tag} follows the one before`);
      assertPattern(frames[tag], size, tag, `frame ${tag}`);
      offset += size;
    }
  });
}

test("receiveInto - a frame with no room left gets memory of its own; nothing is truncated or lost", async () => {
  using p = pipeline("tcp", { linger: 0 });
  const buffer = new Uint8Array(100);
  await p.push.send([patterned(40, 1), patterned(70, 2), new Uint8Array(0), patterned(65, 3), patterned(3, 4)]);
  const m = await p.pull.receiveInto(buffer);
  assert.equal(m.length, 5);
  const inBuffer = m.map((f) => f.buffer === buffer.buffer);
  // 40 fits, 70 does not (60 left), the empty frame is its own, 65 does not, 3 still fits after the 40.
  assert.deepEqual(inBuffer, [true, false, false, false, true]);
  assert.equal(m[4].byteOffset, 40);
  [[40, 1], [70, 2], [0, 0], [65, 3], [3, 4]].forEach(([size, tag], i) => assertPattern(m[i], size, tag, `frame ${i}`));
  // A frame larger than the whole buffer, and an empty buffer: own memory, whole.
  await p.push.send(patterned(3 * MiB, 5));
  const [big] = await p.pull.receiveInto(buffer);
  assert.notEqual(big.buffer, buffer.buffer);
  assertPattern(big, 3 * MiB, 5);
  await p.push.send("x");
  const [x] = await p.pull.receiveInto(new Uint8Array(0));
  assert.equal(new TextDecoder().decode(x), "x");
});

test("receiveInto - writes only inside the view it is given", async () => {
  using p = pipeline("inproc");
  const whole = new Uint8Array(300 * KiB).fill(0xee);
  const view = whole.subarray(1000, 1000 + 200 * KiB);
  await p.push.send([patterned(100 * KiB, 1), patterned(100 * KiB, 2), patterned(10, 3)]);
  const m = await p.pull.receiveInto(view);
  assert.deepEqual(m.map((f) => f.buffer === whole.buffer ? f.byteOffset : "own memory"), [
    1000,
    1000 + 100 * KiB,
    "own memory", // the 200 KiB are full
  ]);
  assertPattern(m[0], 100 * KiB, 1);
  assertPattern(m[1], 100 * KiB, 2);
  assertPattern(m[2], 10, 3);
  for (let i = 0; i < 1000; i++) if (whole[i] !== 0xee) assert.fail(`byte ${i} before the view was written`);
  for (let i = 1000 + 200 * KiB; i < whole.length; i++) if (whole[i] !== 0xee) assert.fail(`byte ${i} after it`);
});

test("receiveInto - one buffer reused for 2,000 messages: each is right when it is received", async () => {
  using p = pipeline("ipc");
  const buffer = new Uint8Array(8 * KiB);
  const sizes = Array.from({ length: 2000 }, (_, i) => (i * 37) % (8 * KiB) + 1);
  // Sent without awaiting, as a producer loop does; received as fast as they come.
  const sent = Promise.all(sizes.map((size, i) => p.push.send(patterned(size, i & 0xff))));
  for (const [i, size] of sizes.entries()) {
    const [frame] = await p.pull.receiveInto(buffer);
    assert.equal(frame.buffer, buffer.buffer);
    assertPattern(frame, size, i & 0xff, `message ${i}`);
  }
  await sent;
});

test("receiveInto - a buffer over a SharedArrayBuffer", async () => {
  using p = pipeline("inproc");
  const shared = new Uint8Array(new SharedArrayBuffer(128 * KiB));
  await p.push.send([patterned(20, 1), patterned(64 * KiB, 2)]);
  const m = await p.pull.receiveInto(shared);
  assert.ok(m.every((f) => f.buffer === shared.buffer));
  assertPattern(m[0], 20, 1);
  assertPattern(m[1], 64 * KiB, 2);
});

test("receiveInto - a buffer that is not a Uint8Array, or detached, is refused and consumes nothing", async () => {
  using p = pipeline("inproc");
  await p.push.send("kept");
  for (const bad of [new ArrayBuffer(8), new Uint16Array(8), new DataView(new ArrayBuffer(8)), null, "text", 5]) {
    await assert.rejects(
      p.pull.receiveInto(bad as unknown as Uint8Array),
      (e: unknown) => e instanceof TypeError && /receiveInto: the buffer must be a Uint8Array/.test(e.message),
    );
  }
  const detached = new Uint8Array(64);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  await assert.rejects(p.pull.receiveInto(detached), /receiveInto: the buffer is detached/);
  assert.deepEqual(await p.pull.receiveText(), ["kept"]);
});

test("receiveInto - a call that times out, is aborted or closed consumed nothing and wrote nothing", async () => {
  using p = pipeline("inproc");
  const buffer = new Uint8Array(64).fill(9);
  await assert.rejects(p.pull.receiveInto(buffer, { timeout: 30 }), { name: "TimeoutError" });
  const ac = new AbortController();
  const aborted = p.pull.receiveInto(buffer, { signal: ac.signal });
  ac.abort(new Error("stop"));
  await assert.rejects(aborted, /stop/);
  assert.ok(buffer.every((b) => b === 9), "the buffer is untouched");
  await p.push.send("next");
  assert.deepEqual(await p.pull.receiveText(), ["next"]);
  const pending = p.pull.receiveInto(buffer);
  p.pull.close();
  await assert.rejects(pending, isCode("EBADF"));
  assert.ok(buffer.every((b) => b === 9));
});

test("receiveInto - waiting calls and receive() calls are served in call order, each into its own buffer", async () => {
  using p = pipeline("tcp", { linger: 0 });
  const a = new Uint8Array(16);
  const b = new Uint8Array(16);
  const calls = [p.pull.receiveInto(a), p.pull.receive(), p.pull.receiveInto(b), p.pull.receiveInto(a)];
  for (const word of ["one", "two", "three", "four"]) await p.push.send(word);
  const [one, two, three, four] = await Promise.all(calls);
  const text = (m: Uint8Array[]) => new TextDecoder().decode(m[0]);
  // The first view (3 bytes) now shows the first 3 bytes of "four": the fourth call reused `a`.
  assert.deepEqual([text(one), text(two), text(three), text(four)], ["fou", "two", "three", "four"]);
  assert.equal(one[0].buffer, a.buffer); // overwritten by the fourth call: documented
  assert.equal(three[0].buffer, b.buffer);
  assert.notEqual(two[0].buffer, a.buffer);
});

test("receiveInto - a buffer detached or shrunk while the call waits: the frames get memory of their own", async () => {
  using p = pipeline("inproc");
  const buffer = new Uint8Array(MiB);
  const pending = p.pull.receiveInto(buffer);
  structuredClone(buffer.buffer, { transfer: [buffer.buffer] });
  await p.push.send([patterned(30 * KiB, 1), patterned(5, 2)]);
  const m = await pending;
  assert.ok(m.every((f) => f.buffer !== buffer.buffer));
  assertPattern(m[0], 30 * KiB, 1);
  assertPattern(m[1], 5, 2);

  const resizable = new ArrayBuffer(64 * KiB, { maxByteLength: 64 * KiB });
  const view = new Uint8Array(resizable);
  const later = p.pull.receiveInto(view);
  resizable.resize(100);
  await p.push.send([patterned(80, 3), patterned(40 * KiB, 4)]);
  const r = await later;
  assert.deepEqual(r.map((f) => f.buffer === resizable), [true, false]);
  assertPattern(r[0], 80, 3);
  assertPattern(r[1], 40 * KiB, 4);
});

test("receiveInto - a ROUTER's routing id and body, and frames posted on after they are received", async () => {
  const router = new Router();
  const dealer = new Dealer({ routingId: "worker-7" });
  try {
    dealer.connect(router.bind(endpoint("tcp")));
    await dealer.send(["", patterned(50 * KiB, 6)]);
    const buffer = new Uint8Array(64 * KiB);
    const [id, empty, body] = await router.receiveInto(buffer);
    assert.equal(new TextDecoder().decode(id), "worker-7");
    assert.equal(empty.byteLength, 0);
    assertPattern(body, 50 * KiB, 6);
    // A reply from the views: send() copies them, so reusing the buffer at once is safe.
    const replied = router.send([id, "", body]);
    buffer.fill(0);
    await replied;
    const [, echoed] = await dealer.receive();
    assertPattern(echoed, 50 * KiB, 6, "echoed");
  } finally {
    router.linger = dealer.linger = 0;
    router.close();
    dealer.close();
  }
});

test("receiveInto - the Pull type has it, and it is typed by the buffer", async () => {
  const pull = new Pull();
  try {
    const shared: Uint8Array<SharedArrayBuffer> = new Uint8Array(new SharedArrayBuffer(8));
    // A compile-time check as much as a run-time one: the frames' buffer type follows the argument.
    const pending: Promise<Uint8Array<SharedArrayBuffer | ArrayBuffer>[]> = pull.receiveInto(shared, { timeout: 1 });
    await assert.rejects(pending, { name: "TimeoutError" });
  } finally {
    pull.close();
  }
});

test("tryReceive(buffer) - as receiveInto, without a promise; null when nothing waits; bad buffers throw", async () => {
  using p = pipeline("tcp", { linger: 0 });
  const buffer = new Uint8Array(64 * KiB);
  assert.equal(p.pull.tryReceive(buffer), null);
  assert.throws(() => p.pull.tryReceive(new ArrayBuffer(4) as unknown as Uint8Array), /tryReceive: the buffer must be/);
  await p.push.send([patterned(10, 1), patterned(40 * KiB, 2), patterned(30 * KiB, 3)]);
  let m: Uint8Array[] | null = null;
  for (let i = 0; i < 500 && (m = p.pull.tryReceive(buffer)) === null; i++) await new Promise((r) => setTimeout(r, 2));
  assert.ok(m !== null, "the message arrived");
  assert.deepEqual(m.map((f) => f.buffer === buffer.buffer), [true, true, false]);
  [[10, 1], [40 * KiB, 2], [30 * KiB, 3]].forEach(([size, tag], i) => assertPattern(m![i], size, tag, `frame ${i}`));
  // While a receive() waits, tryReceive takes nothing, buffer or not.
  const waiting = p.pull.receive();
  await p.push.send("for the waiting call");
  assert.equal(p.pull.tryReceive(buffer), null);
  assert.deepEqual(new TextDecoder().decode((await waiting)[0]), "for the waiting call");
  const detached = new Uint8Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  assert.throws(() => p.pull.tryReceive(detached), /tryReceive: the buffer is detached/);
});

test("receiveInto - a Node Buffer, pooled or not: the frames are Buffers over it", async () => {
  const { Buffer } = await import("node:buffer");
  using p = pipeline("inproc");
  const whole = Buffer.alloc(64);
  await p.push.send(["hi", "there"]);
  const m = await p.pull.receiveInto(whole);
  assert.deepEqual(m.map((f) => [Buffer.isBuffer(f), f.buffer === whole.buffer, f.byteOffset]), [
    [true, true, 0],
    [true, true, 2],
  ]);
  assert.deepEqual(m.map((f) => f.toString()), ["hi", "there"]);
  // allocUnsafe of a few bytes is a view into a shared pool: only its own 10 bytes are written.
  const pooled = Buffer.allocUnsafe(10);
  const around = new Uint8Array(
    pooled.buffer,
    pooled.byteOffset + 10,
    Math.min(16, pooled.buffer.byteLength - pooled.byteOffset - 10),
  );
  const before = around.slice();
  await p.push.send("0123456789abcdef");
  const [long] = await p.pull.receiveInto(pooled);
  assert.notEqual(long.buffer, pooled.buffer, "16 bytes do not fit in 10");
  assert.deepEqual(around, before, "nothing written past the Buffer");
  await p.push.send("abc");
  const [short] = await p.pull.receiveInto(pooled);
  assert.equal(short.byteOffset, pooled.byteOffset);
  assert.equal(short.toString(), "abc");
});
