/** Facts about the loaded libzmq: version, capabilities, and the Z85/CURVE helpers. */
import { native } from "./ffi/mod.ts";
import { lastError, zmqError } from "./errors.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The version of the loaded libzmq. */
export function version(): { major: number; minor: number; patch: number } {
  const parts = new Int32Array(3);
  native.zmq.zmq_version(parts.subarray(0, 1), parts.subarray(1, 2), parts.subarray(2, 3));
  return { major: parts[0], minor: parts[1], patch: parts[2] };
}

const hasCache = new Map<string, boolean>();
/** Whether libzmq supports a capability: "ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft". */
export function has(capability: string): boolean {
  if (typeof capability !== "string") throw new TypeError("capability must be a string");
  let v = hasCache.get(capability);
  if (v === undefined) {
    v = native.zmq.zmq_has(encoder.encode(capability + "\0")) === 1;
    hasCache.set(capability, v);
  }
  return v;
}

/** Encodes bytes (a length that is a multiple of 4) as Z85 text. */
export function z85Encode(data: Uint8Array): string {
  if (!(data instanceof Uint8Array)) throw new TypeError("z85Encode takes a Uint8Array");
  if (data.length % 4 !== 0) {
    throw zmqError("EINVAL", `z85Encode needs a length that is a multiple of 4, got ${data.length}`);
  }
  const out = new Uint8Array((data.length / 4) * 5 + 1);
  if (native.isNull(native.zmq.zmq_z85_encode(out, data, native.size(data.length)))) throw lastError("z85Encode");
  return decoder.decode(out.subarray(0, out.length - 1));
}

/** Decodes Z85 text (a length that is a multiple of 5) into bytes. */
export function z85Decode(text: string): Uint8Array {
  if (typeof text !== "string") throw new TypeError("z85Decode takes a string");
  if (text.length % 5 !== 0) {
    throw zmqError("EINVAL", `z85Decode needs a length that is a multiple of 5, got ${text.length}`);
  }
  const out = new Uint8Array((text.length / 5) * 4);
  if (text.length === 0) return out; // libzmq rejects "", though z85Encode gives "" for no bytes
  const input = encoder.encode(text + "\0");
  if (input.length !== text.length + 1 || native.isNull(native.zmq.zmq_z85_decode(out, input))) {
    throw zmqError("EINVAL", "z85Decode: the text is not valid Z85");
  }
  return out;
}

/** A new CURVE key pair as Z85 strings (needs `has("curve")`). */
export function curveKeyPair(): { publicKey: string; secretKey: string } {
  const pub = new Uint8Array(41);
  const sec = new Uint8Array(41);
  if (native.zmq.zmq_curve_keypair(pub, sec) !== 0) throw lastError("curveKeyPair");
  return { publicKey: decoder.decode(pub.subarray(0, 40)), secretKey: decoder.decode(sec.subarray(0, 40)) };
}

/** The Z85 public key that belongs to a Z85 secret key. */
export function curvePublicKey(secretKey: string): string {
  if (typeof secretKey !== "string" || secretKey.length !== 40) {
    throw zmqError("EINVAL", "curvePublicKey needs a secret key of 40 Z85 characters");
  }
  const pub = new Uint8Array(41);
  if (native.zmq.zmq_curve_public(pub, encoder.encode(secretKey + "\0")) !== 0) throw lastError("curvePublicKey");
  return decoder.decode(pub.subarray(0, 40));
}
