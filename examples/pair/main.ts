/**
 * Exclusive pair between threads: the seed's "mtrelay" with Web Workers. Three steps in one
 * process, each in its own thread, pass a signal along PAIR sockets over inproc. inproc only
 * connects sockets of the same libzmq context, so the main thread's context is shared with the
 * Workers: it posts `context.unsafeAddress` and each Worker wraps it with `Context.fromHandle`.
 *
 *   deno run -A examples/pair/main.ts
 *   bun examples/pair/main.ts
 *
 * Prints "step 3: test successful", then a ping-pong over the same pair, and exits 0.
 */
import process from "node:process";
import { Context, Pair } from "../../mod.ts";

const rounds = Number(process.argv[2] ?? 5);
const context = new Context();

/** Starts a step in a Worker and resolves when it reports done. */
function startStep(step: string): { done: Promise<void>; worker: Worker } {
  const worker = new Worker(new URL("./step.ts", import.meta.url), { type: "module" });
  const done = new Promise<void>((resolve, reject) => {
    worker.addEventListener("message", (e: MessageEvent) => {
      // The Worker says "ready" once its module (and libzmq) is loaded: a message posted before
      // that could be missed while the module still evaluates.
      if (e.data === "ready") worker.postMessage({ step, context: context.unsafeAddress, rounds });
      else if (e.data === "done") resolve();
      else reject(new Error(String(e.data)));
    });
    worker.addEventListener("error", (e: ErrorEvent) => {
      e.preventDefault();
      reject(new Error(`${step}: ${e.message}`));
    });
  });
  return { done, worker };
}

try {
  using step3 = new Pair({ context });
  step3.bind("inproc://step3");
  // Step 2 binds inproc://step2 and connects to us; step 1 connects to step 2. With libzmq 4
  // an inproc connect may come before the bind, so the order the Workers start in does not matter.
  const steps = [startStep("step1"), startStep("step2")];

  const [signal] = await step3.receive();
  console.log(`step 3: got "${new TextDecoder().decode(signal)}" from step 2: test successful`);

  // A pair is bidirectional: ping-pong with step 2 over the same socket.
  for (let i = 1; i <= rounds; i++) {
    await step3.send(`ping ${i}`);
    const [reply] = await step3.receive();
    console.log(`step 3: ${new TextDecoder().decode(reply)}`);
  }
  await step3.send("bye");
  await Promise.all(steps.map((s) => s.done));
  for (const s of steps) s.worker.terminate();
} finally {
  // Terminating the shared context waits until every thread closed its sockets.
  await context.terminate();
}
console.log("pair: done");
