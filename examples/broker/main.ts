/**
 * The request/reply broker, self-contained, twice: with the hand-written poll loop
 * (rrbroker.ts), then with the native Proxy (msgqueue.ts). Each time the clients start first,
 * then the workers, then the broker: the order does not matter. Three clients, two workers.
 *
 *   deno run -A examples/broker/main.ts [requests per client]
 *   bun examples/broker/main.ts
 */
import process from "node:process";
import { client } from "./rrclient.ts";
import { worker } from "./rrworker.ts";
import { broker } from "./rrbroker.ts";
import { messageQueue } from "./msgqueue.ts";

const requests = Number(process.argv[2] ?? 10);

for (const kind of ["poll loop", "Proxy"] as const) {
  const tag = `${process.pid}-${kind === "Proxy" ? "proxy" : "poll"}`;
  const frontend = `ipc:///tmp/zmq-example-broker-front-${tag}`;
  const backend = `ipc:///tmp/zmq-example-broker-back-${tag}`;

  const clients = ["A", "B", "C"].map((name) => client(frontend, name, requests));
  const stopWorkers = new AbortController();
  const workers = ["w1", "w2"].map((name) => worker(backend, name, stopWorkers.signal));

  let stopBroker: () => Promise<unknown>;
  if (kind === "poll loop") {
    const stop = new AbortController();
    const running = broker(frontend, backend, stop.signal);
    stopBroker = () => {
      stop.abort();
      return running.done;
    };
  } else {
    const queue = messageQueue(frontend, backend);
    stopBroker = () => queue.stop();
  }

  // (A worker that connects a moment before the other may take every request: the Dealer
  // round-robins over the workers connected at that moment.)
  const replies = await Promise.all(clients);
  stopWorkers.abort();
  const answered = await Promise.all(workers);
  const stats = await stopBroker();

  for (const [i, list] of replies.entries()) {
    const name = "ABC"[i];
    list.forEach((reply, n) => {
      if (!reply.startsWith(`World (Hello ${n} from ${name})`)) throw new Error(`client ${name}: wrong reply ${reply}`);
    });
  }
  const total = answered.reduce((a, b) => a + b, 0);
  console.log(`broker (${kind}): 3 clients got all ${3 * requests} replies; workers answered ${answered.join(" + ")}`);
  if (total !== 3 * requests) throw new Error("requests were lost or duplicated");
  if (kind === "Proxy") {
    const { frontend: f } = stats as { frontend: { messagesReceived: number } };
    console.log(`broker (Proxy): statistics: the frontend received ${f.messagesReceived} messages`);
  }
}
console.log("broker: done");
