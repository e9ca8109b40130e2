import type { Backend, Pointer } from "./types.ts";
/** Writes `code` to a fresh page and makes the page executable; null where that cannot be done. */
export declare function codePage(native: Backend, code: Uint8Array): Pointer | null;
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
export declare const CALL_STORE: Uint8Array;
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
export declare function releaseCode(msgClose: bigint, free: bigint): Uint8Array;
/**
 * The done function of frames sent without a copy (zerocopy.ts) as code with the counter's
 * address in it (no JS may run on libzmq's threads, and Deno has no compiler):
 *
 *     c7 06 01 00 00 00    mov dword [rsi], 1        ; *hint = 1
 *     48 b8 <counter>      mov rax, counter
 *     f0 ff 00             lock inc dword [rax]      ; *counter += 1
 *     c3                   ret
 */
export declare function doneCode(counter: bigint): Uint8Array;
