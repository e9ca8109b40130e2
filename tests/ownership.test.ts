/**
 * Who owns what: a received frame is the caller's (kept, sliced, posted or transferred to a
 * Worker without touching any other frame or later receive), a send that has to wait owns what
 * it was given, and sends that were called but not awaited still go out when the socket closes.
 */
import { assert, endpoint, runtime, test, text, TRANSPORTS, waitFor } from "./_harness.ts";
import { Context, Pair, Pull, Push } from "../mod.ts";
import { pipeline } from "./_helpers.ts";
import { ADOPT_MIN, adopting } from "../src/msg.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Transfers a frame's buffer the way postMessage does; true if it was taken, false if the runtime refused. */
function transfer(frame: Uint8Array<ArrayBuffer>): boolean {
  try {
    structuredClone(frame, { transfer: [frame.buffer] });
    return true;
  } catch (e) {
    // Deno: frames of up to 1 KiB live in pooled memory a transfer cannot take (a TypeError,
    // nothing changes). Bun: every frame has a buffer of its own.
    assert.equal(runtime, "deno");
    assert.ok(e instanceof TypeError || (e as Error).name === "DataCloneError", String(e));
    assert.ok(frame.byteLength <= 1024);
    return false;
  }
}

for (const size of [5, 40, 300, 1024, 1025, 4096, 8192, 16384, 100_000, 4 << 20]) {
  test(`frames - transferring a received ${size}-byte frame changes no other frame and no later receive`, async () => {
    using p = pipeline();
    const body = (tag: number) => new Uint8Array(size).fill(tag);
    for (let i = 0; i < 6; i++) await p.push.send([`head ${i}`, body(i)]);
    const a = await p.pull.receive();
    const b = await p.pull.receive();
    const before = [...b[1]];
    const taken = transfer(a[1]);
    if (taken) assert.equal(a[1].byteLength, 0, "a transferred frame is detached, as any transferred view");
    else assert.deepEqual([...a[1]], [...body(0)], "a refused transfer changes nothing");
    transfer(a[0]);
    // The other frames of that message and of the next one are intact.
    assert.deepEqual([...b[1]], before);
    assert.equal(decoder.decode(b[0]), "head 1");
    // Later receives are whole and right, on every socket of the thread.
    for (let i = 2; i < 6; i++) {
      const m = await p.pull.receive();
      assert.equal(m.length, 2);
      assert.equal(decoder.decode(m[0]), `head ${i}`);
      assert.deepEqual([...m[1]], [...body(i)]);
    }
  });
}

test("frames - a received frame can be posted to a real Worker, by copy and by transfer of its own slice", async () => {
  using p = pipeline();
  await p.push.send(["one", "two"]);
  const [one, two] = await p.pull.receive();
  const src = `self.onmessage = (e) => self.postMessage(new TextDecoder().decode(e.data));`;
  const url = URL.createObjectURL(new Blob([src], { type: "application/javascript" }));
  const worker = new Worker(url, { type: "module" });
  try {
    const echo = (data: Uint8Array, moved?: ArrayBuffer[]) =>
      new Promise<string>((resolve) => {
        worker.onmessage = (e: MessageEvent) => resolve(e.data);
        worker.postMessage(data, moved ? { transfer: moved } : undefined);
      });
    assert.equal(await echo(one), "one"); // copied
    const own = two.slice();
    assert.equal(await echo(own, [own.buffer]), "two"); // moved
    assert.equal(own.byteLength, 0);
    assert.equal(decoder.decode(one), "one");
    assert.equal(decoder.decode(two), "two");
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});

test("frames - received frames are kept, sliced and still right after thousands of later receives", async () => {
  using p = pipeline();
  const kept: Uint8Array[][] = [];
  for (let i = 0; i < 3000; i++) {
    await p.push.send([`k${i}`, new Uint8Array(i % 50).fill(i & 0xff)]);
    const m = await p.pull.receive();
    if (i % 100 === 0) kept.push(m);
  }
  kept.forEach((m, j) => {
    const i = j * 100;
    assert.equal(decoder.decode(m[0]), `k${i}`);
    assert.deepEqual([...m[1]], [...new Uint8Array(i % 50).fill(i & 0xff)]);
    assert.equal(decoder.decode(m[0].subarray(1)), `${i}`);
  });
});

test("frames - received frames are ArrayBuffer-backed: digest, Blob and Response take them", async () => {
  using p = pipeline();
  await p.push.send("hello");
  const [frame] = await p.pull.receive();
  assert.ok(frame.buffer instanceof ArrayBuffer);
  assert.equal((await crypto.subtle.digest("SHA-256", frame)).byteLength, 32);
  assert.equal(await new Blob([frame]).text(), "hello");
  assert.equal(await new Response(frame).text(), "hello");
});

test("send - a send that had to wait sends the bytes it was given, whatever the caller does to them later", async () => {
  // At the high-water mark the sends queue; then the buffers change or are transferred.
  using p = pipeline("inproc", { sendHighWaterMark: 1, receiveHighWaterMark: 1 });
  const sends: Promise<void>[] = [];
  const buffers: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < 20; i++) {
    const b = encoder.encode(`message ${i}`);
    buffers.push(b);
    sends.push(p.push.send(b));
  }
  buffers.forEach((b, i) => {
    if (i % 2 === 0) b.fill(0x21);
    else structuredClone(b.buffer, { transfer: [b.buffer] });
  });
  for (let i = 0; i < 20; i++) assert.equal(decoder.decode((await p.pull.receive())[0]), `message ${i}`);
  await Promise.all(sends);
});

test("send - a detached buffer is a TypeError, before anything is queued", async () => {
  using p = pipeline();
  const b = encoder.encode("gone");
  structuredClone(b.buffer, { transfer: [b.buffer] });
  await assert.rejects(p.push.send(["ok", b]), /frame 1 is a detached ArrayBuffer/);
  await p.push.send("next");
  assert.deepEqual(text(await p.pull.receive()), ["next"]);
});

for (const transport of TRANSPORTS) {
  test(`close - 300 sends called without await, then close(): all 300 arrive over ${transport}`, async () => {
    const pull = new Pull();
    try {
      const push = new Push();
      push.connect(pull.bind(endpoint(transport)));
      if (transport !== "inproc") {
        // Let the connection come up, as a real program's earlier traffic would.
        await push.send("hello");
        await pull.receive();
      }
      const settled: Promise<unknown>[] = [];
      for (let i = 0; i < 300; i++) settled.push(push.send(`m${i}`));
      push.close();
      const results = await Promise.allSettled(settled);
      assert.deepEqual(results.filter((r) => r.status === "rejected"), []);
      for (let i = 0; i < 300; i++) {
        assert.equal(decoder.decode((await pull.receive({ timeout: 5000 }))[0]), `m${i}`);
      }
    } finally {
      pull.close();
    }
  });
}

test("close - un-awaited sends beyond the high-water mark: what libzmq took arrives, only the rest rejects", async () => {
  const pull = new Pull({ receiveHighWaterMark: 5 });
  try {
    const push = new Push({ sendHighWaterMark: 5 });
    push.connect(pull.bind(endpoint("tcp")));
    await push.send("hello");
    await pull.receive();
    const settled: Promise<unknown>[] = [];
    for (let i = 0; i < 2000; i++) settled.push(push.send(`m${i}`));
    push.close();
    const results = await Promise.allSettled(settled);
    const sent = results.findIndex((r) => r.status === "rejected");
    assert.ok(sent > 0 && sent < 2000, `sent ${sent}`);
    // Those that resolved were sent in order; every later one rejected with EBADF.
    assert.ok(
      results.slice(sent).every((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "EBADF"),
    );
    for (let i = 0; i < sent; i++) assert.equal(decoder.decode((await pull.receive({ timeout: 5000 }))[0]), `m${i}`);
  } finally {
    pull.close();
  }
});

test("iteration - for await ends quietly when the shared context is terminated by another thread", async () => {
  const context = new Context();
  const pair = new Pair({ context });
  pair.bind(endpoint("inproc"));
  try {
    // zmq_ctx_term in another thread starts with what zmq_ctx_shutdown does: every call of the
    // context's sockets fails with ETERM.
    const iterated = (async () => {
      let n = 0;
      for await (const _ of pair) n++;
      return n;
    })();
    await new Promise((r) => setTimeout(r, 50));
    context.shutdown();
    assert.equal(await iterated, 0);
  } finally {
    pair.close();
    await context.terminate();
  }
});

test("arguments - receive({ signal: {} }) is a TypeError, a NaN timeout says NaN", async () => {
  using p = pipeline();
  await assert.rejects(p.pull.receive({ signal: {} as AbortSignal }), /receive: options.signal must be an AbortSignal/);
  await assert.rejects(
    p.push.send("x", { signal: "no" as unknown as AbortSignal }),
    /send: options.signal must be an AbortSignal/,
  );
  await assert.rejects(p.pull.receive({ timeout: NaN }), /timeout must be a number of milliseconds, not NaN/);
  // Nothing was consumed by the failed calls.
  await p.push.send("still here");
  assert.deepEqual(text(await p.pull.receive()), ["still here"]);
  await waitFor(() => true);
});

/** Forces full garbage collections (Deno needs --v8-flags=--expose-gc, which the suite's runs may lack). */
async function collect(): Promise<void> {
  const g = globalThis as { Bun?: { gc(sync: boolean): void }; gc?: () => void };
  for (let i = 0; i < 3; i++) {
    if (g.Bun) g.Bun.gc(true);
    else g.gc?.();
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("frames - large frames (on Bun libzmq's own memory) outlive their socket and context, and GC, intact", async () => {
  const context = new Context();
  const kept: { frame: Uint8Array; tag: number }[] = [];
  try {
    const pull = new Pull({ context });
    const push = new Push({ context });
    push.connect(pull.bind(endpoint("inproc")));
    for (const [i, size] of [16384, 65536, 300_000, 2 << 20].entries()) {
      await push.send(new Uint8Array(size).fill(i + 1));
      const [frame] = await pull.receive();
      kept.push({ frame, tag: i + 1 });
      // A slice and a subarray of it, kept as well.
      kept.push({ frame: frame.subarray(100, 200), tag: i + 1 });
      kept.push({ frame: frame.slice(size - 50), tag: i + 1 });
    }
    push.close();
    pull.close();
  } finally {
    await context.terminate();
  }
  await collect();
  // Churn some garbage so freed memory would be reused if anything were freed too early.
  for (let i = 0; i < 50; i++) new Uint8Array(1 << 16).fill(0xee);
  await collect();
  for (const { frame, tag } of kept) {
    assert.ok(frame.every((b) => b === tag), `a frame of ${frame.length} bytes changed`);
  }
});

test("frames - a large received frame transferred to a real Worker stays valid there after GC on both sides", async () => {
  using p = pipeline();
  const size = 1 << 20;
  await p.push.send(new Uint8Array(size).fill(7));
  const [frame] = await p.pull.receive();
  const src = `self.onmessage = async (e) => {
    const v = e.data;
    for (let i = 0; i < 3; i++) { globalThis.Bun?.gc(true); globalThis.gc?.(); await new Promise((r) => setTimeout(r, 20)); }
    let sum = 0; for (const b of v) sum += b;
    self.postMessage(sum);
  };`;
  const url = URL.createObjectURL(new Blob([src], { type: "application/javascript" }));
  const worker = new Worker(url, { type: "module" });
  try {
    const summed = new Promise<number>((resolve) => worker.onmessage = (e: MessageEvent) => resolve(e.data));
    worker.postMessage(frame, { transfer: [frame.buffer] });
    assert.equal(frame.byteLength, 0);
    await collect();
    for (let i = 0; i < 30; i++) {
      await p.push.send(new Uint8Array(size).fill(1)); // more large frames, dropped at once
      await p.pull.receive();
    }
    await collect();
    assert.equal(await summed, 7 * size);
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});

test("frames - on Bun (Linux x86-64) frames of 16 KiB and more are libzmq's memory, not copies; Deno copies", async () => {
  const x86 = (globalThis as { process?: { arch?: string } }).process?.arch === "x64";
  // Bun releases them with native code on the process's one code page (machine_code.ts).
  assert.equal(adopting(), runtime === "bun" && x86);
  using p = pipeline();
  await p.push.send(new Uint8Array(ADOPT_MIN).fill(5));
  const [frame] = await p.pull.receive();
  assert.equal(frame.length, ADOPT_MIN);
  assert.ok(frame.every((b) => b === 5));
});
