/** Reading and writing socket options through preallocated buffers (the JS thread is the only user). */
import { native, type Pointer } from "./ffi/mod.ts";
import { check, EINTR, errorFor, zmqErrno, type ZmqError, zmqError } from "./errors.ts";
import type { OptionName, OptionSpec } from "./options.ts";
import { has } from "./capabilities.ts";

const { zmq } = native;
const buf = new Uint8Array(4096);
const i32 = new Int32Array(buf.buffer, 0, 1);
const i64 = new BigInt64Array(buf.buffer, 0, 1);
const u64 = new BigUint64Array(buf.buffer, 0, 1);
const len = new BigUint64Array(1);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const Z85 = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MECHANISMS = ["null", "plain", "curve", "gssapi"] as const;

/** Reads an int option (used by the socket itself for ZMQ_FD, ZMQ_EVENTS, ZMQ_TYPE). */
export function getInt(handle: Pointer, id: number): number {
  len[0] = 4n;
  // ZMQ_EVENTS processes commands and fails with EINTR when a signal arrives meanwhile.
  while (zmq.zmq_getsockopt(handle, id, buf, len) < 0) {
    const errno = zmqErrno();
    if (errno !== EINTR) throw errorFor(errno, `getting option ${id}`);
    len[0] = 4n;
  }
  return i32[0];
}

/** Writes an int option. */
export function setInt(handle: Pointer, id: number, value: number, what: string): void {
  i32[0] = value;
  check(zmq.zmq_setsockopt(handle, id, buf, native.size(4)), what);
}

/** Writes a binary option (ZMQ_SUBSCRIBE etc). */
export function setBytes(handle: Pointer, id: number, value: Uint8Array, what: string): void {
  check(zmq.zmq_setsockopt(handle, id, value, native.size(value.byteLength)), what);
}

function bytesOf(name: string, value: unknown): Uint8Array {
  if (typeof value === "string") return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`option "${name}" must be a string or a Uint8Array, not ${typeof value}`);
}

/** Reads an option by its table entry and returns it as its JS type. */
export function getOption(handle: Pointer, name: OptionName, spec: OptionSpec): unknown {
  const what = `getting option "${name}"`;
  switch (spec.kind) {
    case "int":
    case "bool":
    case "mechanism": {
      const v = getInt(handle, spec.id);
      return spec.kind === "int" ? v : spec.kind === "bool" ? v !== 0 : MECHANISMS[v] ?? String(v);
    }
    case "int64":
    case "uint64": {
      len[0] = 8n;
      check(zmq.zmq_getsockopt(handle, spec.id, buf, len), what);
      // A number while it is exact; beyond 2^53 (an affinity bitmask, say) a bigint, never rounded.
      const v = spec.kind === "int64" ? i64[0] : u64[0];
      return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
    }
    case "key": {
      len[0] = 41n;
      check(zmq.zmq_getsockopt(handle, spec.id, buf, len), what);
      return decoder.decode(buf.subarray(0, 40));
    }
    case "string": {
      len[0] = BigInt(buf.length);
      check(zmq.zmq_getsockopt(handle, spec.id, buf, len), what);
      const n = Number(len[0]);
      const end = n > 0 && buf[n - 1] === 0 ? n - 1 : n;
      return decoder.decode(buf.subarray(0, end));
    }
    case "bytes": {
      len[0] = 255n;
      check(zmq.zmq_getsockopt(handle, spec.id, buf, len), what);
      return buf.slice(0, Number(len[0]));
    }
  }
}

/** Validates a value for an option (TypeError/RangeError/ZmqError) and writes it. */
export function setOption(handle: Pointer, name: OptionName, spec: OptionSpec, value: unknown): void {
  if (spec.access === "r") throw new TypeError(`option "${name}" is read-only`);
  if (spec.requires && !has(spec.requires)) {
    throw zmqError(
      "ENOTSUP",
      `option "${name}" needs libzmq built with ${spec.requires} (zmq_has("${spec.requires}") is false)`,
    );
  }
  const what = `setting option "${name}" (id ${spec.id})`;
  switch (spec.kind) {
    case "int": {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new TypeError(`option "${name}" must be an integer number, not ${describe(value)}`);
      }
      if (value < -0x80000000 || value > 0x7fffffff) {
        throw new RangeError(`option "${name}" must fit a 32-bit int, got ${value}`);
      }
      if (spec.range && (value < spec.range[0] || value > spec.range[1])) {
        throw new RangeError(`option "${name}" must be ${spec.range[0]} to ${spec.range[1]}, got ${value}`);
      }
      return setInt(handle, spec.id, value, what);
    }
    case "bool": {
      if (typeof value !== "boolean") throw new TypeError(`option "${name}" must be a boolean, not ${describe(value)}`);
      return setInt(handle, spec.id, value ? 1 : 0, what);
    }
    case "int64":
    case "uint64": {
      let v: bigint;
      if (typeof value === "bigint") v = value;
      else if (typeof value === "number" && Number.isSafeInteger(value)) v = BigInt(value);
      else {
        throw new TypeError(`option "${name}" must be a safe integer or a bigint, not ${describe(value)}`);
      }
      const [lo, hi] = spec.kind === "int64" ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
      if (v < lo || v > hi) throw new RangeError(`option "${name}" is out of range: ${v}`);
      if (spec.kind === "int64") i64[0] = v;
      else u64[0] = v;
      check(zmq.zmq_setsockopt(handle, spec.id, buf, native.size(8)), what);
      return;
    }
    case "string": {
      if (typeof value !== "string") throw new TypeError(`option "${name}" must be a string, not ${describe(value)}`);
      if (value.includes("\0")) throw new TypeError(`option "${name}" must not contain NUL characters`);
      const bytes = encoder.encode(value);
      check(zmq.zmq_setsockopt(handle, spec.id, bytes, native.size(bytes.length)), what);
      return;
    }
    case "bytes":
      return setBytes(handle, spec.id, bytesOf(name, value), what);
    case "key": {
      let bytes: Uint8Array;
      if (typeof value === "string") {
        if (!Z85.test(value)) throw badKey(name, `a string of ${value.length} characters that is not Z85`);
        bytes = encoder.encode(value);
      } else if (value instanceof Uint8Array) {
        if (value.byteLength !== 32) throw badKey(name, `${value.byteLength} bytes`);
        bytes = value;
      } else {
        throw new TypeError(`option "${name}" must be a Z85 string or a Uint8Array, not ${describe(value)}`);
      }
      return setBytes(handle, spec.id, bytes, what);
    }
    case "mechanism":
      throw new TypeError(`option "${name}" is read-only`);
  }
}

function badKey(name: string, got: string): ZmqError {
  return zmqError("EINVAL", `option "${name}" needs a CURVE key of 40 Z85 characters or 32 bytes, got ${got}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return `${value}n`;
  return typeof value;
}
