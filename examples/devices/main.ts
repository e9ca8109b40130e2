/**
 * The three devices, self-contained: each runs between real peers in this process.
 *  - queue: two Request clients, two Reply workers;
 *  - forwarder: two publishers and two subscribers that know only the forwarder;
 *  - streamer: a Push sender and two Pull workers.
 *
 *   deno run -A examples/devices/main.ts
 *   bun examples/devices/main.ts
 */
import process from "node:process";
import { forwarder, Publisher, Pull, Push, queue, Reply, Request, streamer, Subscriber } from "../../mod.ts";

const decoder = new TextDecoder();
const text = (frames: Uint8Array[]): string => frames.map((f) => decoder.decode(f)).join(" ");

// --- queue -------------------------------------------------------------------------------------
{
  const device = queue("tcp://127.0.0.1:*", `ipc:///tmp/zmq-example-queue-${process.pid}`);
  const [front] = device.endpoints.frontend;
  const [back] = device.endpoints.backend;
  const workers = ["w1", "w2"].map((name) => {
    const rep = new Reply();
    rep.connect(back);
    void (async () => {
      for await (const request of rep) await rep.send(`${text(request)} answered by ${name}`);
    })();
    return rep;
  });
  const replies = await Promise.all(["A", "B"].map(async (name) => {
    using req = new Request();
    req.connect(front);
    const got: string[] = [];
    for (let i = 0; i < 5; i++) {
      await req.send(`${name}${i}`);
      got.push(text(await req.receive()));
    }
    return got;
  }));
  for (const w of workers) w.close();
  const stats = await device.statistics();
  await device.stop();
  const all = replies.flat();
  if (all.length !== 10 || !all.every((r, i) => r.startsWith(`${"AB"[Math.floor(i / 5)]}${i % 5} answered`))) {
    throw new Error(`queue: wrong replies ${all}`);
  }
  console.log(`queue: 2 clients got 10 replies through the queue (${stats.backend.messagesSent} messages to workers)`);
}

// --- forwarder ---------------------------------------------------------------------------------
{
  const device = forwarder(`ipc:///tmp/zmq-example-fwd-in-${process.pid}`, "tcp://127.0.0.1:*");
  const [front] = device.endpoints.frontend;
  const [back] = device.endpoints.backend;
  const publishers = ["north", "south"].map((name) => {
    const pub = new Publisher();
    pub.connect(front); // publishers connect too: they only need the forwarder's address
    return { name, pub };
  });
  const subscribers = ["weather", "news"].map((topic) => {
    const sub = new Subscriber();
    sub.connect(back);
    sub.subscribe(topic);
    return { topic, sub };
  });
  // Publish until every subscriber heard its topic from both publishers: their subscriptions
  // reach the publishers through the forwarder a moment after connecting.
  const heard = subscribers.map(async ({ topic, sub }) => {
    const from = new Set<string>();
    while (from.size < 2) {
      const [t, publisher] = (await sub.receive()).map((f) => decoder.decode(f));
      if (t !== topic) throw new Error(`forwarder: ${topic} subscriber got ${t}`);
      from.add(publisher);
    }
    return from;
  });
  let done = false;
  void Promise.all(heard).then(() => done = true, () => done = true);
  while (!done) {
    for (const { name, pub } of publishers) {
      await pub.send(["weather", name]);
      await pub.send(["news", name]);
      await pub.send(["sports", name]); // nobody subscribed: filtered out upstream
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(heard);
  for (const { pub } of publishers) pub.close();
  for (const { sub } of subscribers) sub.close();
  await device.stop();
  console.log("forwarder: each subscriber heard its topic from both publishers, and nothing else");
}

// --- streamer ----------------------------------------------------------------------------------
{
  const device = streamer("tcp://127.0.0.1:*", `ipc:///tmp/zmq-example-stream-${process.pid}`);
  const [front] = device.endpoints.frontend;
  const [back] = device.endpoints.backend;
  const total = 20;
  let received = 0;
  const pullers = [1, 2].map(() => {
    const pull = new Pull();
    pull.connect(back);
    return pull;
  });
  const working = pullers.map(async (pull) => {
    let n = 0;
    for await (const _task of pull) {
      n++;
      if (++received === total) { for (const p of pullers) p.close(); }
    }
    return n;
  });
  {
    using push = new Push();
    push.connect(front);
    for (let i = 0; i < total; i++) await push.send(`task ${i}`);
  }
  const counts = await Promise.all(working);
  await device.stop();
  console.log(`streamer: ${received} of ${total} tasks went through (${counts.join(" + ")})`);
  if (received !== total) throw new Error("streamer: tasks lost");
}
console.log("devices: done");
