/** One zmq_msg_t (64 bytes in libzmq 4.x; room for more), reused for every receive on this thread. */
export declare const msg: Uint8Array<ArrayBuffer>;
/** The frame `msg` holds (`length` bytes), copied into memory the caller owns. */
export declare let frameOf: (length: number) => Uint8Array<ArrayBuffer>;
/** Whether the frame `msg` holds has a successor in the same message. */
export declare let more: () => boolean;
/** Releases a large payload held by `msg` now, rather than at the next receive. */
export declare function releaseLarge(length: number): void;
/** Whether frames are read from the zmq_msg_t layout (probed on first use; for tests). */
export declare function layoutKnown(): boolean;
