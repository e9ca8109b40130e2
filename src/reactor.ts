/**
 * The event-loop reactor: wakes sockets whose operations are waiting, without blocking the JS
 * thread and without spinning.
 *
 * Every operation is first tried with ZMQ_DONTWAIT by the socket itself. Only on EAGAIN does
 * the socket register here. A run (one macrotask) services the registered sockets (each retries
 * its operations until EAGAIN and re-reads ZMQ_EVENTS, because ZMQ_FD is edge-triggered), then
 * does a zero-timeout poll(2) on the JS thread over the fds of sockets still waiting, so peers in
 * the same process never pay a thread hop. After a run that settled waiters, the next one starts
 * in a microtask as soon as the released code sent a message (at most MICRO_RUNS in a row, then
 * the event loop gets its turn), or on the next macrotask. Only then does it park: a helper
 * thread blocks in poll(2) over those fds plus a wake pipe, and no libzmq function ever runs off
 * the JS thread.
 * The pipe is written when the watched set must change (a new socket waits, a watched socket
 * closes, or nothing waits any more, so an idle process can exit).
 */
import { native } from "./ffi/mod.ts";
import { LIBC } from "./constants.ts";
import { addWakePipe } from "./registry.ts";

/** A socket as the reactor sees it. */
export interface Watched {
  /** The socket's ZMQ_FD. */
  readonly fd: number;
  /** Retries the socket's waiting operations; true while some must still wait for the fd. */
  service(): boolean;
  /** The wait itself failed (the helper thread died): rejects the socket's waiting operations. */
  fail(error: Error): void;
}

// Both runtimes have setImmediate; declared here so the library type-checks without @types/node.
declare function setImmediate(callback: () => void): unknown;

const POLLIN = LIBC.POLLIN;
const EAGER_OPS = 256;
/** DESIGN.md: the JS thread blocks at most 200 µs at a time. */
const MAX_LATENCY_BUDGET_US = 200;
/** The most waits that skip the budget after budgeted waits in a row came back empty. */
const MAX_BACKOFF = 64;
const EAGER_BYTES = 4 * 1024 * 1024;
/** Microtask hops a run that settled waiters watches for a send before falling back to a macrotask. */
const MICRO_HOPS = 8;
/** Runs started from microtasks in one macrotask (then the event loop gets its turn). */
const MICRO_RUNS = 32;

function pollfdBuffer(count: number): Uint8Array {
  return new Uint8Array(Math.max(count, 16) * 8);
}

class Reactor {
  #waiting = new Set<Watched>();
  #dirty = new Set<Watched>();
  #scheduled = false;
  #inflight: Set<Watched> | null = null;
  #parkBuf = pollfdBuffer(64);
  #pollBuf = pollfdBuffer(64);
  #pollFds = new Int32Array(this.#pollBuf.buffer);
  #pollEv = new Int16Array(this.#pollBuf.buffer);
  #pollList: Watched[] = [];
  #batch: Watched[] = [];
  #timespecUs = -1;
  #wakeRead = -1;
  #wakeWrite = -1;
  #wakePending = false;
  #eagerOps = 0;
  #eagerBytes = 0;
  #budgetUs = 0;
  /** A run settled a waiter: JS work was released, a peer may answer soon (see noteProgress). */
  #progressed = false;
  /** Counts messages sent: a send may have made a socket of this process readable (see noteSend). */
  #sent = 0;
  /** Runs started from microtasks since the last macrotask run. */
  #microRuns = 0;
  /** Runs in a row that settled nothing (the next idle one parks). */
  #idleRuns = 0;
  /**
   * The budget's adaptation: after a budgeted wait came back empty (the peer was slower than
   * the budget) the next `#skip` waits go straight to the helper thread, and each further empty
   * one doubles that (up to MAX_BACKOFF); a budgeted wait that catches its message, or a parked
   * one that ended within the budget, engages it again. So a fast peer gets the budget on every
   * wait, and an idle or slow one costs at most one budget per MAX_BACKOFF waits.
   */
  #skip = 0;
  #backoff = 0;
  /**
   * A budgeted wait already blocked the thread in this turn of the event loop: the next one
   * waits for the next macrotask, so timers and other I/O run in between and never wait more
   * than one budget for this socket's sake (measured before this rule: a fast REQ/REP loop kept
   * the budget engaged from microtasks for 256 operations at a time, delaying a 1 ms timer by
   * 40-60 ms and an HTTP server in the same process by as much). That costs each round trip a
   * macrotask hop (7-10 µs on Deno here), and letting budgeted waits follow one another for
   * 1 ms of a turn instead was measured and dropped: an HTTP server in the same Deno process
   * went from p99 11 to 57 ms in a round of bench/budget_cost.ts (bench/README.md, issue 15).
   */
  #budgetUsed = false;
  #parkedAt = 0;
  #timespec = new BigInt64Array(2);

  /**
   * Whether an operation that can complete at once may do so without yielding. After a run of
   * EAGER_OPS operations, or of EAGER_BYTES (see noteBytes), in one macrotask, the next one goes
   * through a macrotask, so timers and other sockets get their turn.
   */
  eager(): boolean {
    if (this.#eagerOps >= EAGER_OPS || this.#eagerBytes >= EAGER_BYTES) {
      this.#schedule();
      return false;
    }
    this.#eagerOps++;
    return true;
  }

  /** Bytes an eager operation moved (a large message counts for more than one operation). */
  noteBytes(bytes: number): void {
    this.#eagerBytes += bytes;
  }

  /** A message was sent: a socket of this process may have become readable. */
  noteSend(): void {
    this.#sent++;
  }

  /** A run settled a waiting call: JS work was released, and a peer may answer soon. */
  noteProgress(): void {
    this.#progressed = true;
  }

  /**
   * The latency budget in microseconds (0, the default, turns it off). See `setLatencyBudget`.
   */
  setBudget(us: number): void {
    if (typeof us !== "number" || !Number.isFinite(us) || us < 0 || us > MAX_LATENCY_BUDGET_US) {
      throw new RangeError(`the latency budget must be 0 to ${MAX_LATENCY_BUDGET_US} microseconds, got ${us}`);
    }
    this.#budgetUs = Math.floor(us);
  }

  get budget(): number {
    return this.#budgetUs;
  }

  /**
   * A socket has operations waiting, or its state may have changed: service it soon. While the
   * latency budget is engaged, "soon" is a microtask: the budgeted ppoll then starts as soon as
   * the code that asked has run, rather than a macrotask later (measured: that hop was most of
   * latency mode's distance from its floor).
   */
  want(w: Watched): void {
    this.#dirty.add(w);
    if (this.#scheduled) return;
    if (
      this.#budgetUs !== 0 && this.#skip === 0 && !this.#budgetUsed && !this.#progressed && this.#inflight === null
    ) {
      this.#scheduled = true;
      queueMicrotask(this.#runOnceBound);
      return;
    }
    this.#schedule();
  }

  /** Where the reactor stands, in words (for a stalled test's message; costs nothing otherwise). */
  describe(): string {
    const fds = (set: Iterable<Watched>) => [...set].map((w) => w.fd).join(",");
    const inflight = this.#inflight === null
      ? "no helper wait in flight"
      : `helper waits on fds [${fds(this.#inflight)}] since ${Math.round(performance.now() - this.#parkedAt)} ms`;
    return `waiting fds [${fds(this.#waiting)}], dirty [${fds(this.#dirty)}], run scheduled ${this.#scheduled}; ` +
      `${inflight}, wake pending ${this.#wakePending}, ref'd ${this.#refd}; ` +
      (this.#inflight === null && this.#waiting.size === 0 ? "" : native.fdWaiter().describe());
  }

  #runOnceBound = (): void => {
    if (this.#scheduled) this.#runOnce();
  };

  /** A socket closes: forget it, and make the helper thread drop its fd before the fd is reused. */
  drop(w: Watched): void {
    this.#waiting.delete(w);
    this.#dirty.delete(w);
    if (this.#inflight?.has(w)) this.#wake();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#run);
  }

  /**
   * After a run that settled waiters: the code they release runs in microtasks and may send to
   * a socket of this process (inproc, or a loopback peer in this process). Watch for a send for
   * a few microtask hops and run again at once if one happens, rather than a macrotask later;
   * otherwise, and after MICRO_RUNS such runs, fall back to the next macrotask.
   */
  #scheduleSoon(): void {
    if (this.#scheduled) return;
    if (this.#microRuns >= MICRO_RUNS) return this.#schedule();
    this.#scheduled = true;
    const mark = this.#sent;
    let hops = 0;
    const check = (): void => {
      if (this.#sent !== mark) {
        this.#microRuns++;
        this.#scheduled = false;
        this.#runOnce();
      } else if (++hops < MICRO_HOPS) {
        queueMicrotask(check);
      } else {
        this.#scheduled = false;
        this.#schedule();
      }
    };
    queueMicrotask(check);
  }

  #run = (): void => {
    this.#eagerOps = 0;
    this.#eagerBytes = 0;
    this.#microRuns = 0;
    this.#budgetUsed = false;
    this.#runOnce();
  };

  #runOnce(): void {
    this.#scheduled = false;
    for (let round = 0; round < 8; round++) {
      // Each socket marked now is serviced once; those marked while this runs wait for the next round.
      const batch = this.#batch.length === 0 ? this.#batch : []; // [] if ever re-entered
      for (const w of this.#dirty) batch.push(w);
      this.#dirty.clear();
      for (let i = 0; i < batch.length; i++) {
        const w = batch[i];
        if (w.service()) this.#waiting.add(w);
        else this.#waiting.delete(w);
      }
      batch.length = 0;
      if (this.#waiting.size === 0) break;
      // Latency budget (adaptive): block in ppoll(2) for at most the budget, but only while
      // recent waits ended within it, once per turn of the event loop, and never after a run
      // that released JS work (an in-process peer cannot answer while this thread blocks).
      // Otherwise a zero-timeout poll (ppoll with the budget returns at once if ready anyway).
      const budgeted = this.#budgetUs !== 0 && round === 0 && !this.#progressed && this.#skip === 0 &&
        !this.#budgetUsed;
      if (!budgeted) {
        if (!this.#pollNow(0)) break;
      } else {
        this.#budgetUsed = true;
        if (!this.#pollNow(this.#budgetUs)) {
          // The peer was slower than the budget: stop paying it for a while.
          this.#backoff = Math.min(Math.max(1, this.#backoff * 2), MAX_BACKOFF);
          this.#skip = this.#backoff;
          break;
        }
        this.#backoff = 0;
      }
    }
    if (this.#waiting.size !== 0) {
      // A run that settled a waiter released JS work: an in-process peer may answer within this
      // turn of the event loop, so look once more (a zero-timeout poll) as soon as it sent
      // something, or on the next macrotask, before paying the helper thread's wake-up. An idle
      // run parks.
      const progressed = this.#progressed;
      this.#progressed = false;
      this.#idleRuns = progressed ? 0 : this.#idleRuns + 1;
      if (this.#idleRuns === 0) return this.#scheduleSoon();
    } else {
      this.#progressed = false;
    }
    this.#park();
  }

  /**
   * poll(2) on the JS thread, zero timeout (or a bounded ppoll of `us` microseconds); marks
   * ready sockets dirty. True if any were.
   */
  #pollNow(us: number): boolean {
    // No allocation on this path (it runs once or twice per wait): views and the timespec are
    // made again only when the buffer grows or the budget changes.
    const list = this.#pollList;
    list.length = 0;
    for (const w of this.#waiting) list.push(w);
    if (list.length * 8 > this.#pollBuf.length) {
      this.#pollBuf = pollfdBuffer(list.length * 2);
      this.#pollFds = new Int32Array(this.#pollBuf.buffer);
      this.#pollEv = new Int16Array(this.#pollBuf.buffer);
    }
    const fds = this.#pollFds;
    const ev = this.#pollEv;
    for (let i = 0; i < list.length; i++) {
      fds[2 * i] = list[i].fd;
      ev[4 * i + 2] = POLLIN;
      ev[4 * i + 3] = 0;
    }
    let n: number;
    const ppoll = native.libc.ppoll;
    if (us > 0 && ppoll) {
      if (this.#timespecUs !== us) {
        this.#timespecUs = us;
        this.#timespec[0] = BigInt(Math.floor(us / 1e6));
        this.#timespec[1] = BigInt((us % 1e6) * 1000);
      }
      n = ppoll(this.#pollBuf, native.size(list.length), this.#timespec, null);
    } else {
      n = native.libc.poll(this.#pollBuf, native.size(list.length), us > 0 ? Math.ceil(us / 1000) : 0) as number;
    }
    if (n > 0) { for (let i = 0; i < list.length; i++) if (ev[4 * i + 3] !== 0) this.#dirty.add(list[i]); }
    list.length = 0; // holds no socket past the call
    return n > 0 && this.#dirty.size > 0;
  }

  #park(): void {
    if (this.#inflight) {
      // A helper-thread poll is in flight: restart it if it misses a waiting socket, or if
      // nothing waits any more (so it stops keeping the process alive).
      if (this.#waiting.size === 0) this.#wake();
      else for (const w of this.#waiting) if (!this.#inflight.has(w)) return this.#wake();
      return;
    }
    if (this.#waiting.size === 0) return this.#unref();
    const waiter = native.fdWaiter();
    this.#ensurePipe();
    const list = [...this.#waiting];
    const count = list.length + 1;
    if (count * 8 > this.#parkBuf.length) this.#parkBuf = pollfdBuffer(count * 2);
    const buf = this.#parkBuf;
    const fds = new Int32Array(buf.buffer);
    const ev = new Int16Array(buf.buffer);
    fds[0] = this.#wakeRead;
    ev[2] = POLLIN;
    ev[3] = 0;
    for (let i = 0; i < list.length; i++) {
      fds[2 * (i + 1)] = list[i].fd;
      ev[4 * (i + 1) + 2] = POLLIN;
      ev[4 * (i + 1) + 3] = 0;
    }
    this.#inflight = new Set(list);
    this.#refd = true;
    this.#parkedAt = performance.now(); // for the budget's adaptation, and describe()
    waiter.ref(true);
    waiter.wait(buf, count).then(
      () => this.#woken(buf, list),
      (e) => this.#failed(e instanceof Error ? e : new Error(String(e)), list),
    );
  }

  #woken(buf: Uint8Array, list: Watched[]): void {
    this.#inflight = null;
    if (this.#budgetUs !== 0) {
      const waitedUs = (performance.now() - this.#parkedAt) * 1000;
      if (waitedUs <= this.#budgetUs) this.#skip = 0; // the peer is fast again
      else if (this.#skip > 0) this.#skip--;
    }
    const ev = new Int16Array(buf.buffer);
    if (ev[3] !== 0) this.#drainPipe();
    for (let i = 0; i < list.length; i++) {
      if (ev[4 * (i + 1) + 3] !== 0 && this.#waiting.has(list[i])) this.#dirty.add(list[i]);
    }
    if (this.#waiting.size === 0 && this.#dirty.size === 0) this.#unref();
    // Service at once, in this promise callback: a further macrotask hop costs 15-40 µs per wake.
    if (!this.#scheduled) this.#run();
  }

  /** The helper thread could not wait (it failed to start, or died): nothing would wake these sockets. */
  #failed(error: Error, list: Watched[]): void {
    this.#inflight = null;
    for (const w of list) {
      this.#waiting.delete(w);
      this.#dirty.delete(w);
      w.fail(error);
    }
    if (this.#waiting.size !== 0 || this.#dirty.size !== 0) this.#schedule();
  }

  /** The helper's wait no longer keeps the process alive (a call into the runtime only when it did). */
  #unref(): void {
    if (!this.#refd) return;
    this.#refd = false;
    native.fdWaiter().ref(false);
  }
  #refd = false;

  #ensurePipe(): void {
    if (this.#wakeRead >= 0) return;
    // Registered as it is made: should this thread end (a Worker) while its helper waits on the
    // pipe, another thread wakes the helper and closes the pipe (src/registry.ts).
    const [read, write] = addWakePipe();
    const nonblocking = LIBC.O_NONBLOCK[native.os] ?? LIBC.O_NONBLOCK.linux;
    native.libc.fcntl(read, LIBC.F_SETFL, nonblocking);
    native.libc.fcntl(write, LIBC.F_SETFL, nonblocking);
    this.#wakeRead = read;
    this.#wakeWrite = write;
  }

  #wakeByte = new Uint8Array(1);
  #drainBuf = new Uint8Array(64);

  #wake(): void {
    if (this.#wakePending || this.#wakeWrite < 0) return;
    this.#wakePending = true;
    native.libc.write(this.#wakeWrite, this.#wakeByte, native.size(1));
  }

  #drainPipe(): void {
    this.#wakePending = false;
    while (Number(native.libc.read(this.#wakeRead, this.#drainBuf, native.size(64))) === 64) { /* drain */ }
  }
}

/** The one reactor of this thread. */
export const reactor: Reactor = new Reactor();

/**
 * Opt-in latency mode. When an operation must wait, the JS thread first blocks in ppoll(2) for
 * at most `microseconds` (Linux; elsewhere rounded up to whole ms) before handing the wait to
 * the helper thread. A reply that arrives within the budget then skips one thread hop (measured
 * here: cross-process round trips ~20-30 % shorter). The cost: other JS work (timers, other
 * I/O) can be delayed by up to the budget each time a wait starts, and a waiting process sleeps
 * in the kernel rather than spinning, so idle CPU stays near zero. 0 turns it off; at most 200.
 */
export function setLatencyBudget(microseconds: number): void {
  reactor.setBudget(microseconds);
}

/** The current latency budget in microseconds (0: off). */
export function latencyBudget(): number {
  return reactor.budget;
}
