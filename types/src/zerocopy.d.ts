/**
 * Large frames sent without a copy: frames whose buffers the caller handed over with
 * `send(message, { transfer: true })` (see frames.ts, transferFrames). libzmq sends straight
 * from the JS buffer, which stays referenced here ("pinned") until libzmq says it no longer
 * reads it.
 *
 * libzmq says so by calling the message's free function, on whichever thread drops the last
 * reference: one of its I/O threads, or a receiving thread (inproc). JS cannot run there, so the
 * free function is native (machine_code.ts doneCode; where that cannot be had, Bun's
 * Backend.doneFunction): it stores 1 in the frame's slot of a native int array and adds 1 to the
 * array's first int, the count. Each send without a copy compares
 * the count with the last one seen and, when it moved, unpins the frames whose slot is set; a
 * timer (unref'd, while frames are pinned) sweeps as well, so memory comes back when no more is
 * sent.
 *
 * Only on the main thread: a Worker's memory is freed when the Worker ends, however it ends,
 * while libzmq may still be sending from it. Workers, and runtimes without a done function,
 * copy (the caller's buffer is detached all the same: the contract does not change).
 *
 * Measured (one process, PUSH -> PULL over inproc, a fresh buffer per message; raw FFI, both
 * runtimes alike): without a copy is slower up to 1 MiB (the pinned buffers come back later
 * and cold: 64 KiB 11 -> 16-23 µs), even at 2 MiB (420 -> 310-410 µs), 1.4-1.8x faster at
 * 4 MiB, 2x at 16 MiB. Hence the threshold.
 */
import { type Pointer } from "./ffi/mod.ts";
/** Frames from this size on are sent without a copy, when transferred (see above). */
export declare const SEND_WITHOUT_COPY_MIN: number;
/**
 * Sends `frame` (a transferred buffer's view of SEND_WITHOUT_COPY_MIN bytes or more) without a
 * copy: zmq_msg_send's result (-1 with errno set when libzmq refused it, and then nothing is
 * pinned any more once swept), or null when it cannot be done here (the caller copies).
 */
export declare function sendWithoutCopy(handle: Pointer, frame: Uint8Array, flags: number): number | null;
/** How many frames libzmq may still be reading from, after a sweep (for tests). */
export declare function pinnedFrames(): number;
/** Whether transferred large frames are sent without a copy on this thread (for tests). */
export declare function sendingWithoutCopy(): boolean;
