/**
 * Whole messages in and out of a libzmq socket, without blocking: every send and receive of the
 * library goes through these. A message is atomic: all of its frames or none.
 *
 * The one failure loop: libzmq fails a call with EAGAIN when it would block, and with EINTR when
 * a signal arrived while it processed commands, before it took or gave anything (a program with
 * a signal handler sees that often); EINTR is retried, EAGAIN reported, anything else thrown.
 */
import { type Pointer } from "./ffi/mod.ts";
/**
 * After a failed call: true to call again (EINTR), false when it would block (EAGAIN); throws
 * otherwise, but only when the same errno comes back from a second call. errno is read after
 * the call has returned to JS, and the VM may run in between (a GC, a compile) and make system
 * calls that change it (Dart's FFI documents the same). Seen once, in the soak scenario 'order'
 * on Deno: a ROUTER's DONTWAIT receive reported ENOENT, which libzmq never sets there, and the
 * program failed. A failed send or receive took nothing, so calling again is safe: a real
 * error (ETERM, EFSM, EHOSTUNREACH...) repeats; a clobbered errno gives the real answer.
 */
export declare function again(what: string): boolean;
/** Sends a one-frame message now; false when it would block. */
export declare function trySendFrame(h: Pointer, frame: Uint8Array | string): boolean;
/** Sends a message now; false when it would block (nothing was sent). */
export declare function trySendMessage(h: Pointer, frames: readonly (Uint8Array | string)[]): boolean;
/**
 * Receives a whole message now; null when none is waiting. `meta`, if given, is called with the
 * zmq_msg_t while it holds the first frame (to read its properties). `into`, if given, takes the
 * frames one after another as far as it has room (receiveInto); a frame that does not fit gets
 * memory of its own, as without it.
 */
export declare function tryReceiveMessage<T extends ArrayBufferLike = ArrayBuffer>(h: Pointer, meta?: (m: Uint8Array) => void, into?: Uint8Array<T>): Uint8Array<T | ArrayBuffer>[] | null;
