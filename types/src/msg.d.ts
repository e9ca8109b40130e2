/** One zmq_msg_t (64 bytes in libzmq 4.x; room for more), reused for every receive on this thread. */
export declare const msg: Uint8Array<ArrayBuffer>;
/** Whether the frame `msg` holds has a successor in the same message. */
export declare let more: () => boolean;
/**
 * Frames from this size on are handed over without a copy where the runtime can tie the
 * release of libzmq's message to the buffer's life (Bun: see Backend.adopter). Measured on
 * Bun 1.4.5 (receive of one frame, allocation and GC included): 4 KiB copy 1.75 µs / adopt
 * 1.28 µs, 16 KiB 3.25 / 1.96, 64 KiB 8.27 / 3.17, 1 MiB 128 / 52. From 16 KiB on, a frame
 * also has an allocation of its own in libzmq (its receive batches are 8 KiB), so keeping it
 * pins nothing else.
 */
export declare const ADOPT_MIN: number;
/**
 * The frame `msg` holds, in memory the caller owns: copied, or (large frames, where the runtime
 * allows) libzmq's own memory, whose message moves to a zmq_msg_t of its own that is closed
 * when the frame's buffer is collected. Call more() and read properties before: the move
 * empties `msg`.
 */
export declare function frameOf(length: number): Uint8Array<ArrayBuffer>;
/**
 * The frame `msg` holds, copied into `target` from `offset` (receiveInto): a view of those
 * bytes, or null when they do not fit (or the frame is empty, or `target` was detached or
 * shrunk while the call waited); the caller then takes frameOf. Memory the caller reuses is
 * already mapped and cached, so this skips the allocation that dominates a receive of a large
 * frame on Deno (a fresh 64 KiB buffer costs 10-13 µs there, the copy 2).
 */
export declare function frameInto<T extends ArrayBufferLike>(length: number, target: Uint8Array<T>, offset: number): Uint8Array<T> | null;
/** Releases a large payload held by `msg` now, rather than at the next receive. */
export declare function releaseLarge(length: number): void;
/** Whether frames are read from the zmq_msg_t layout (probed on first use; for tests). */
export declare function layoutKnown(): boolean;
/** Whether large received frames are adopted rather than copied on this runtime (for tests). */
export declare function adopting(): boolean;
