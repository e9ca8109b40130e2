/**
 * Frames in and out of libzmq: validation and encoding of what users send, and copying of what
 * libzmq delivers into JS memory before the libzmq message is released.
 */
import { native } from "./ffi/mod.ts";
import { SEND_WITHOUT_COPY_MIN, sendWithoutCopy } from "./zerocopy.ts";

/** One frame: a string (sent as UTF-8, no NUL added), any ArrayBufferView, or an ArrayBuffer. */
export type Frame = string | ArrayBufferView | ArrayBuffer;
/** A message: one frame, or an array of frames sent atomically as one multipart message. */
export type Message = Frame | readonly Frame[];

const encoder = new TextEncoder();

/** Whether an ArrayBuffer was detached (transferred). */
export function isDetached(buffer: ArrayBufferLike): boolean {
  return (buffer as { detached?: boolean }).detached === true;
}

/**
 * Turns one frame into bytes libzmq can read, or throws a TypeError naming the frame.
 * Strings stay strings here (encoded at send time into a reusable buffer).
 */
export function toFrame(frame: unknown, index: number): Uint8Array | string {
  if (typeof frame === "string") return frame;
  if (frame instanceof Uint8Array) {
    const buffer = frame.buffer;
    if (buffer instanceof ArrayBuffer) {
      // A detached view reports byteLength 0: only then is the (slower) detached check needed.
      if (frame.byteLength === 0 && isDetached(buffer)) throw detached(index);
      return frame;
    }
    return ours(new Uint8Array(frame)); // SharedArrayBuffer: copy, libzmq must not see it change mid-send
  }
  if (ArrayBuffer.isView(frame)) {
    if (isDetached(frame.buffer)) throw detached(index);
    const view = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
    return frame.buffer instanceof ArrayBuffer ? view : ours(new Uint8Array(view));
  }
  if (frame instanceof ArrayBuffer) {
    if (isDetached(frame)) throw detached(index);
    return new Uint8Array(frame);
  }
  if (typeof SharedArrayBuffer !== "undefined" && frame instanceof SharedArrayBuffer) {
    return ours(new Uint8Array(new Uint8Array(frame)));
  }
  const what = frame === null ? "null" : Array.isArray(frame) ? "a nested array" : typeof frame;
  throw new TypeError(
    `frame ${index} must be a string, an ArrayBufferView or an ArrayBuffer, not ${what}`,
  );
}

function detached(index: number): TypeError {
  return new TypeError(`frame ${index} is a detached ArrayBuffer`);
}

/** Validates a whole message before any frame is queued. */
export function toFrames(message: unknown): (Uint8Array | string)[] {
  if (Array.isArray(message)) {
    if (message.length === 0) throw new TypeError("a message needs at least one frame");
    const out = new Array<Uint8Array | string>(message.length);
    for (let i = 0; i < message.length; i++) out[i] = toFrame(message[i], i);
    return out;
  }
  return [toFrame(message, 0)];
}

/**
 * A send that has to wait owns a copy of its frames (strings encoded): what the caller does to
 * its buffers afterwards (changes them, transfers them) does not change the message. Frames
 * already handed over (`transfer`) are the send's own and are kept as they are.
 */
export function ownFrames(frames: (Uint8Array | string)[], transferred: boolean): Uint8Array[] {
  return frames.map((f) => typeof f === "string" ? encoder.encode(f) : transferred ? f : f.slice());
}

/** Buffers that send(..., { transfer: true }) took from the caller: nobody else can reach them. */
const taken = new WeakSet<ArrayBuffer>();

type Transferable = ArrayBuffer & { transferToFixedLength?(): ArrayBuffer; transfer?(): ArrayBuffer };

/** Takes `buffer` from its owner (who is left with a detached buffer), without copying it. */
function take(buffer: ArrayBuffer): ArrayBuffer {
  const b = buffer as Transferable;
  try {
    const moved = b.transferToFixedLength?.() ?? b.transfer?.() ?? structuredClone(b, { transfer: [b] });
    taken.add(moved);
    return moved;
  } catch {
    // Not detachable (a WebAssembly memory's buffer, such as small received frames on Deno): a
    // copy is the send's own all the same; the caller's buffer stays as it is.
    const copy = buffer.slice(0);
    taken.add(copy);
    return copy;
  }
}

/**
 * send(..., { transfer: true }): the ArrayBuffer behind each binary frame is taken from the
 * caller (like postMessage's transfer list: the whole buffer, so every view of it is left
 * detached) and the frames become views of the taken buffers, at the same offsets. Call after
 * the message was validated: nothing is taken from a message that is refused.
 */
export function transferFrames(frames: (Uint8Array | string)[]): (Uint8Array | string)[] {
  // Where each frame is, read before any take: taking a buffer detaches every view of it.
  const at = frames.map((f) => typeof f === "string" ? null : [f.byteOffset, f.byteLength] as const);
  const moved = new Map<ArrayBuffer, ArrayBuffer>();
  return frames.map((f, i) => {
    if (typeof f === "string") return f;
    const from = f.buffer as ArrayBuffer;
    if (taken.has(from)) return f; // a copy made by toFrame (SharedArrayBuffer) is ours already
    let to = moved.get(from);
    if (to === undefined) moved.set(from, to = take(from));
    return new Uint8Array(to, at[i]![0], at[i]![1]);
  });
}

/** Marks a frame's buffer as the library's own (toFrame's copies of shared memory). */
function ours(copy: Uint8Array): Uint8Array {
  taken.add(copy.buffer as ArrayBuffer);
  return copy;
}

// --- sending --------------------------------------------------------------------------------

let scratch = new Uint8Array(64 * 1024);
const { zmq } = native;
const size = native.size;

/**
 * Sends one frame with `zmq_send`; strings are encoded into a reused buffer (no allocation).
 * Returns zmq_send's result (-1 on error, errno left for the caller).
 */
export function sendFrame(handle: unknown, frame: Uint8Array | string, flags: number): number {
  if (typeof frame === "string") {
    if (frame.length * 3 > scratch.length) {
      if (frame.length * 3 > 16 * 1024 * 1024) {
        const bytes = encoder.encode(frame);
        return zmq.zmq_send(handle as never, bytes, size(bytes.length), flags);
      }
      scratch = new Uint8Array(frame.length * 3);
    }
    const { written } = encoder.encodeInto(frame, scratch);
    return zmq.zmq_send(handle as never, scratch, size(written), flags);
  }
  if (frame.byteLength >= SEND_WITHOUT_COPY_MIN && taken.has(frame.buffer as ArrayBuffer)) {
    const rc = sendWithoutCopy(handle as never, frame, flags);
    if (rc !== null) return rc;
  }
  return zmq.zmq_send(handle as never, frame, size(frame.byteLength), flags);
}

// --- receiving ------------------------------------------------------------------------------

/**
 * Deno: frames up to this size come from slabs (below). Every slab is fresh memory (mmap'd by
 * V8, never reused), so each 4 KiB page of it costs a page fault when first written: about
 * 4-5 µs on the 2-core VM this was measured on (bench/slab_cost.ts), i.e. ~1.2 ns per byte handed
 * out, against 0.9-1.9 µs for a buffer of its own (malloc'd, usually from reused memory).
 * Per frame, allocation and GC included (Deno 2.9.6): 256 B 0.38 vs 0.93 µs, 1 KiB 1.26 vs
 * 1.51, 2 KiB 2.50 vs 1.50, 4 KiB 4.75 vs 1.95. Hence 1 KiB; where page faults are cheap
 * (bare metal: a fraction of a µs) slabs would win up to a few KiB.
 */
const POOLED_MAX = 1024;

/**
 * Where the bytes of a received frame go. Every frame must be the caller's alone: kept, sliced,
 * posted or transferred to a Worker without affecting any other frame or later receive.
 *
 * Bun: each frame gets its own buffer (allocation is cheap there: 30-70 ns for a small one,
 * faster than a view into a pool).
 *
 * Deno: making any ArrayBuffer costs 0.4-1.3 µs (even an empty one), which would halve the
 * small-message throughput (measured: 64 B over tcp 804k -> 471k msg/s). So frames of up to
 * 1 KiB are views into 64 KiB slabs that a transfer cannot take: the buffer of a
 * `WebAssembly.Memory` of one fixed page (with `maximum: 1` it reserves no more than its 64 KiB
 * of address space, unlike a growable one's 4 GiB). Transferring such a frame's buffer throws
 * a TypeError ("not transferable") and changes nothing; posting it copies it; `frame.slice()` is
 * a frame with a buffer of its own. A slab is never reused: it is freed once no frame uses it.
 */
function makeAllocator(): (length: number) => Uint8Array<ArrayBuffer> {
  const own = (length: number): Uint8Array<ArrayBuffer> => new Uint8Array(length);
  if (native.runtime !== "deno") return own;
  // A non-shared memory: its buffer is an ArrayBuffer (some lib typings say ArrayBuffer | SharedArrayBuffer).
  const newSlab = (): ArrayBuffer => new WebAssembly.Memory({ initial: 1, maximum: 1 }).buffer as ArrayBuffer;
  let slab: ArrayBuffer;
  try {
    slab = newSlab();
  } catch {
    return own; // no WebAssembly (e.g. --jitless): every frame gets its own buffer
  }
  const SLAB = slab.byteLength;
  let offset = 0;
  return (length: number): Uint8Array<ArrayBuffer> => {
    if (length > POOLED_MAX) return new Uint8Array(length);
    if (offset + length > SLAB) {
      slab = newSlab();
      offset = 0;
    }
    const out = new Uint8Array(slab, offset, length);
    offset = (offset + length + 7) & ~7;
    return out;
  };
}
/** Memory for a received frame of `length` bytes that the caller owns (see makeAllocator). */
export const allocate: (length: number) => Uint8Array<ArrayBuffer> = makeAllocator();
