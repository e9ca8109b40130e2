/**
 * Whole messages in and out of a libzmq socket, without blocking: every send and receive of the
 * library goes through these. A message is atomic: all of its frames or none.
 *
 * The one failure loop: libzmq fails a call with EAGAIN when it would block, and with EINTR when
 * a signal arrived while it processed commands, before it took or gave anything (a program with
 * a signal handler sees that often); EINTR is retried, EAGAIN reported, anything else thrown.
 */
import { native, type Pointer } from "./ffi/mod.ts";
import { EAGAIN, EINTR, errorFor, zmqErrno } from "./errors.ts";
import { ZMQ } from "./constants.ts";
import { sendFrame } from "./frames.ts";
import { frameInto, frameOf, more, msg, releaseLarge } from "./msg.ts";
import { getInt } from "./sockopt.ts";

const { zmq } = native;
const INT_MAX = 0x7fffffff;

/** An errno other than EAGAIN/EINTR that the previous failed call reported and was retried for. */
let retriedFor = 0;

/**
 * After a failed call: true to call again (EINTR), false when it would block (EAGAIN); throws
 * otherwise, but only when the same errno comes back from a second call. errno is read after
 * the call has returned to JS, and the VM may run in between (a GC, a compile) and make system
 * calls that change it (Dart's FFI documents the same). Seen once, in the soak scenario 'order'
 * on Deno: a ROUTER's DONTWAIT receive reported ENOENT, which libzmq never sets there, and the
 * program failed. A failed send or receive took nothing, so calling again is safe: a real
 * error (ETERM, EFSM, EHOSTUNREACH...) repeats; a clobbered errno gives the real answer.
 */
export function again(what: string): boolean {
  const errno = zmqErrno();
  if (errno === EINTR) return true;
  if (errno === EAGAIN) return false;
  if (errno !== retriedFor) {
    retriedFor = errno;
    return true;
  }
  retriedFor = 0;
  throw errorFor(errno, what);
}

/**
 * After a send failed with EAGAIN: whether libzmq takes messages after all. A DONTWAIT send
 * looks at the socket's commands at most about once per millisecond, so a fast sender sees a
 * pipe as full although its reader has drained it (the reader's "read this far" is still a
 * command in the mailbox): 11,001 of 200,000 trySend() calls failed that way on Deno, 34,000 on
 * Bun, to an inproc PULL that took every message at once. ZMQ_EVENTS processes the commands.
 */
function writableAfterAll(h: Pointer): boolean {
  try {
    return (getInt(h, ZMQ.EVENTS) & ZMQ.POLLOUT) !== 0;
  } catch {
    return false; // the send itself will say what is wrong
  }
}

/** Sends a message's first (or only) frame now, with ZMQ_DONTWAIT; false when it would block. */
function sendFirst(h: Pointer, frame: Uint8Array | string, flags: number): boolean {
  retriedFor = 0;
  let looked = false;
  while (sendFrame(h, frame, flags) < 0) {
    if (!again("send")) {
      if (looked || !writableAfterAll(h)) return false;
      looked = true;
    }
  }
  return true;
}

/** Sends a one-frame message now; false when it would block. */
export function trySendFrame(h: Pointer, frame: Uint8Array | string): boolean {
  return sendFirst(h, frame, ZMQ.DONTWAIT);
}

/** Sends a message now; false when it would block (nothing was sent). */
export function trySendMessage(h: Pointer, frames: readonly (Uint8Array | string)[]): boolean {
  const last = frames.length - 1;
  if (!sendFirst(h, frames[0], last === 0 ? ZMQ.DONTWAIT : ZMQ.DONTWAIT | ZMQ.SNDMORE)) return false;
  for (let i = 1; i <= last; i++) {
    // Once the first frame is accepted libzmq takes the rest without blocking; should that ever
    // not hold, a blocking send keeps the message whole.
    const flags = i === last ? 0 : ZMQ.SNDMORE;
    let wait: number = ZMQ.DONTWAIT;
    while (sendFrame(h, frames[i], flags | wait) < 0) if (!again("send")) wait = 0;
  }
  return true;
}

/**
 * Receives a whole message now; null when none is waiting. `meta`, if given, is called with the
 * zmq_msg_t while it holds the first frame (to read its properties). `into`, if given, takes the
 * frames one after another as far as it has room (receiveInto); a frame that does not fit gets
 * memory of its own, as without it.
 */
export function tryReceiveMessage<T extends ArrayBufferLike = ArrayBuffer>(
  h: Pointer,
  meta?: (m: Uint8Array) => void,
  into?: Uint8Array<T>,
): Uint8Array<T | ArrayBuffer>[] | null {
  let rc: number;
  retriedFor = 0;
  while ((rc = zmq.zmq_msg_recv(msg, h, ZMQ.DONTWAIT)) < 0) if (!again("receive")) return null;
  // Properties and the more flag first: a large frame's message may be moved out by frameOf.
  if (meta !== undefined) meta(msg);
  let frames: Uint8Array<T | ArrayBuffer>[] | null = null;
  let offset = 0;
  for (;;) {
    const length = lengthOf(rc);
    const follows = more();
    let frame: Uint8Array<T | ArrayBuffer> | null = into === undefined ? null : frameInto(length, into, offset);
    if (frame !== null) offset += length;
    else frame = frameOf(length);
    // A literal for the first frame: most messages have one, and [] then push() allocates room for more.
    if (frames === null) frames = [frame];
    else frames.push(frame);
    releaseLarge(length);
    if (!follows) return frames;
    // The rest of a message arrives with its first frame; a blocking receive should that not hold.
    let wait: number = ZMQ.DONTWAIT;
    while ((rc = zmq.zmq_msg_recv(msg, h, wait)) < 0) if (!again("receive")) wait = 0;
  }
}

/** zmq_msg_recv returns an int: a frame of 2 GiB or more is measured with zmq_msg_size. */
function lengthOf(rc: number): number {
  return rc < INT_MAX ? rc : Number(zmq.zmq_msg_size(msg));
}
