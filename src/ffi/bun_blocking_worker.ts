/** Bun helper thread for one blocking libzmq call (zmq_proxy_steerable, zmq_ctx_term). */
declare const self: {
  onmessage: (ev: { data: { path: string; name: string; args: string[]; returns: string; values: unknown[] } }) => void;
  postMessage(msg: unknown): void;
};
const ffiSpecifier = "bun:ffi";

// onmessage is set synchronously so the first message cannot arrive before it exists.
self.onmessage = async (ev) => {
  const { path, name, args, returns, values } = ev.data;
  try {
    const { dlopen } = await import(ffiSpecifier);
    const { symbols } = dlopen(path, { [name]: { args, returns } });
    const result = symbols[name](...values);
    self.postMessage({ result: Number(result) });
  } catch (e) {
    self.postMessage({ error: String((e as Error)?.message ?? e) });
  }
};
