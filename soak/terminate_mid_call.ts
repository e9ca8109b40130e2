/**
 * Probe (not a scenario): Workers terminated the moment they make their first socket, while
 * `zmq_socket` starts the context's libzmq threads. Bun's `worker.terminate()` ends a Worker's
 * thread even inside a native call (it signals the thread, which exits on the spot: seen with
 * strace, a Worker in usleep(3 s) gone 6 ms after terminate()); Deno stops a Worker only when it
 * is back in JS. A thread ended inside libzmq can leave a context's lock held or a socket half
 * made, and that context then never terminates. Prints what is left and must then exit by
 * itself: run it with a time limit.
 *
 *   timeout 90 bun soak/terminate_mid_call.ts [N]      (or: timeout 90 deno run -A soak/terminate_mid_call.ts [N])
 */
import { fdCount, sleep, zmqThreadCount } from "./lib.ts";
import { Pull } from "../mod.ts";

// The main thread uses the library, so it sweeps what ended Workers left (README, "Workers that end").
const keep = new Pull();
keep.bind("inproc://keep");
const N = Number(process.argv[2] ?? 200);
const source = `
import { Push } from ${JSON.stringify(new URL("../mod.ts", import.meta.url).href)};
self.onmessage = () => { self.postMessage("go"); const p = new Push(); p.connect("tcp://127.0.0.1:1"); };
self.postMessage("ready");`;
const url = URL.createObjectURL(new Blob([source], { type: "application/javascript" }));
const baseline = zmqThreadCount();
for (let i = 0; i < N; i++) {
  const w = new Worker(url, { type: "module" });
  await new Promise<void>((resolve) => {
    w.onmessage = (e: MessageEvent) => {
      if (e.data === "ready") w.postMessage(0);
      else {
        w.terminate();
        resolve();
      }
    };
  });
}
for (let t = 0; t < 40 && zmqThreadCount() > baseline; t++) await sleep(250);
console.log(JSON.stringify({ workers: N, libzmqThreadsLeft: zmqThreadCount() - baseline, fds: fdCount() }));
keep.close();
