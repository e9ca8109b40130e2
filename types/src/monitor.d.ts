import { type MonitorEvent } from "./monitor_events.ts";
import { type OperationOptions } from "./waiters.ts";
/**
 * The monitor events of one socket (`socket.events`): an async iterable of {@link MonitorEvent}s
 * with one consumer at a time (`break` ends that iteration, not the monitor). Events that happen
 * while nobody reads wait until read. The stream ends when the socket closes, or on `close()`;
 * events already emitted are still delivered first, the last being "monitor-stopped". A pending
 * read keeps the process alive, an idle monitor does not.
 *
 * ```ts ignore
 * for await (const event of socket.events) {
 *   if (event.type === "accepted") console.log("a peer connected to", event.endpoint);
 * }
 * ```
 */
export declare class SocketEvents implements AsyncIterable<MonitorEvent> {
    #private;
    private constructor();
    /** True once the stream has ended: no further events will arrive (queued ones can still be read). */
    get closed(): boolean;
    /**
     * Resolves with the next event, or null once the stream has ended and every event was read.
     * `timeout` rejects with a DOMException named "TimeoutError", `signal` with its reason.
     */
    receive(options?: OperationOptions): Promise<MonitorEvent | null>;
    /** Iterates events until the stream ends. One consumer at a time. */
    [Symbol.asyncIterator](): AsyncIterableIterator<MonitorEvent>;
    /**
     * Stops monitoring now (the socket stays open): events already emitted can still be read, the
     * last being "monitor-stopped", then the stream ends. `socket.events` then starts a new monitor.
     * Idempotent.
     */
    close(): void;
}
/** `socket.events`: the socket's monitor, started on first access. */
export declare function eventsOf(socket: object): SocketEvents;
