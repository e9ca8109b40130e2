/**
 * Frames in and out of libzmq: validation and encoding of what users send, and copying of what
 * libzmq delivers into JS memory before the libzmq message is released.
 */
import { native } from "./ffi/mod.ts";

/** One frame: a string (sent as UTF-8, no NUL added), any ArrayBufferView, or an ArrayBuffer. */
export type Frame = string | ArrayBufferView | ArrayBuffer;
/** A message: one frame, or an array of frames sent atomically as one multipart message. */
export type Message = Frame | readonly Frame[];

const encoder = new TextEncoder();

function isDetached(buffer: ArrayBufferLike): boolean {
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
    return new Uint8Array(frame); // SharedArrayBuffer: copy, libzmq must not see it change mid-send
  }
  if (ArrayBuffer.isView(frame)) {
    if (isDetached(frame.buffer)) throw detached(index);
    const view = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
    return frame.buffer instanceof ArrayBuffer ? view : new Uint8Array(view);
  }
  if (frame instanceof ArrayBuffer) {
    if (isDetached(frame)) throw detached(index);
    return new Uint8Array(frame);
  }
  if (typeof SharedArrayBuffer !== "undefined" && frame instanceof SharedArrayBuffer) {
    return new Uint8Array(new Uint8Array(frame));
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
 * its buffers afterwards (changes them, transfers them) does not change the message.
 */
export function ownFrames(frames: (Uint8Array | string)[]): Uint8Array[] {
  return frames.map((f) => typeof f === "string" ? encoder.encode(f) : f.slice());
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
  return zmq.zmq_send(handle as never, frame, size(frame.byteLength), flags);
}

// --- receiving ------------------------------------------------------------------------------

/** One zmq_msg_t (64 bytes in libzmq 4.x), reused for every receive on the JS thread. */
export const msg = new Uint8Array(128);
if (zmq.zmq_msg_init(msg) !== 0) throw new Error("zmq_msg_init failed");

const POOLED_MAX = 4 * 1024;
const INT_MAX = 0x7fffffff;

/**
 * Where the bytes of a received frame go. Every frame must be the caller's alone: kept, sliced,
 * posted or transferred to a Worker without affecting any other frame or later receive.
 *
 * Bun: each frame gets its own buffer (allocation is cheap there: 30-70 ns for a small one,
 * faster than a view into a pool).
 *
 * Deno: making any ArrayBuffer costs 0.4-1.3 µs (even an empty one), which would halve the
 * small-message throughput (measured: 64 B over tcp 804k -> 471k msg/s). So frames of up to
 * 4 KiB are views into 64 KiB slabs that a transfer cannot take: the buffer of a
 * `WebAssembly.Memory` of one fixed page (with `maximum: 1` it reserves no more than its 64 KiB
 * of address space, unlike a growable one's 4 GiB). Transferring such a frame's buffer throws
 * a TypeError ("not transferable") and changes nothing; posting it copies it; `frame.slice()` is
 * a frame with a buffer of its own. A slab is never reused: it is freed once no frame uses it.
 */
function makeAllocator(): (length: number) => Uint8Array<ArrayBuffer> {
  const own = (length: number): Uint8Array<ArrayBuffer> => new Uint8Array(length);
  if (native.runtime !== "deno") return own;
  const newSlab = (): ArrayBuffer => new WebAssembly.Memory({ initial: 1, maximum: 1 }).buffer;
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
const allocate = makeAllocator();

/** Copies the payload of `msg` into memory the caller owns. */
export function copyOut(length: number): Uint8Array<ArrayBuffer> {
  const out = allocate(length);
  if (length > 0) native.libc.memcpy(out, zmq.zmq_msg_data(msg), size(length));
  return out;
}

/**
 * Receives one frame into `msg` and returns its bytes, or null with errno set (EAGAIN etc).
 * `more` tells whether another frame of the same message follows. `meta`, if given, is called
 * with `msg` while it still holds the frame (to read its properties with zmq_msg_gets).
 */
export function receiveFrame(
  handle: unknown,
  flags: number,
  meta?: (m: Uint8Array) => void,
): Uint8Array<ArrayBuffer> | null {
  const rc = zmq.zmq_msg_recv(msg, handle as never, flags);
  if (rc < 0) return null;
  const length = rc < INT_MAX ? rc : Number(zmq.zmq_msg_size(msg));
  let out: Uint8Array<ArrayBuffer>;
  if (layout ?? layoutKnown()) {
    out = msg[TYPE_AT] === TYPE_VSM ? copyVsm(length) : copyOut(length);
    lastMore = msg[FLAGS_AT] & 1;
  } else {
    out = copyOut(length);
    lastMore = zmq.zmq_msg_more(msg);
  }
  if (meta !== undefined) meta(msg);
  if (length > 1024 * 1024) {
    // Release a large payload now rather than at the next receive.
    zmq.zmq_msg_close(msg);
    zmq.zmq_msg_init(msg);
  }
  return out;
}

/**
 * libzmq 4.x's zmq_msg_t layout (64 bytes): every kind of message keeps its type at byte 42
 * and its flags (bit 0: more) at byte 43; a very small message (type 101, "vsm", up to 33 bytes)
 * keeps its bytes from byte 8. Reading them saves zmq_msg_more on every frame, and
 * zmq_msg_data + memcpy on frames up to 33 bytes. Used only if probeLayout() found libzmq's own
 * accessors agree, on the first receive.
 */
const TYPE_AT = 42;
const FLAGS_AT = 43;
const VSM_DATA_AT = 8;
const TYPE_VSM = 101;
const VSM_MAX = 33;

/** copyOut for a vsm frame: its bytes are inside `msg`. */
function copyVsm(length: number): Uint8Array<ArrayBuffer> {
  const out = allocate(length);
  for (let i = 0; i < length; i++) out[i] = msg[VSM_DATA_AT + i];
  return out;
}

/**
 * Sends a 3-frame message over an inproc PAIR of a private context and checks, frame by frame,
 * that the layout above gives what zmq_msg_more, zmq_msg_size and zmq_msg_data give. False (and
 * the library keeps calling them) on any difference, or if the probe itself cannot run.
 */
function probeLayout(): boolean {
  const ctx = zmq.zmq_ctx_new();
  if (native.isNull(ctx)) return false;
  const a = zmq.zmq_socket(ctx, 0);
  const b = zmq.zmq_socket(ctx, 0);
  const probe = new Uint8Array(128);
  let ok = false;
  try {
    if (native.isNull(a) || native.isNull(b) || zmq.zmq_msg_init(probe) !== 0) return false;
    const ep = encoder.encode(`inproc://zmq-ffi-layout-probe-${Math.random().toString(36).slice(2)}\0`);
    if (zmq.zmq_bind(a, ep) !== 0 || zmq.zmq_connect(b, ep) !== 0) return false;
    const frames = [encoder.encode("vsm"), new Uint8Array(VSM_MAX).fill(7), new Uint8Array(VSM_MAX + 31).fill(9)];
    for (let i = 0; i < frames.length; i++) {
      if (zmq.zmq_send(a, frames[i], size(frames[i].length), i < frames.length - 1 ? 2 : 0) < 0) return false;
    }
    ok = true;
    for (let i = 0; i < frames.length && ok; i++) {
      const n = zmq.zmq_msg_recv(probe, b, 1);
      const vsm = frames[i].length <= VSM_MAX;
      ok = n === frames[i].length && Number(zmq.zmq_msg_size(probe)) === n &&
        (probe[FLAGS_AT] & 1) === zmq.zmq_msg_more(probe) &&
        zmq.zmq_msg_more(probe) === (i < frames.length - 1 ? 1 : 0) &&
        (probe[TYPE_AT] === TYPE_VSM) === vsm;
      if (ok && vsm) {
        const copy = new Uint8Array(n);
        native.libc.memcpy(copy, zmq.zmq_msg_data(probe), size(n));
        for (let k = 0; k < n; k++) ok &&= probe[VSM_DATA_AT + k] === copy[k] && copy[k] === frames[i][k];
      }
    }
  } finally {
    zmq.zmq_msg_close(probe);
    const linger = new Int32Array([0]);
    for (const s of [a, b]) {
      if (!native.isNull(s)) {
        zmq.zmq_setsockopt(s, 17, linger, size(4));
        zmq.zmq_close(s);
      }
    }
    // No socket is left, so this returns at once (again if a signal interrupted it: EINTR).
    for (let i = 0; i < 100 && zmq.zmq_ctx_term(ctx) !== 0; i++);
  }
  return ok;
}

let layout: boolean | undefined;
/**
 * Whether receiveFrame reads the more flag and small frames from the zmq_msg_t itself. Probed on
 * the first receive, so a program that only sends never starts the probe's context.
 */
export function layoutKnown(): boolean {
  return layout ??= probeLayout();
}

let lastMore = 0;
/** Whether the frame last returned by receiveFrame has a successor in the same message. */
export function more(): boolean {
  return lastMore !== 0;
}
