/**
 * A step of examples/pair/main.ts, run in a Worker: it wraps the main thread's context and
 * talks over inproc PAIR sockets. Not run on its own.
 */
import { Context, Pair } from "../../mod.ts";

interface Start {
  step: "step1" | "step2";
  context: bigint;
  rounds: number;
}

const worker = globalThis as unknown as Worker;
const decoder = new TextDecoder();

worker.addEventListener("message", async (e: MessageEvent<Start>) => {
  const { step, rounds } = e.data;
  // Same libzmq context as the main thread: not owned here, the main thread terminates it.
  const context = Context.fromHandle(e.data.context);
  try {
    if (step === "step1") {
      using toStep2 = new Pair({ context });
      toStep2.connect("inproc://step2");
      await toStep2.send("READY");
    } else {
      using fromStep1 = new Pair({ context });
      fromStep1.bind("inproc://step2");
      const [signal] = await fromStep1.receive();
      using toStep3 = new Pair({ context });
      toStep3.connect("inproc://step3");
      await toStep3.send(signal);
      let pings = 0;
      for await (const [frame] of toStep3) {
        const text = decoder.decode(frame);
        if (text === "bye") break;
        await toStep3.send(`pong ${text.slice(5)} from step 2`);
        pings++;
      }
      if (pings !== rounds) throw new Error(`step 2 expected ${rounds} pings, got ${pings}`);
    }
    await context.terminate(); // closes this thread's sockets; the shared context lives on
    worker.postMessage("done");
  } catch (error) {
    worker.postMessage(`${step} failed: ${error}`);
  }
});
worker.postMessage("ready");
