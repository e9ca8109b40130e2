/** A socket as the reactor sees it. */
export interface Watched {
    /** The socket's ZMQ_FD. */
    readonly fd: number;
    /** Retries the socket's waiting operations; true while some must still wait for the fd. */
    service(): boolean;
    /** The wait itself failed (the helper thread died): rejects the socket's waiting operations. */
    fail(error: Error): void;
}
declare class Reactor {
    #private;
    /**
     * Whether an operation that can complete at once may do so without yielding. After a run of
     * EAGER_OPS operations, or of EAGER_BYTES (see noteBytes), in one macrotask, the next one goes
     * through a macrotask, so timers and other sockets get their turn.
     */
    eager(): boolean;
    /** Bytes an eager operation moved (a large message counts for more than one operation). */
    noteBytes(bytes: number): void;
    /** A message was sent: a socket of this process may have become readable. */
    noteSend(): void;
    /** A run settled a waiting call: JS work was released, and a peer may answer soon. */
    noteProgress(): void;
    /**
     * The latency budget in microseconds (0, the default, turns it off). See `setLatencyBudget`.
     */
    setBudget(us: number): void;
    get budget(): number;
    /**
     * A socket has operations waiting, or its state may have changed: service it soon. While the
     * latency budget is engaged, "soon" is a microtask: the budgeted ppoll then starts as soon as
     * the code that asked has run, rather than a macrotask later (measured: that hop was most of
     * latency mode's distance from its floor).
     */
    want(w: Watched): void;
    /** Where the reactor stands, in words (for a stalled test's message; costs nothing otherwise). */
    describe(): string;
    /** A socket closes: forget it, and make the helper thread drop its fd before the fd is reused. */
    drop(w: Watched): void;
}
/** The one reactor of this thread. */
export declare const reactor: Reactor;
/**
 * Opt-in latency mode. When an operation must wait, the JS thread first blocks in ppoll(2) for
 * at most `microseconds` (Linux; elsewhere rounded up to whole ms) before handing the wait to
 * the helper thread. A reply that arrives within the budget then skips one thread hop (measured
 * here: cross-process round trips ~20-30 % shorter). The cost: other JS work (timers, other
 * I/O) can be delayed by up to the budget each time a wait starts, and a waiting process sleeps
 * in the kernel rather than spinning, so idle CPU stays near zero. 0 turns it off; at most 200.
 */
export declare function setLatencyBudget(microseconds: number): void;
/** The current latency budget in microseconds (0: off). */
export declare function latencyBudget(): number;
export {};
