/**
 * High-water marks: how many messages a socket queues for a peer that does not read, and what
 * happens past that. A Push waits (back-pressure: send() stays pending until there is room);
 * a Publisher never waits and drops what a slow subscriber has no room for.
 *
 *   deno run -A examples/hwm/main.ts
 *   bun examples/hwm/main.ts
 *
 * Both sides get a high-water mark of 10. Over inproc a fresh Push queues exactly the sum of
 * the two (20); over tcp the kernel's socket buffers hold more on top, which is why the messages
 * here are 64 KiB: with tiny ones the buffers would take hundreds of thousands.
 */
import process from "node:process";
import { Publisher, Pull, Push, Subscriber } from "../../mod.ts";

const HWM = 10;
const PAYLOAD = new Uint8Array(64 * 1024);
/** A fresh endpoint per socket pair (an inproc name is freed only once libzmq reaped the socket). */
let n = 0;
const endpoints = {
  inproc: () => `inproc://hwm-${process.pid}-${n++}`,
  tcp: () => "tcp://127.0.0.1:*",
};

/** Receives until nothing more arrives within `quiet` ms; returns the count. */
async function drain(socket: Pull | Subscriber, quiet = 200): Promise<number> {
  let n = 0;
  try {
    for (;;) {
      await socket.receive({ timeout: quiet });
      n++;
    }
  } catch (e) {
    if (!(e instanceof DOMException && e.name === "TimeoutError")) throw e;
  }
  return n;
}

for (const [transport, endpoint] of Object.entries(endpoints)) {
  // --- PUSH: blocks ------------------------------------------------------------------------------
  {
    using pull = new Pull({ receiveHighWaterMark: HWM });
    const bound = pull.bind(endpoint());
    using push = new Push({ sendHighWaterMark: HWM });
    push.connect(bound);
    await push.send("first"); // waits for the connection
    let queued = 1;
    // trySend() says false instead of waiting; keep a little slack for tcp's I/O thread to move
    // messages into the kernel.
    for (let misses = 0; misses < 20;) {
      if (push.trySend(PAYLOAD)) {
        queued++;
        misses = 0;
      } else {
        misses++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    let blocked = false;
    try {
      await push.send(PAYLOAD, { timeout: 300 });
    } catch (e) {
      if (!(e instanceof DOMException && e.name === "TimeoutError")) throw e;
      blocked = true;
    }
    console.log(`hwm ${transport}: PUSH queued ${queued} messages for a puller that does not read,`);
    console.log(`hwm ${transport}: then send() ${blocked ? "waited (timed out after 300 ms)" : "did not wait?!"}`);
    const late = push.send(PAYLOAD);
    const received = await drain(pull);
    await late;
    console.log(`hwm ${transport}: the puller read ${received}: nothing lost, the waiting send went through`);
    if (!blocked || received !== queued + 1) {
      throw new Error("PUSH should block at its high-water mark and lose nothing");
    }
    if (transport === "inproc" && queued !== 2 * HWM) throw new Error(`inproc should queue ${2 * HWM}`);
  }

  // --- PUB: drops --------------------------------------------------------------------------------
  {
    using sub = new Subscriber({ receiveHighWaterMark: HWM });
    using pub = new Publisher({ sendHighWaterMark: HWM });
    const bound = pub.bind(endpoint());
    sub.connect(bound);
    sub.subscribe();
    // Slow joiner: probe until the subscription is in place, then empty the subscriber.
    while (sub.tryReceive() === null) {
      await pub.send("probe");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await drain(sub, 50);

    const published = 1000;
    const started = performance.now();
    for (let i = 0; i < published; i++) await pub.send(PAYLOAD); // never waits
    const ms = performance.now() - started;
    const received = await drain(sub);
    console.log(
      `hwm ${transport}: PUB published ${published} in ${ms.toFixed(1)} ms without waiting; ` +
        `the subscriber got ${received}, ${published - received} were dropped`,
    );
    if (received >= published || received === 0) throw new Error("PUB should drop past its high-water mark");
    // (Over inproc at most 20 get through: fewer when the publisher has not yet been told that
    // the probes were read.)
    if (transport === "inproc" && received > 2 * HWM) throw new Error(`inproc should deliver at most ${2 * HWM}`);
  }
}
console.log("hwm: done");
