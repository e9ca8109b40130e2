/**
 * Proxy: libzmq's own `zmq_proxy_steerable` on a helper thread (Deno: a nonblocking FFI call,
 * Bun: a Worker), so messages move at C speed and the JS thread stays free. Steered through a
 * private inproc PAIR control pair.
 */
import { native, type Pointer } from "./ffi/mod.ts";
import { ZmqError, zmqError } from "./errors.ts";
import { LITTLE_ENDIAN, ZMQ } from "./constants.ts";
import { coreOf } from "./core.ts";
import { getInt } from "./sockopt.ts";
import { Socket } from "./socket.ts";
import { Dealer, Pair, Pull } from "./sockets.ts";

/** Restarts of the native proxy after it returned -1 (EINTR) allowed within one second. */
const RELAUNCH_LIMIT = 20;

/** libzmq's counters of one side of a proxy. */
export interface ProxySocketStatistics {
  /** Messages received on this socket (libzmq 4.3.4 counts a multipart message once; its master, each frame). */
  messagesReceived: number;
  /** Bytes received on this socket. */
  bytesReceived: number;
  /** Messages sent on this socket (counted like messagesReceived). */
  messagesSent: number;
  /** Bytes sent on this socket. */
  bytesSent: number;
}

/** The 8 counters of `zmq_proxy_steerable`'s STATISTICS command, summed over pauses. */
export interface ProxyStatistics {
  /** The counters of the frontend socket. */
  frontend: ProxySocketStatistics;
  /** The counters of the backend socket. */
  backend: ProxySocketStatistics;
}

/** Options of a Proxy. */
export interface ProxyOptions {
  /**
   * A socket that gets a copy of every frame the proxy forwards, in both directions (a PUB or
   * a PUSH, bound or connected). Note: libzmq 4.3.4 and older also copy the proxy's control
   * commands ("PAUSE", "RESUME", "TERMINATE", "STATISTICS", each a single frame) to it, and
   * this class sends some on every pause(), resume(), terminate() and statistics().
   */
  capture?: Socket;
}

/** The life of a Proxy: "idle" before run(), "running", "paused", "ended" once run() settled. */
export type ProxyState = "idle" | "running" | "paused" | "ended";

/** How long terminate() waits before freeing a proxy that is stuck sending (see #unjam). */
const UNJAM_AFTER_MS = 200;
const ZEROS: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0];

let proxies = 0;
const runId = Math.random().toString(36).slice(2, 8);

/** A socket of the proxy that libzmq may block on while sending, with its escape endpoint. */
interface Hatch {
  socket: Socket;
  endpoint: string;
  /** Hands messages back once the proxy ends (false: capture copies, dropped). */
  resend: boolean;
  drain: Pull | Dealer | null;
}

function fsm(message: string): ZmqError {
  return zmqError("EFSM", message);
}

function decodeStatistics(frames: Uint8Array[]): number[] {
  if (frames.length !== 8 || frames.some((f) => f.length !== 8)) {
    throw zmqError("EPROTO", `the proxy answered STATISTICS with ${frames.length} frames, not 8 of 8 bytes`);
  }
  return frames.map((f) => Number(new DataView(f.buffer, f.byteOffset, 8).getBigUint64(0, LITTLE_ENDIAN)));
}

function toStatistics(c: readonly number[]): ProxyStatistics {
  return {
    frontend: { messagesReceived: c[0], bytesReceived: c[1], messagesSent: c[2], bytesSent: c[3] },
    backend: { messagesReceived: c[4], bytesReceived: c[5], messagesSent: c[6], bytesSent: c[7] },
  };
}

/**
 * Forwards messages between a frontend and a backend socket with libzmq's `zmq_proxy_steerable`,
 * running on a helper thread.
 *
 * @example A request broker, paused, counted and stopped
 * ```ts
 * import { Dealer, Proxy, Router } from "zeromq-ffi";
 *
 * using frontend = new Router();
 * frontend.bind("tcp://127.0.0.1:*"); // clients connect here
 * using backend = new Dealer();
 * backend.bind("tcp://127.0.0.1:*"); // workers connect here
 * const proxy = new Proxy(frontend, backend);
 * const done = proxy.run(); // resolves when terminated
 * await proxy.pause();
 * await proxy.resume();
 * console.log(await proxy.statistics()); // { frontend: { messagesReceived: 0, ... }, backend: {...} }
 * await proxy.terminate();
 * await done; // frontend and backend are usable again
 * ```
 *
 * While the proxy runs (or is paused), its sockets belong to the proxy's thread: any use from JS
 * throws a ZmqError "EBUSY". Once `run()` settles they are released and usable again (closing
 * them stays the caller's job). A Proxy runs once. It keeps the process alive while it runs or
 * is paused, and not after it ended.
 *
 * pause() stops the native proxy (libzmq 4.3's own PAUSE keeps polling a readable frontend at
 * full CPU), resume() starts it again; the counters of statistics() carry on across pauses.
 * Steering goes through a private inproc PAIR pair in the frontend's context. A PUSH or DEALER
 * among the sockets is also bound to a private inproc endpoint while the proxy runs (see
 * terminate()), which its `lastEndpoint` may show afterwards.
 */
export class Proxy {
  /** The socket clients talk to. */
  readonly frontend: Socket;
  /** The socket workers or subscribers talk to. */
  readonly backend: Socket;
  /** The capture socket, if any. */
  readonly capture: Socket | undefined;

  #id = ++proxies;
  #state: ProxyState = "idle";
  #terminating = false;
  #stopping = false;
  /** The JS end of the control pair, and the end handed to the proxy. */
  #control: Pair | null = null;
  #peer: Pair | null = null;
  #handles: { frontend: Pointer; backend: Pointer; capture: Pointer; control: Pointer } | null = null;
  /** The zmq_proxy_steerable call in flight: its return code (-2: the call itself failed). */
  #native: Promise<number> | null = null;
  /** Counters of runs that ended (a pause ends a native run). */
  #base: number[] = [...ZEROS];
  #hatches: Hatch[] = [];
  #chain: Promise<unknown> = Promise.resolve();
  #done: Promise<void> | null = null;
  #settle: { resolve(): void; reject(e: unknown): void } | null = null;
  #keepAlive: ReturnType<typeof setInterval> | undefined;
  #unjamTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * A proxy between `frontend` and `backend` (neither runs until run()): both must be bound or
   * connected; `options.capture` gets a copy of every frame.
   */
  constructor(frontend: Socket, backend: Socket, options: ProxyOptions = {}) {
    if (!(frontend instanceof Socket)) throw new TypeError("Proxy: the frontend must be a socket");
    if (!(backend instanceof Socket)) throw new TypeError("Proxy: the backend must be a socket");
    if (typeof options !== "object" || options === null) throw new TypeError("Proxy: options must be an object");
    const capture = options.capture;
    if (capture !== undefined && !(capture instanceof Socket)) {
      throw new TypeError("Proxy: the capture option must be a socket");
    }
    if (capture !== undefined && (capture === frontend || capture === backend)) {
      throw new TypeError("Proxy: the capture socket must not be the frontend or the backend");
    }
    this.frontend = frontend;
    this.backend = backend;
    this.capture = capture;
  }

  /** "idle" (before run()), "running", "paused" or "ended". */
  get state(): ProxyState {
    return this.#state;
  }

  /**
   * Hands the sockets to a helper thread running `zmq_proxy_steerable` and resolves when the
   * proxy has ended (after terminate()), with the sockets released to JS again. Rejects at once
   * if a socket is closed, has pending operations, or is neither bound nor connected, and if the
   * proxy already ran; rejects later if libzmq's proxy fails.
   */
  run(): Promise<void> {
    if (this.#state !== "idle") {
      return Promise.reject(
        fsm(
          this.#state === "ended"
            ? "run(): the proxy has ended; a Proxy runs once"
            : "run(): the proxy is already running",
        ),
      );
    }
    try {
      this.#start();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#done!;
  }

  /**
   * Stops forwarding (messages wait in the sockets' queues); resolves once the proxy has stopped.
   * A proxy stuck sending to a peer that does not read acts once that peer reads (or on terminate()).
   */
  pause(): Promise<void> {
    const error = this.#refuse("pause");
    if (error) return Promise.reject(error);
    return this.#serial(async () => {
      if (this.#state !== "running") return;
      await this.#stopNative();
      this.#state = "paused";
      this.#keepAlive ??= setInterval(() => {}, 1 << 30);
    });
  }

  /** Forwards again after pause(); resolves once the proxy is polling its sockets again. */
  resume(): Promise<void> {
    const error = this.#refuse("resume");
    if (error) return Promise.reject(error);
    return this.#serial(async () => {
      if (this.#state !== "paused") return;
      clearInterval(this.#keepAlive);
      this.#keepAlive = undefined;
      this.#state = "running";
      this.#launch();
      await this.#query();
    });
  }

  /**
   * Ends the proxy; resolves once it has ended and its sockets are released (run() settles
   * too). If libzmq is stuck sending to a PUSH or DEALER peer that does not read (libzmq 4.3
   * forwards in bursts of blocking sends and reads no command meanwhile), the proxy is freed by
   * a private peer that takes the rest of the burst; those messages are sent again on that
   * socket once it is released (after what it had queued). Rejects with "EFSM" before run() or
   * when called twice.
   */
  terminate(): Promise<void> {
    if (this.#state === "idle") return Promise.reject(fsm("terminate(): the proxy is not running; call run() first"));
    if (this.#terminating || this.#state === "ended") {
      return Promise.reject(fsm("terminate(): the proxy is already terminated"));
    }
    this.#terminating = true;
    this.#unjamTimer = setTimeout(() => this.#unjam(), UNJAM_AFTER_MS);
    return this.#serial(async () => {
      try {
        if (this.#state === "running") await this.#stopNative();
      } catch {
        return; // #stopNative ended the proxy with the error, which run() reports
      }
      this.#finish();
    });
  }

  /**
   * libzmq's 8 counters (messages and bytes received and sent on each side), summed over every
   * run since run(). After the proxy ended: the final counts.
   */
  statistics(): Promise<ProxyStatistics> {
    if (this.#state === "idle") {
      return Promise.reject(fsm("statistics(): the proxy is not running; call run() first"));
    }
    return this.#serial(async () => {
      if (this.#state !== "running") return toStatistics(this.#base);
      const now = await this.#query();
      return toStatistics(now.map((v, i) => v + this.#base[i]));
    });
  }

  // --- internals -------------------------------------------------------------------------------

  #refuse(what: string): ZmqError | null {
    if (this.#state === "idle") return fsm(`${what}(): the proxy is not running; call run() first`);
    if (this.#terminating || this.#state === "ended") return fsm(`${what}(): the proxy is terminated`);
    return null;
  }

  /** Runs steering operations one at a time, in call order. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.#chain.then(fn);
    this.#chain = p.catch(() => {});
    return p;
  }

  #sockets(): Socket[] {
    return this.capture ? [this.frontend, this.backend, this.capture] : [this.frontend, this.backend];
  }

  #start(): void {
    const ends: [string, Socket][] = [["frontend", this.frontend], ["backend", this.backend]];
    if (this.capture) ends.push(["capture", this.capture]);
    for (const [role, s] of ends) {
      if (!s.closed && !coreOf(s).attached) {
        throw zmqError("EINVAL", `run(): the ${role} (${s.type}) is neither bound nor connected`);
      }
    }
    const distinct = [...new Set(this.#sockets())];
    const name = `inproc://zmq-ffi-proxy-${runId}-${this.#id}`;
    const cleanup: (() => void)[] = [];
    try {
      const control = new Pair({ context: this.frontend.context, linger: 0 });
      cleanup.push(() => control.close());
      control.bind(`${name}-control`);
      const peer = new Pair({ context: this.frontend.context, linger: 0 });
      cleanup.push(() => peer.close());
      peer.connect(`${name}-control`);
      // PUSH and DEALER block libzmq's proxy thread when their peers do not read; a private
      // endpoint lets terminate() free it (see #unjam). Unbound when the proxy ends.
      for (const s of distinct) {
        if (s.closed || (s.type !== "PUSH" && s.type !== "DEALER")) continue;
        const endpoint = `${name}-escape-${this.#hatches.length}`;
        s.bind(endpoint);
        this.#hatches.push({ socket: s, endpoint, resend: s !== this.capture, drain: null });
        cleanup.push(() => s.unbind(endpoint));
      }
      // Throws EBADF for a closed socket, EBUSY for one with pending operations or owned by
      // another proxy; everything done so far is undone.
      const handles = new Map<Socket, Pointer>();
      cleanup.push(() => handles.forEach((_, s) => coreOf(s).takeBack()));
      for (const s of [...distinct, peer]) handles.set(s, coreOf(s).lend("proxy"));
      this.#handles = {
        frontend: handles.get(this.frontend)!,
        backend: handles.get(this.backend)!,
        capture: this.capture ? handles.get(this.capture)! : null,
        control: handles.get(peer)!,
      };
      this.#control = control;
      this.#peer = peer;
    } catch (e) {
      this.#hatches = [];
      for (const undo of cleanup.reverse()) undo();
      throw e;
    }
    this.#done = new Promise<void>((resolve, reject) => (this.#settle = { resolve, reject }));
    this.#state = "running";
    this.#launch();
  }

  /** Starts a zmq_proxy_steerable call on a helper thread. */
  #launch(): void {
    const h = this.#handles!;
    const run: Promise<number> = native.zmq.zmq_proxy_steerable(h.frontend, h.backend, h.capture, h.control)
      .then((rc) => rc, () => -2);
    this.#native = run;
    void run.then((rc) => {
      if (this.#native === run) this.#native = null;
      if (this.#stopping || this.#state !== "running") return;
      // libzmq's proxy returns -1 when a signal reaches its thread (EINTR from zmq_poll; the
      // errno stays on that thread): the sockets are intact, so start it again (the counters of
      // that run are lost). Not when the context is gone, nor more than RELAUNCH_LIMIT times in
      // a second (a persistent error, which then ends the proxy).
      const now = performance.now();
      this.#relaunches = this.#relaunches.filter((t) => now - t < 1000);
      if (rc === -1 && this.#relaunches.length < RELAUNCH_LIMIT && !this.#contextGone()) {
        this.#relaunches.push(now);
        return this.#launch();
      }
      this.#finish(this.#failure(rc));
    });
  }

  /** When the native proxy was restarted after returning -1, within the last second. */
  #relaunches: number[] = [];

  /** Whether a socket's context was terminated or shut down (ZMQ_EVENTS then fails with ETERM). */
  #contextGone(): boolean {
    if (this.#sockets().some((s) => s.context.closed)) return true;
    try {
      for (const h of Object.values(this.#handles!)) if (h !== null) getInt(h, ZMQ.EVENTS);
      return false;
    } catch {
      return true;
    }
  }

  #failure(rc: number): ZmqError {
    if (this.#sockets().some((s) => s.context.closed)) {
      return zmqError("ETERM", "the proxy ended: its context was terminated");
    }
    // A code of this library's own (no errno: libzmq's stays on the proxy's thread).
    return new ZmqError(
      rc === -2
        ? "the proxy's helper thread failed"
        : `the proxy ended unexpectedly (zmq_proxy_steerable returned ${rc}; libzmq's errno stays on its thread)`,
      "EPROXY",
      0,
    );
  }

  /** A STATISTICS round trip with the running native proxy: its counters since it started. */
  async #query(): Promise<number[]> {
    const run = this.#native;
    if (run === null) throw fsm("the proxy is not running");
    await this.#control!.send("STATISTICS");
    return await this.#reply(run);
  }

  /** Waits for the answer to STATISTICS; fails if the native proxy ends without one. */
  async #reply(run: Promise<number>): Promise<number[]> {
    const abort = new AbortController();
    const answer = this.#control!.receive({ signal: abort.signal });
    const first = await Promise.race([answer, run]);
    if (typeof first === "number") {
      // Ended: a clean end (rc 0) follows a TERMINATE queued after the STATISTICS, whose answer
      // is therefore already waiting.
      if (first !== 0) {
        answer.catch(() => {});
        abort.abort();
        throw this.#failure(first);
      }
      return decodeStatistics(await answer);
    }
    return decodeStatistics(first);
  }

  /**
   * Ends the native run and folds its counters into #base. PAUSE first, so no message passes
   * between the STATISTICS answer and the end.
   */
  async #stopNative(): Promise<void> {
    const run = this.#native;
    if (run === null) return;
    this.#stopping = true;
    try {
      const control = this.#control!;
      await control.send("PAUSE");
      await control.send("STATISTICS");
      await control.send("TERMINATE");
      const counts = await this.#reply(run);
      const rc = await run;
      if (rc !== 0) throw this.#failure(rc);
      this.#base = this.#base.map((v, i) => v + counts[i]);
    } catch (e) {
      // The sockets go back to JS only once libzmq's thread has let go of them.
      await run;
      this.#finish(e);
      throw e;
    } finally {
      this.#stopping = false;
    }
  }

  /**
   * libzmq 4.3's proxy forwards a burst of up to 1000 messages with blocking sends and reads no
   * command meanwhile: a PUSH or DEALER whose peers stopped reading holds it forever. Connecting
   * a private reader with no high-water mark to the socket's escape endpoint lets the burst
   * finish, so the queued PAUSE/STATISTICS/TERMINATE are read. #finish sends those messages again.
   */
  #unjam(): void {
    this.#unjamTimer = undefined;
    if (this.#native === null || this.#state === "ended") return;
    for (const hatch of this.#hatches) {
      if (hatch.drain) continue;
      const context = hatch.socket.context;
      const drain = hatch.socket.type === "PUSH"
        ? new Pull({ context, receiveHighWaterMark: 0, linger: 0 })
        : new Dealer({ context, receiveHighWaterMark: 0, linger: 0 });
      drain.connect(hatch.endpoint);
      hatch.drain = drain;
    }
  }

  /** Releases everything; settles run(). */
  #finish(error?: unknown): void {
    if (this.#state === "ended") return;
    this.#state = "ended";
    clearInterval(this.#keepAlive);
    clearTimeout(this.#unjamTimer);
    this.#keepAlive = this.#unjamTimer = undefined;
    for (const s of new Set(this.#sockets())) coreOf(s).takeBack();
    coreOf(this.#peer!).takeBack();
    this.#peer!.close();
    this.#control!.close();
    this.#peer = this.#control = null;
    this.#handles = null;
    for (const hatch of this.#hatches) {
      const diverted: Uint8Array[][] = [];
      if (hatch.drain) {
        // The proxy's thread has returned: everything it sent the drain is in the inproc pipe.
        for (let m = hatch.drain.tryReceive(); m !== null; m = hatch.drain.tryReceive()) diverted.push(m);
        // disconnect() queues the pipe's end in the socket's mailbox at once (close() leaves it
        // to the reaper thread); ZMQ_EVENTS makes the socket process it, so nothing sent next
        // can be routed into the dying pipe.
        hatch.drain.disconnect(hatch.endpoint);
        coreOf(hatch.socket).events();
        hatch.drain.close();
      }
      if (!hatch.socket.closed) {
        hatch.socket.unbind(hatch.endpoint);
        // Queued behind nothing the user sent yet: run() has not settled. Rejected only if the
        // socket is closed before they go (as close() does to any pending send).
        if (hatch.resend) { for (const m of diverted) coreOf(hatch.socket).send(m).catch(() => {}); }
      }
    }
    this.#hatches = [];
    if (error === undefined) this.#settle!.resolve();
    else this.#settle!.reject(error);
  }
}
