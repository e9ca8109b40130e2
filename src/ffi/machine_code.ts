/**
 * Native code the library writes itself, for both backends (no compiler needed): a few bytes of
 * SysV x86-64 code on a page of their own, which is then made read-only and executable (never
 * writable and executable at once). Linux x86-64 only; elsewhere, or where the system refuses
 * executable pages, there is none and the callers do without.
 */
import { LIBC } from "../constants.ts";
import type { Backend, Pointer } from "./types.ts";

/** Writes `code` to a fresh page and makes the page executable; null where that cannot be done. */
export function codePage(native: Backend, code: Uint8Array): Pointer | null {
  if (native.os !== "linux" || native.arch !== "x86_64" || code.length > 4096) return null;
  const page = native.libc.mmap(null, native.size(4096), LIBC.PROT_RW, LIBC.MAP_PRIVATE_ANON, -1, 0n);
  const at = native.isNull(page) ? 0n : native.pointerValue(page);
  // MAP_FAILED is (void *)-1; Bun gives pointers as doubles, so compare loosely at the top.
  if (at === 0n || at >= 0xffff_ffff_ffff_f000n) return null;
  new Uint8Array(native.view(page, code.length)).set(code);
  if (native.libc.mprotect(page, native.size(4096), LIBC.PROT_RX) !== 0) return null; // the page stays, unused
  return page;
}

/**
 * `void *call_store(void *(*fn)(void *, int), void *a, int b, void **into)`: calls `fn(a, b)`,
 * writes what it returns to `*into` and returns it. The write happens in native code, before the
 * call is back in JS: a Worker ended at that moment (both runtimes end a Worker at its next JS
 * step) still leaves the result where the registry finds it.
 *
 *     51          push rcx          ; keep `into` (and align the stack to 16 for the call)
 *     48 89 f8    mov rax, rdi      ; fn
 *     48 89 f7    mov rdi, rsi      ; a
 *     89 d6       mov esi, edx      ; b
 *     ff d0       call rax
 *     59          pop rcx
 *     48 89 01    mov [rcx], rax    ; *into = result
 *     c3          ret
 */
export const CALL_STORE: Uint8Array = new Uint8Array([
  0x51,
  0x48,
  0x89,
  0xf8,
  0x48,
  0x89,
  0xf7,
  0x89,
  0xd6,
  0xff,
  0xd0,
  0x59,
  0x48,
  0x89,
  0x01,
  0xc3,
]);

/**
 * `void release(void *bytes, void *msg)`, the release of a frame adopted from libzmq (Bun:
 * Backend.adopter): closes the zmq_msg_t at `msg` and frees it, with the two functions'
 * addresses written in. JSC calls it, on whichever thread last held the buffer, when the buffer
 * is collected.
 *
 *     53                push rbx               ; callee-saved, and aligns the stack to 16
 *     48 89 f3          mov rbx, rsi           ; msg
 *     48 89 f7          mov rdi, rsi
 *     48 b8 <close>     mov rax, zmq_msg_close
 *     ff d0             call rax
 *     48 89 df          mov rdi, rbx
 *     48 b8 <free>      mov rax, free
 *     ff d0             call rax
 *     5b                pop rbx
 *     c3                ret
 */
export function releaseCode(msgClose: bigint, free: bigint): Uint8Array {
  const code = new Uint8Array(36);
  const view = new DataView(code.buffer);
  code.set([0x53, 0x48, 0x89, 0xf3, 0x48, 0x89, 0xf7, 0x48, 0xb8]);
  view.setBigUint64(9, msgClose, true);
  code.set([0xff, 0xd0, 0x48, 0x89, 0xdf, 0x48, 0xb8], 17);
  view.setBigUint64(24, free, true);
  code.set([0xff, 0xd0, 0x5b, 0xc3], 32);
  return code;
}

/**
 * The done function of frames sent without a copy (zerocopy.ts) as code with the counter's
 * address in it (no JS may run on libzmq's threads, and Deno has no compiler):
 *
 *     c7 06 01 00 00 00    mov dword [rsi], 1        ; *hint = 1
 *     48 b8 <counter>      mov rax, counter
 *     f0 ff 00             lock inc dword [rax]      ; *counter += 1
 *     c3                   ret
 */
export function doneCode(counter: bigint): Uint8Array {
  const code = new Uint8Array(20);
  code.set([0xc7, 0x06, 0x01, 0x00, 0x00, 0x00, 0x48, 0xb8]);
  new DataView(code.buffer).setBigUint64(8, counter, true);
  code.set([0xf0, 0xff, 0x00, 0xc3], 16);
  return code;
}
