/**
 * The helper Worker of the Worker-based wake paths (bench/wake/waits.ts): blocks in poll(2) on the
 * socket's ZMQ_FD (never calls libzmq), then answers the JS thread one of three ways:
 *   aw  Atomics.add + Atomics.notify on the shared control word (the main thread awaits
 *       Atomics.waitAsync): how the library's Bun backend answers today
 *   cb  Deno only: calls the main thread's Deno.UnsafeCallback.threadSafe through an
 *       UnsafeFnPointer (the call returns once the main thread ran the callback)
 *   pm  postMessage (armed by a message, answers with one)
 *   et  never armed: stays in epoll_wait(2) on the fd registered with EPOLLIN | EPOLLET and
 *       counts each edge in the control word's answer seq (Atomics.add + Atomics.notify)
 * aw and cb are armed through the control word: [request seq, answer seq, nfds, result].
 */
import { bunFfi, runtime } from "./ffi.ts";

interface Init {
  mode: "aw" | "cb" | "pm" | "et";
  ctrl: Int32Array;
  pollfds: Uint8Array;
  callback?: bigint;
  fd?: number;
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

interface Epoll {
  epoll_create1(flags: number): number;
  epoll_ctl(epfd: number, op: number, fd: number, event: Uint8Array): number;
  epoll_wait(epfd: number, events: Uint8Array, max: number, timeout: number): number;
}

async function bindEpoll(): Promise<Epoll> {
  if (runtime === "deno") {
    return Deno.dlopen(
      "libc.so.6",
      {
        epoll_create1: { parameters: ["i32"], result: "i32" },
        epoll_ctl: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
        epoll_wait: { parameters: ["i32", "buffer", "i32", "i32"], result: "i32" },
      } as const,
    ).symbols;
  }
  const ffi = await bunFfi<{ dlopen(p: string, d: unknown): { symbols: Epoll } }>();
  return ffi.dlopen("libc.so.6", {
    epoll_create1: { args: ["i32"], returns: "i32" },
    epoll_ctl: { args: ["i32", "i32", "i32", "ptr"], returns: "i32" },
    epoll_wait: { args: ["i32", "ptr", "i32", "i32"], returns: "i32" },
  }).symbols;
}

const EPOLL_CTL_ADD = 1, EPOLLIN = 1, EPOLLET = 1 << 31;

async function edges(ctrl: Int32Array, fd: number): Promise<never> {
  const ep = await bindEpoll();
  const epfd = ep.epoll_create1(0);
  // struct epoll_event is packed on x86-64: u32 events, u64 data (12 bytes).
  const event = new Uint8Array(12);
  new DataView(event.buffer).setUint32(0, (EPOLLIN | EPOLLET) >>> 0, true);
  if (epfd < 0 || ep.epoll_ctl(epfd, EPOLL_CTL_ADD, fd, event) !== 0) throw new Error("epoll set-up failed");
  scope.postMessage("ready");
  const events = new Uint8Array(12 * 4);
  for (;;) {
    if (ep.epoll_wait(epfd, events, 4, -1) > 0) {
      Atomics.add(ctrl, 1, 1);
      Atomics.notify(ctrl, 1);
    }
  }
}

scope.onmessage = async (ev: MessageEvent) => {
  const { mode, ctrl, pollfds, callback, fd } = ev.data as Init;
  if (mode === "et") return void await edges(ctrl, fd!);
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
