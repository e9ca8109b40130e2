/**
 * Handling several sockets, self-contained: a task source (Push) and a weather publisher feed
 * the Poller reader, then the two-loop reader; each must get every task and some updates.
 *
 *   deno run -A examples/poller/main.ts
 *   bun examples/poller/main.ts
 */
import process from "node:process";
import { Publisher, Push } from "../../mod.ts";
import { concurrentReader } from "./concurrent.ts";
import { type Counts, mspoller } from "./mspoller.ts";

const TASKS = 50;
const UPDATES = 20;

for (const [name, reader] of [["poller", mspoller], ["concurrent", concurrentReader]] as const) {
  using tasks = new Push();
  const tasksEndpoint = tasks.bind("tcp://127.0.0.1:*");
  using weather = new Publisher();
  const weatherEndpoint = weather.bind(`ipc:///tmp/zmq-example-weather-${process.pid}`);

  const enough = (c: Counts): boolean => c.tasks === TASKS && c.updates >= UPDATES;
  const reading = reader(tasksEndpoint, weatherEndpoint, enough);
  // Tasks wait in the Push until the reader connects; updates are published until it has
  // enough (the ones before its subscription arrived are dropped: pub/sub's slow joiner).
  for (let i = 0; i < TASKS; i++) await tasks.send(`task ${i}`);
  let finished = false;
  reading.then(() => finished = true, () => finished = true);
  while (!finished) {
    await weather.send(`10001 ${Math.random()}`);
    await weather.send("60601 other city");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const counts = await reading;
  console.log(`${name}: ${counts.tasks} tasks and ${counts.updates} updates for 10001`);
  if (!enough(counts)) throw new Error(`${name}: unexpected counts`);
}
console.log("poller: both readers got every task and their updates");
