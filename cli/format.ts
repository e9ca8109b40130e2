/**
 * The line formats of the `zmq` command: one message per line, as text (frames separated by
 * TAB), JSON (an array of frames, each a string or {"base64": ...}) or hex (frames as hex,
 * separated by spaces). `show` turns received frames into a line; `read` turns a line of stdin
 * into frames.
 */
import { Buffer } from "node:buffer";
import { UsageError } from "./args.ts";

export type Format = "text" | "json" | "hex";
export const FORMATS: readonly Format[] = ["text", "json", "hex"];

export function format(text: string | undefined): Format {
  const f = (text ?? "text").toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) {
    throw new UsageError(`--format must be text, json or hex, not "${text}"`);
  }
  return f as Format;
}

const lenient = new TextDecoder();
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

function bufferOf(frame: Uint8Array): Buffer {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

/** One received message as one line (without the newline). */
export function show(frames: Uint8Array[], as: Format): string {
  switch (as) {
    case "text":
      return frames.map((f) => lenient.decode(f)).join("\t");
    case "hex":
      return frames.map((f) => bufferOf(f).toString("hex")).join(" ");
    case "json":
      return JSON.stringify(frames.map((f) => {
        try {
          return strict.decode(f);
        } catch {
          return { base64: bufferOf(f).toString("base64") };
        }
      }));
  }
}

/** Why a line of input is not a message in the format. */
export class InputError extends Error {}

/** One line of input (its bytes, without the newline) as the frames of a message. */
export function read(line: Uint8Array, as: Format): Uint8Array[] {
  switch (as) {
    case "text": {
      const frames: Uint8Array[] = [];
      let start = 0;
      for (let i = 0; i <= line.length; i++) {
        if (i === line.length || line[i] === 9) {
          frames.push(line.slice(start, i));
          start = i + 1;
        }
      }
      return frames;
    }
    case "hex": {
      const text = lenient.decode(line);
      return text.split(" ").map((h) => {
        if (!/^([0-9a-fA-F]{2})*$/.test(h)) throw new InputError(`"${h.slice(0, 40)}" is not a frame in hex`);
        return new Uint8Array(Buffer.from(h, "hex"));
      });
    }
    case "json": {
      let value: unknown;
      try {
        value = JSON.parse(lenient.decode(line));
      } catch {
        throw new InputError("not JSON");
      }
      if (typeof value === "string") value = [value];
      if (!Array.isArray(value) || value.length === 0) {
        throw new InputError('needs a non-empty JSON array of frames (strings or {"base64": "..."})');
      }
      return value.map((frame) => {
        if (typeof frame === "string") return encoder.encode(frame);
        const b64 = (frame as { base64?: unknown } | null)?.base64;
        if (typeof b64 === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
          return new Uint8Array(Buffer.from(b64, "base64"));
        }
        throw new InputError('a frame must be a string or {"base64": "..."}');
      });
    }
  }
}

/** Whether a line is skipped rather than sent: blank lines in json (text and hex send them). */
export function blank(line: Uint8Array, as: Format): boolean {
  return as === "json" && lenient.decode(line).trim() === "";
}

/** Parses --reply TEXT in the format, or a UsageError. */
export function reply(text: string, as: Format): Uint8Array[] {
  try {
    return read(encoder.encode(text), as);
  } catch (e) {
    throw new UsageError(`--reply in ${as} format: ${(e as Error).message}`);
  }
}
