/**
 * `zmq perf local_thr|remote_thr|local_lat|remote_lat ENDPOINT SIZE COUNT`: libzmq's perf tools
 * (perf/local_thr.cpp and friends) with the same arguments, socket types and output lines, so
 * either side can run against the C tools or pyzmq's perf scripts. A progress bar goes to stderr
 * when it is a terminal.
 */
import process from "node:process";
import { Pull, Push, Reply, Request } from "../mod.ts";
import { integer, parse, UsageError } from "./args.ts";
import { Failure, info, onEnd, setQuiet, setup, writeLine } from "./run.ts";

const FLAGS = {
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

export const PERF_TESTS = ["local_thr", "remote_thr", "local_lat", "remote_lat"] as const;

/** A progress bar on stderr, drawn at most every 100 ms, only when stderr is a terminal. */
class Progress {
  #total: number;
  #next = 0;
  #on: boolean;
  constructor(total: number) {
    this.#total = total;
    this.#on = process.stderr.isTTY === true && total > 0;
  }
  /** Call often; draws only when 100 ms passed (checks the clock every 1024 calls). */
  tick(done: number): void {
    if (!this.#on || (done & 1023) !== 0) return;
    const now = Date.now();
    if (now < this.#next) return;
    this.#next = now + 100;
    const width = 30;
    const filled = Math.round((done / this.#total) * width);
    const pct = Math.floor((done / this.#total) * 100);
    process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${pct}% ${done}/${this.#total}`);
  }
  clear(): void {
    if (this.#on && this.#next !== 0) process.stderr.write("\r\x1b[K");
  }
}

function checkSize(frames: Uint8Array[], size: number): void {
  const got = frames.reduce((n, f) => n + f.length, 0);
  if (got !== size) throw new Failure(`message of incorrect size received (${got} bytes, expected ${size})`);
}

/** Microseconds since `t0` (a performance.now() value), at least 1 as libzmq's stopwatch gives. */
function microseconds(t0: number): number {
  return Math.max(1, Math.round((performance.now() - t0) * 1000));
}

async function lines(...text: string[]): Promise<void> {
  for (const t of text) await writeLine(t);
}

function bindOrConnect(socket: Pull | Push | Reply | Request, endpoint: string, bind: boolean): void {
  if (bind) info(`bound ${setup(() => socket.bind(endpoint))}`);
  else setup(() => socket.connect(endpoint));
}

/** Runs one perf test; resolves once its output is written. */
export async function runPerf(args: string[]): Promise<void> {
  const { values: v, positionals } = parse("perf", args, FLAGS, true);
  setQuiet(v.quiet === true);
  const [test, endpoint, sizeText, countText, ...rest] = positionals;
  if (test === undefined || !(PERF_TESTS as readonly string[]).includes(test)) {
    throw new UsageError(
      test === undefined
        ? "perf needs a test: local_thr, remote_thr, local_lat or remote_lat"
        : `unknown perf test "${test}" (local_thr, remote_thr, local_lat or remote_lat)`,
    );
  }
  if (countText === undefined || rest.length) {
    throw new UsageError(`usage: zmq perf ${test} ENDPOINT SIZE COUNT`);
  }
  const size = integer("SIZE", sizeText, 0, 0x7fffffff);
  const count = integer("COUNT", countText, 1, 0x7fffffff);
  const progress = new Progress(count);
  onEnd(() => progress.clear());

  switch (test) {
    case "local_thr": {
      const pull = setup(() => new Pull());
      onEnd(() => pull.close());
      bindOrConnect(pull, endpoint, true);
      // One buffer for every message, as libzmq's tool reuses one zmq_msg_t: no allocation each.
      const buffer = new Uint8Array(size);
      checkSize(await pull.receiveInto(buffer), size);
      const t0 = performance.now();
      for (let i = 1; i < count; i++) {
        checkSize(pull.tryReceive(buffer) ?? await pull.receiveInto(buffer), size);
        progress.tick(i);
      }
      const elapsed = microseconds(t0);
      progress.clear();
      const throughput = (count / elapsed) * 1_000_000;
      const megabits = (throughput * size * 8) / 1_000_000;
      return await lines(
        `message size: ${size} [B]`,
        `message count: ${count}`,
        `mean throughput: ${Math.trunc(throughput)} [msg/s]`,
        `mean throughput: ${megabits.toFixed(3)} [Mb/s]`,
      );
    }
    case "remote_thr": {
      // linger -1 as the C tool (libzmq's default): every message goes out before the exit.
      const push = setup(() => new Push({ linger: -1 }));
      onEnd((why) => {
        // stopped early (a signal, a failure): what is left would wait forever for a reader
        if (why !== "done") push.linger = 0;
        push.close();
      });
      bindOrConnect(push, endpoint, false);
      const message = new Uint8Array(size);
      for (let i = 0; i < count; i++) {
        if (!push.trySend(message)) await push.send(message);
        progress.tick(i);
      }
      progress.clear();
      return;
    }
    case "local_lat": {
      const rep = setup(() => new Reply());
      onEnd(() => rep.close());
      bindOrConnect(rep, endpoint, true);
      for (let i = 0; i < count; i++) {
        const m = await rep.receive();
        checkSize(m, size);
        await rep.send(m);
        progress.tick(i);
      }
      progress.clear();
      return;
    }
    case "remote_lat": {
      const req = setup(() => new Request());
      onEnd(() => req.close());
      bindOrConnect(req, endpoint, false);
      const message = new Uint8Array(size);
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        await req.send(message);
        checkSize(await req.receive(), size);
        progress.tick(i);
      }
      const latency = microseconds(t0) / (count * 2);
      progress.clear();
      return await lines(
        `message size: ${size} [B]`,
        `roundtrip count: ${count}`,
        `average latency: ${latency.toFixed(3)} [us]`,
      );
    }
  }
}
