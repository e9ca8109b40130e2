/** One frame: a string (sent as UTF-8, no NUL added), any ArrayBufferView, or an ArrayBuffer. */
export type Frame = string | ArrayBufferView | ArrayBuffer;
/** A message: one frame, or an array of frames sent atomically as one multipart message. */
export type Message = Frame | readonly Frame[];
/** Whether an ArrayBuffer was detached (transferred). */
export declare function isDetached(buffer: ArrayBufferLike): boolean;
/**
 * Turns one frame into bytes libzmq can read, or throws a TypeError naming the frame.
 * Strings stay strings here (encoded at send time into a reusable buffer).
 */
export declare function toFrame(frame: unknown, index: number): Uint8Array | string;
/** Validates a whole message before any frame is queued. */
export declare function toFrames(message: unknown): (Uint8Array | string)[];
/**
 * A send that has to wait owns a copy of its frames (strings encoded): what the caller does to
 * its buffers afterwards (changes them, transfers them) does not change the message. Frames
 * already handed over (`transfer`) are the send's own and are kept as they are.
 */
export declare function ownFrames(frames: (Uint8Array | string)[], transferred: boolean): Uint8Array[];
/**
 * send(..., { transfer: true }): the ArrayBuffer behind each binary frame is taken from the
 * caller (like postMessage's transfer list: the whole buffer, so every view of it is left
 * detached) and the frames become views of the taken buffers, at the same offsets. Call after
 * the message was validated: nothing is taken from a message that is refused.
 */
export declare function transferFrames(frames: (Uint8Array | string)[]): (Uint8Array | string)[];
/**
 * Sends one frame with `zmq_send`; strings are encoded into a reused buffer (no allocation).
 * Returns zmq_send's result (-1 on error, errno left for the caller).
 */
export declare function sendFrame(handle: unknown, frame: Uint8Array | string, flags: number): number;
/** Memory for a received frame of `length` bytes that the caller owns (see makeAllocator). */
export declare const allocate: (length: number) => Uint8Array<ArrayBuffer>;
