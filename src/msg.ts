/**
 * The one `zmq_msg_t` every receive on this thread goes through, and reading a received frame
 * out of it: its bytes (copied into memory the caller owns before the message is reused) and
 * whether another frame of the same message follows.
 *
 * libzmq 4.x's zmq_msg_t layout (64 bytes): every kind of message keeps its type at byte 42 and
 * its flags (bit 0: more) at byte 43; a very small message (type 101, "vsm", up to 33 bytes)
 * keeps its bytes from byte 8. Reading them saves zmq_msg_more on every frame, and zmq_msg_data
 * + memcpy on frames up to 33 bytes (inproc 1 B throughput +12-33 %). Used only once a probe on
 * the first receive found that libzmq's own accessors agree; otherwise they are called.
 */
import { native } from "./ffi/mod.ts";
import type { AdoptMessage } from "./ffi/types.ts";
import { allocate } from "./frames.ts";
import { ZMQ } from "./constants.ts";
import { OPTIONS } from "./options.ts";
import * as registry from "./registry.ts";

const { zmq } = native;
const size = native.size;
const encoder = new TextEncoder();

/** One zmq_msg_t (64 bytes in libzmq 4.x; room for more), reused for every receive on this thread. */
export const msg = new Uint8Array(128);
if (zmq.zmq_msg_init(msg) !== 0) throw new Error("zmq_msg_init failed");

const TYPE_AT = 42;
const FLAGS_AT = 43;
const VSM_DATA_AT = 8;
const TYPE_VSM = 101;
const VSM_MAX = 33;
/** Above this, a received payload is released at once rather than at the next receive. */
const RELEASE_ABOVE = 1024 * 1024;

/** Copies the frame `msg` holds (`length` bytes) into `out` (chosen by the probe, below). */
let copyInto: (out: Uint8Array, length: number) => void = (out, length) => (probe(), copyInto(out, length));
/** Whether the frame `msg` holds has a successor in the same message. */
export let more: () => boolean = () => (probe(), more());

function memcpyInto(out: Uint8Array, length: number): void {
  if (length > 0) native.libc.memcpy(out, zmq.zmq_msg_data(msg), size(length));
}

function layoutInto(out: Uint8Array, length: number): void {
  if (msg[TYPE_AT] !== TYPE_VSM) return memcpyInto(out, length);
  for (let i = 0; i < length; i++) out[i] = msg[VSM_DATA_AT + i];
}

/** The frame `msg` holds (`length` bytes), copied into memory the caller owns. */
function copyOf(length: number): Uint8Array<ArrayBuffer> {
  const out = allocate(length);
  copyInto(out, length);
  return out;
}

/** Chooses, once, how frames and the more flag are read: from the layout if the probe agrees. */
function probe(): void {
  if (probeLayout()) {
    copyInto = layoutInto;
    more = () => (msg[FLAGS_AT] & 1) !== 0;
  } else {
    copyInto = memcpyInto;
    more = () => zmq.zmq_msg_more(msg) !== 0;
  }
}

/**
 * Frames from this size on are handed over without a copy where the runtime can tie the
 * release of libzmq's message to the buffer's life (Bun: see Backend.adopter). Measured on
 * Bun 1.4.5 (receive of one frame, allocation and GC included): 4 KiB copy 1.75 µs / adopt
 * 1.28 µs, 16 KiB 3.25 / 1.96, 64 KiB 8.27 / 3.17, 1 MiB 128 / 52. From 16 KiB on, a frame
 * also has an allocation of its own in libzmq (its receive batches are 8 KiB), so keeping it
 * pins nothing else.
 */
export const ADOPT_MIN = 16 * 1024;

let adopt: AdoptMessage | undefined | null = null;
/** How this thread adopts frames (Backend.adopter), made on the first large frame; undefined: it copies. */
function adopter(): AdoptMessage | undefined {
  if (adopt === null) adopt = native.adopter?.(registry.releaseFunction());
  return adopt;
}
const ZMQ_MSG_T = 64;

/**
 * The frame `msg` holds, in memory the caller owns: copied, or (large frames, where the runtime
 * allows) libzmq's own memory, whose message moves to a zmq_msg_t of its own that is closed
 * when the frame's buffer is collected. Call more() and read properties before: the move
 * empties `msg`.
 */
export function frameOf(length: number): Uint8Array<ArrayBuffer> {
  const adoptMessage = length < ADOPT_MIN ? undefined : adopter();
  if (adoptMessage === undefined) return copyOf(length);
  const own = native.libc.malloc(size(ZMQ_MSG_T));
  if (native.isNull(own)) return copyOf(length);
  zmq.zmq_msg_init_at(own);
  if (zmq.zmq_msg_move(own, msg) !== 0) {
    native.libc.free(own);
    return copyOf(length);
  }
  return new Uint8Array(adoptMessage(own, zmq.zmq_msg_data_at(own), length));
}

/**
 * The frame `msg` holds, copied into `target` from `offset` (receiveInto): a view of those
 * bytes, or null when they do not fit (or the frame is empty, or `target` was detached or
 * shrunk while the call waited); the caller then takes frameOf. Memory the caller reuses is
 * already mapped and cached, so this skips the allocation that dominates a receive of a large
 * frame on Deno (a fresh 64 KiB buffer costs 10-13 µs there, the copy 2).
 */
export function frameInto<T extends ArrayBufferLike>(
  length: number,
  target: Uint8Array<T>,
  offset: number,
): Uint8Array<T> | null {
  if (length === 0 || offset + length > target.byteLength) return null;
  const out = target.subarray(offset, offset + length);
  copyInto(out, length);
  return out;
}

/** Releases a large payload held by `msg` now, rather than at the next receive. */
export function releaseLarge(length: number): void {
  if (length > RELEASE_ABOVE) {
    zmq.zmq_msg_close(msg);
    zmq.zmq_msg_init(msg);
  }
}

/**
 * Sends a 3-frame message over an inproc PAIR of a private context and checks, frame by frame,
 * that the layout above gives what zmq_msg_more, zmq_msg_size and zmq_msg_data give. False (and
 * the library keeps calling them) on any difference, or if the probe itself cannot run.
 */
function probeLayout(): boolean {
  // Made through the registry: a Worker terminated during the probe leaves them to be swept
  // (the sockets closed, the context terminated) rather than two libzmq threads for good.
  const [ctx, ctxSlot] = registry.makeContext();
  if (native.isNull(ctx)) return false;
  const [a, aSlot] = registry.makeSocket(ctx, ZMQ.PAIR);
  const [b, bSlot] = registry.makeSocket(ctx, ZMQ.PAIR);
  const probe = new Uint8Array(128);
  let ok = false;
  try {
    if (native.isNull(a) || native.isNull(b) || zmq.zmq_msg_init(probe) !== 0) return false;
    const ep = encoder.encode(`inproc://zmq-ffi-layout-probe-${Math.random().toString(36).slice(2)}\0`);
    if (zmq.zmq_bind(a, ep) !== 0 || zmq.zmq_connect(b, ep) !== 0) return false;
    const frames = [encoder.encode("vsm"), new Uint8Array(VSM_MAX).fill(7), new Uint8Array(VSM_MAX + 31).fill(9)];
    for (let i = 0; i < frames.length; i++) {
      const flags = i < frames.length - 1 ? ZMQ.SNDMORE : 0;
      if (zmq.zmq_send(a, frames[i], size(frames[i].length), flags) < 0) return false;
    }
    ok = true;
    for (let i = 0; i < frames.length && ok; i++) {
      const n = zmq.zmq_msg_recv(probe, b, ZMQ.DONTWAIT);
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
    for (const [s, slot] of [[a, aSlot], [b, bSlot]] as const) {
      if (!native.isNull(s) && registry.move(slot, registry.Slot.SOCKET, registry.Slot.CLOSING)) {
        zmq.zmq_setsockopt(s, OPTIONS.linger.id, linger, size(4));
        zmq.zmq_close(s);
        registry.free(slot);
      }
    }
    // No socket is left, so this returns at once (again if a signal interrupted it: EINTR).
    if (registry.move(ctxSlot, registry.Slot.CONTEXT, registry.Slot.CLOSING)) {
      for (let i = 0; i < 100 && zmq.zmq_ctx_term(ctx) !== 0; i++);
      registry.free(ctxSlot);
    }
  }
  return ok;
}

/** Whether frames are read from the zmq_msg_t layout (probed on first use; for tests). */
export function layoutKnown(): boolean {
  if (copyInto !== layoutInto && copyInto !== memcpyInto) probe();
  return copyInto === layoutInto;
}

/** Whether large received frames are adopted rather than copied on this runtime (for tests). */
export function adopting(): boolean {
  return adopter() !== undefined;
}
