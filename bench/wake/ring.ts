/**
 * A native thread that waits on a file descriptor and then calls a function pointer (a thread-safe
 * JS callback), built from libc and libzmq functions alone: no C source, no compiler.
 *
 * zmq_threadstart(setcontext, ring[0]) starts a thread (libzmq blocks its signals) whose only call
 * is setcontext(ring[0]). The ring is three ucontexts made with makecontext, each running one
 * function on a stack of its own and linked (uc_link) to the next:
 *
 *     read(gate, buf, 8)  ->  poll(&pollfd, 1, -1)  ->  callback()  ->  back to read(gate ...)
 *
 * The JS thread arms one wait by writing a byte to the gate pipe; the thread then polls the fd
 * once and calls the callback once. A context whose function returns continues in glibc's
 * __start_context, which calls setcontext(uc_link); that call pushes its return address (and
 * setcontext pushes %rdi) just below the uc_link slot. With fewer than 7 arguments those pushes
 * overwrite the context's own return slot (sp[0]), and the second pass through the ring exits the
 * process. makecontext with argc = 8 puts two (unused) stack arguments between sp[0] and the
 * uc_link slot, which absorb the pushes, so each context can be entered again and again. This
 * relies on glibc's x86-64 makecontext layout (Linux, x86-64, glibc); it is a measurement device,
 * not something to ship without more care.
 */
import type { Raw } from "./ffi.ts";

const UCONTEXT_BYTES = 4096; // sizeof(ucontext_t) is 968 on x86-64 glibc
const UC_LINK = 8;
const UC_STACK_SP = 16;
const UC_STACK_SIZE = 32;
const UC_SIGMASK = 296;
const STACK_BYTES = 256 * 1024;

export interface Ring {
  /** Arms one wait: the thread polls the fd once, then calls the callback once. */
  arm(): void;
}

export function startRing(raw: Raw, fd: number, callback: bigint): Ring {
  const { libc, zmq } = raw;
  if (raw.sym("makecontext") === 0n) throw new Error("no makecontext");
  const gate = new Int32Array(2);
  if (libc.pipe(gate) !== 0) throw new Error("pipe failed");
  const contexts = BigInt(libc.calloc(3n, BigInt(UCONTEXT_BYTES)));
  const stacks = BigInt(libc.calloc(3n, BigInt(STACK_BYTES)));
  const scratch = BigInt(libc.calloc(1n, 64n)); // struct pollfd at 0, read buffer at 16
  if (contexts === 0n || stacks === 0n || scratch === 0n) throw new Error("calloc failed");
  const pfd = new DataView(raw.view(scratch, 64));
  pfd.setInt32(0, fd, true);
  pfd.setInt16(4, 1, true); // POLLIN
  const ctx = (i: number) => contexts + BigInt(i * UCONTEXT_BYTES);
  for (let i = 0; i < 3; i++) {
    if (libc.getcontext(ctx(i)) !== 0) throw new Error("getcontext failed");
    const v = new DataView(raw.view(ctx(i), UCONTEXT_BYTES));
    v.setBigUint64(UC_LINK, ctx((i + 1) % 3), true);
    v.setBigUint64(UC_STACK_SP, stacks + BigInt(i * STACK_BYTES), true);
    v.setInt32(UC_STACK_SP + 8, 0, true);
    v.setBigUint64(UC_STACK_SIZE, BigInt(STACK_BYTES), true);
    v.setBigUint64(UC_SIGMASK, 0xffffffffffffffffn, true); // no signal handler ever runs on this thread
  }
  const z = 0n;
  libc.makecontext(ctx(0), raw.sym("read"), 8, BigInt(gate[0]), scratch + 16n, 8n, z, z, z, z, z);
  libc.makecontext(ctx(1), raw.sym("poll"), 8, scratch, 1n, 0xffffffffn, z, z, z, z, z);
  libc.makecontext(ctx(2), callback, 8, z, z, z, z, z, z, z, z);
  zmq.zmq_threadstart(raw.sym("setcontext"), ctx(0));
  const one = new Uint8Array(1);
  const len = raw.size(1);
  return {
    arm: () => void libc.write(gate[1], one, len),
  };
}
