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
import { native, type Pointer } from "./ffi/mod.ts";
import { codePage, doneCode } from "./ffi/machine_code.ts";
import { isMainThread } from "./registry.ts";

/** Frames from this size on are sent without a copy, when transferred (see above). */
export const SEND_WITHOUT_COPY_MIN = 2 * 1024 * 1024;
/** Frames pinned at once at most (beyond that, copied): 16383 frames of >= 2 MiB is 32 GiB. */
const SLOTS = 16384;
const SWEEP_MS = 50;

const { zmq } = native;

interface State {
  done: Pointer;
  /** slots[0]: the count of done calls; slots[i]: 1 once frame i is done. Native memory, never freed. */
  slots: Int32Array;
  base: bigint;
  free: number[];
  pinned: Map<number, ArrayBuffer>;
  seen: number;
  timer: ReturnType<typeof setInterval> | undefined;
}

/** Undefined until the first send without a copy; null where none can be made. */
let state: State | null | undefined;
/** The zmq_msg_t every send without a copy goes through (empty again once sent or closed). */
const message = new Uint8Array(128);

function setUp(): State | null {
  if (!isMainThread) return null;
  const memory = native.libc.calloc(native.size(SLOTS), native.size(4));
  if (native.isNull(memory)) return null;
  const done = codePage(native, doneCode(native.pointerValue(memory))) ?? native.doneFunction?.(memory) ?? null;
  if (done === null) {
    native.libc.free(memory);
    return null;
  }
  const free: number[] = [];
  for (let i = SLOTS - 1; i >= 1; i--) free.push(i);
  return {
    done,
    slots: new Int32Array(native.view(memory, SLOTS * 4)),
    base: native.pointerValue(memory),
    free,
    pinned: new Map(),
    seen: 0,
    timer: undefined,
  };
}

/** Unpins the frames libzmq is done with: all when `all`, else only if the count moved. */
function sweep(s: State, all: boolean): void {
  const count = Atomics.load(s.slots, 0);
  if (!all && count === s.seen) return;
  s.seen = count;
  for (const slot of s.pinned.keys()) {
    if (Atomics.load(s.slots, slot) === 1) {
      s.pinned.delete(slot);
      s.free.push(slot);
    }
  }
  if (s.pinned.size === 0 && s.timer !== undefined) {
    clearInterval(s.timer);
    s.timer = undefined;
  }
}

/**
 * Sends `frame` (a transferred buffer's view of SEND_WITHOUT_COPY_MIN bytes or more) without a
 * copy: zmq_msg_send's result (-1 with errno set when libzmq refused it, and then nothing is
 * pinned any more once swept), or null when it cannot be done here (the caller copies).
 */
export function sendWithoutCopy(handle: Pointer, frame: Uint8Array, flags: number): number | null {
  const s = state === undefined ? (state = setUp()) : state;
  if (s === null) return null;
  sweep(s, false);
  const slot = s.free.pop();
  if (slot === undefined) return null;
  s.slots[slot] = 0;
  const hint = native.pointerFrom(s.base + BigInt(slot * 4));
  if (zmq.zmq_msg_init_data(message, frame, native.size(frame.byteLength), s.done, hint) !== 0) {
    s.free.push(slot);
    return null;
  }
  s.pinned.set(slot, frame.buffer as ArrayBuffer);
  const rc = zmq.zmq_msg_send(message, handle, flags);
  // Refused (EAGAIN, a closed socket...): the message is still ours. Closing it calls the done
  // function at once (the slot is swept like any other); it sets no errno, so the caller still
  // reads why the send failed.
  if (rc < 0) zmq.zmq_msg_close(message);
  if (s.timer === undefined) {
    s.timer = setInterval(() => sweep(s, true), SWEEP_MS);
    native.unrefTimer(s.timer);
  }
  return rc;
}

/** How many frames libzmq may still be reading from, after a sweep (for tests). */
export function pinnedFrames(): number {
  if (state === undefined || state === null) return 0;
  sweep(state, true);
  return state.pinned.size;
}

/** Whether transferred large frames are sent without a copy on this thread (for tests). */
export function sendingWithoutCopy(): boolean {
  if (state === undefined) state = setUp();
  return state !== null;
}
