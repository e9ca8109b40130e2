import { type Message } from "./frames.ts";
import { type MessageWithMetadata, type MetadataOptions } from "./metadata.ts";
import type { OperationOptions, SendOptions } from "./waiters.ts";
/** Sockets that send. */
export interface Writable {
    /**
     * Sends a message: one frame, or an array of frames sent atomically as one multipart message.
     * A frame is a string (UTF-8), any ArrayBufferView or an ArrayBuffer. Resolves once libzmq has
     * accepted it; waits while the high-water mark is reached (back-pressure). Concurrent calls
     * are sent in call order. A call that rejects (timeout, abort, close) sent nothing; a call that
     * has to wait owns a copy of its frames. With `{ transfer: true }` the buffers are handed over
     * instead (detached from the caller; large frames go out without a copy, see SendOptions).
     *
     * @example One frame, and a multipart message with a timeout
     * ```ts
     * import { Pull, Push } from "zeromq-ffi";
     * using pull = new Pull();
     * using push = new Push();
     * push.connect(pull.bind("inproc://send-example"));
     * await push.send("one frame");
     * await push.send(["topic", new Uint8Array([1, 2, 3])], { timeout: 1000 });
     * ```
     *
     * @example Handing a large buffer over: no copy, and the caller can no longer change it
     * ```ts
     * import { Pull, Push } from "zeromq-ffi";
     * using pull = new Pull();
     * using push = new Push();
     * push.connect(pull.bind("inproc://transfer-example"));
     * const image = new Uint8Array(8 * 1024 * 1024).fill(255);
     * await push.send(image, { transfer: true });
     * console.log(image.byteLength); // 0: the buffer is detached
     * const [frame] = await pull.receive();
     * console.log(frame.byteLength); // 8388608
     * ```
     */
    send(message: Message, options?: SendOptions): Promise<void>;
    /** Sends now if possible: false when it would block (or while earlier send() calls wait). */
    trySend(message: Message): boolean;
    /**
     * Sends `value` as JSON text in one frame (pyzmq's `send_json`). Throws a TypeError for a
     * value JSON cannot represent (undefined, a function, a symbol).
     *
     * ```ts
     * import { Pull, Push } from "zeromq-ffi";
     * using pull = new Pull();
     * using push = new Push();
     * push.connect(pull.bind("inproc://json-example"));
     * await push.sendJson({ id: 7, tags: ["a", "b"] });
     * const job = await pull.receiveJson<{ id: number; tags: string[] }>();
     * ```
     */
    sendJson(value: unknown, options?: OperationOptions): Promise<void>;
}
/** Sockets that receive. */
export interface Readable extends AsyncIterable<Uint8Array<ArrayBuffer>[]> {
    /**
     * Receives the next message as its frames. Concurrent calls are served in call order. A call
     * that rejects (timeout, abort, close) consumed nothing: the next call gets the message. Each
     * frame is the caller's to keep, slice, post or transfer.
     *
     * @example A multipart message, with a timeout
     * ```ts
     * import { Pull, Push } from "zeromq-ffi";
     * using pull = new Pull();
     * using push = new Push();
     * push.connect(pull.bind("inproc://receive-example"));
     * await push.send(["key", "value"]);
     * const [key, value] = await pull.receive({ timeout: 1000 });
     * ```
     */
    receive(options?: OperationOptions): Promise<Uint8Array<ArrayBuffer>[]>;
    /** Receives now if a message is waiting, else null (also while earlier receive() calls wait). */
    tryReceive(): Uint8Array<ArrayBuffer>[] | null;
    /**
     * Receives now into `buffer` if a message is waiting, else null (also while earlier receive
     * calls wait): as {@link Readable.receiveInto}, without a promise. Throws a TypeError if
     * `buffer` is not a Uint8Array or is detached.
     */
    tryReceive<T extends ArrayBufferLike>(buffer: Uint8Array<T>): Uint8Array<T | ArrayBuffer>[] | null;
    /**
     * Receives the next message into `buffer` instead of new memory (pyzmq's `recv_into`): its
     * frames are copied into it one after another and returned as views of it
     * (`buffer.subarray(...)`), so a loop that reuses one buffer allocates nothing per message.
     * A frame that does not fit in what is left of the buffer (or is empty) gets memory of its
     * own, exactly as with receive(): nothing is truncated or lost, whatever the buffer's size;
     * `frame.buffer === buffer.buffer` tells which. Otherwise as receive(): queued in call order,
     * and a call that rejects consumed nothing and wrote nothing.
     *
     * The frames are views, not copies: the next receiveInto() into the same buffer overwrites
     * them. Keep what must outlive it with `frame.slice()`. Rejects with a TypeError if `buffer`
     * is not a Uint8Array or is detached; if the caller detaches or shrinks it while the call
     * waits, the frames get memory of their own.
     *
     * @example One buffer for every message
     * ```ts
     * import { Pull, Push } from "zeromq-ffi";
     * using pull = new Pull();
     * using push = new Push();
     * push.connect(pull.bind("inproc://into-example"));
     * await push.send(["header", new Uint8Array(60_000)]);
     * const buffer = new Uint8Array(1024 * 1024);
     * const [header, body] = await pull.receiveInto(buffer);
     * console.log(body.buffer === buffer.buffer, body.byteLength); // true 60000
     * ```
     */
    receiveInto<T extends ArrayBufferLike>(buffer: Uint8Array<T>, options?: OperationOptions): Promise<Uint8Array<T | ArrayBuffer>[]>;
    /**
     * Receives the next message with every frame decoded as UTF-8 text (invalid bytes become
     * U+FFFD), like pyzmq's `recv_string` for each frame.
     *
     * ```ts
     * import { Pull, Push } from "zeromq-ffi";
     * using pull = new Pull();
     * using push = new Push();
     * push.connect(pull.bind("inproc://text-example"));
     * await push.send(["weather", "sunny"]);
     * const [topic, report] = await pull.receiveText();
     * ```
     */
    receiveText(options?: OperationOptions): Promise<string[]>;
    /**
     * Receives a one-frame message and parses it as JSON (pyzmq's `recv_json`). Rejects with a
     * SyntaxError if it is not JSON, or a TypeError if the message has several frames; either
     * way the message was received, and the error's `frames` holds it. See {@link Writable.sendJson}.
     */
    receiveJson<T = unknown>(options?: OperationOptions): Promise<T>;
    /**
     * Receives the next message with its properties (zmq_msg_gets): "Peer-Address", "User-Id",
     * "Socket-Type", "Routing-Id" and any named in `options.properties`. Queued with receive() calls.
     */
    receiveWithMetadata(options?: MetadataOptions): Promise<MessageWithMetadata>;
    /**
     * Iterates received messages; ends quietly when the socket is closed (or its context is
     * terminated). One consumer; `break` ends the loop, not the socket.
     *
     * ```ts ignore
     * for await (const [topic, body] of subscriber) console.log(new TextDecoder().decode(body));
     * ```
     */
    [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array<ArrayBuffer>[]>;
}
/** Puts the send and/or receive methods on a socket class's prototype, as its type allows. */
export declare function defineMessaging(cls: {
    prototype: object;
}, can: {
    send: boolean;
    receive: boolean;
}): void;
