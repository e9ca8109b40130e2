/**
 * The helper Worker of the Worker-based wake paths (bench/wake/waits.ts): blocks in poll(2) on the
 * socket's ZMQ_FD (never calls libzmq), then answers the JS thread one of three ways:
 *   aw  Atomics.add + Atomics.notify on the shared control word (the main thread awaits
 *       Atomics.waitAsync): how the library's Bun backend answers today
 *   cb  Deno only: calls the main thread's Deno.UnsafeCallback.threadSafe through an
 *       UnsafeFnPointer (the call returns once the main thread ran the callback)
 *   pm  postMessage (armed by a message, answers with one)
 * aw and cb are armed through the control word: [request seq, answer seq, nfds, result].
 */
import { bunFfi, runtime } from "./ffi.ts";

interface Init {
  mode: "aw" | "cb" | "pm";
  ctrl: Int32Array;
  pollfds: Uint8Array;
  callback?: bigint;
}
interface WorkerScope {
  onmessage: ((ev: MessageEvent) => void) | null;
  postMessage(msg: unknown): void;
}
const scope = globalThis as unknown as WorkerScope;

type Poll = (fds: Uint8Array, nfds: number | bigint, timeout: number) => number;

async function bindPoll(): Promise<Poll> {
  if (runtime === "deno") {
    const { symbols } = Deno.dlopen(
      "libc.so.6",
      {
        poll: { parameters: ["buffer", "usize", "i32"], result: "i32" },
      } as const,
    );
    return (fds, nfds, timeout) => symbols.poll(fds, BigInt(nfds), timeout);
  }
  const ffi = await bunFfi<{ dlopen(p: string, d: unknown): { symbols: { poll: Poll } } }>();
  return ffi.dlopen("libc.so.6", { poll: { args: ["ptr", "usize", "i32"], returns: "i32" } }).symbols.poll;
}

scope.onmessage = async (ev: MessageEvent) => {
  const { mode, ctrl, pollfds, callback } = ev.data as Init;
  const poll = await bindPoll();
  if (mode === "pm") {
    scope.onmessage = () => scope.postMessage(poll(pollfds, 1, -1));
    scope.postMessage("ready");
    return;
  }
  let answer: () => void;
  if (mode === "cb") {
    const fn = new Deno.UnsafeFnPointer(
      Deno.UnsafePointer.create(callback!)!,
      { parameters: [], result: "void" } as const,
    );
    answer = () => fn.call();
  } else {
    answer = () => {
      Atomics.add(ctrl, 1, 1);
      Atomics.notify(ctrl, 1);
    };
  }
  scope.postMessage("ready");
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    seen = Atomics.load(ctrl, 0);
    ctrl[3] = poll(pollfds, ctrl[2], -1);
    answer();
  }
};
