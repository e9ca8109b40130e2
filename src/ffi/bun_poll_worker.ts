/** Bun helper thread: blocks in poll(2) on the fds the main thread publishes; never calls libzmq. */
declare const self: { onmessage: (ev: { data: { libc: string; ctrl: Int32Array; pollfds: Uint8Array } }) => void };
const ffiSpecifier = "bun:ffi";

// onmessage is set synchronously so the first message cannot arrive before it exists.
self.onmessage = async (ev) => {
  const { libc, ctrl, pollfds } = ev.data;
  const { dlopen } = await import(ffiSpecifier);
  const { symbols } = dlopen(libc, { poll: { args: ["ptr", "usize", "i32"], returns: "i32" } });
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    seen = Atomics.load(ctrl, 0);
    const result = symbols.poll(pollfds, ctrl[2], -1) as number;
    ctrl[3] = result;
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
};
