/**
 * Argument checks of the `zmq` command: the usage error, parseArgs with one-line messages, and
 * the parsers of numbers, `--option name=value` pairs and CURVE keys.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { curvePublicKey, OPTIONS, type SocketTypeName } from "../mod.ts";

/** A mistake in the command line: one line on stderr and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs (strict), its errors turned into a UsageError naming `command`. */
export function parse<T extends Options>(
  command: string,
  args: string[],
  options: T,
  positionals = false,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args: joinDashValues(args, options), strict: true, options, allowPositionals: positionals });
    return { values: r.values as Record<string, string | boolean | string[] | undefined>, positionals: r.positionals };
  } catch (e) {
    const message = String((e as Error).message ?? e).split("\n")[0].split(". ")[0];
    throw new UsageError(`${command}: ${message.replace(/\.$/, "")} (see zmq ${command} --help)`);
  }
}

/**
 * An option that takes a value, followed by a value that starts with "-" (a Z85 key may:
 * `--curve-client -X4a...`, or `--reply -1`), is joined as `--flag=value`: parseArgs would take
 * the value for an option and refuse. A value that is itself one of the command's flags is not.
 */
function joinDashValues(args: string[], options: Options): string[] {
  const takesValue = new Set<string>();
  const known = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    known.add(`--${name}`);
    if (spec.short) known.add(`-${spec.short}`);
    if (spec.type === "string") {
      takesValue.add(`--${name}`);
      if (spec.short) takesValue.add(`-${spec.short}`);
    }
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (takesValue.has(a) && next !== undefined && next.startsWith("-") && next !== "-" && !known.has(next)) {
      out.push(`${a.startsWith("--") ? a : `--${longName(a, options)}`}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

function longName(short: string, options: Options): string {
  return Object.entries(options).find(([, spec]) => spec.short === short.slice(1))![0];
}

/** A whole number in [min, max], else a UsageError naming the flag. */
export function integer(flag: string, text: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new UsageError(`${flag} needs a whole number, not "${text}"`);
  const n = Number(text);
  if (n < min || n > max) {
    throw new UsageError(`${flag} must be ${min} or more${max < 2 ** 53 ? ` and ${max} or less` : ""}, not ${n}`);
  }
  return n;
}

/** A positive number (fractions allowed), else a UsageError. */
export function positive(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${flag} needs a positive number, not "${text}"`);
  }
  return n;
}

const Z85 = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

/** Checks a Z85 CURVE key (40 characters) and returns it. */
export function curveKey(flag: string, text: string): string {
  if (!Z85.test(text)) {
    throw new UsageError(
      `${flag} needs a CURVE key of 40 Z85 characters (see zmq keygen), got ${text.length} characters`,
    );
  }
  return text;
}

/** The public key of a Z85 secret key, or a UsageError. */
export function publicOf(flag: string, secret: string): string {
  curveKey(flag, secret);
  try {
    return curvePublicKey(secret);
  } catch {
    throw new UsageError(`${flag}: "${secret}" is not a valid CURVE secret key`);
  }
}

/**
 * Parses `--option name=value` for a socket type into the constructor option it names, typed
 * by the option table: int (a whole number), bool (true/false, 1/0, yes/no, on/off), int64 and
 * uint64 (a bigint), string, bytes (a string; `0x` + hex for binary) and key (Z85).
 */
export function socketOption(type: SocketTypeName, pair: string): [string, unknown] {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new UsageError(`--option needs name=value, not "${pair}"`);
  const name = pair.slice(0, eq);
  const text = pair.slice(eq + 1);
  const spec = (OPTIONS as Record<string, (typeof OPTIONS)[keyof typeof OPTIONS]>)[name];
  if (spec === undefined || !Object.hasOwn(OPTIONS, name)) {
    throw new UsageError(
      `unknown option "${name}" (the camelCase names of the library, e.g. linger, sendHighWaterMark)`,
    );
  }
  if (spec.access === "r") throw new UsageError(`option "${name}" is read-only`);
  const sockets = (spec as { sockets?: readonly string[] }).sockets;
  if (sockets && !sockets.includes(type)) {
    throw new UsageError(`option "${name}" does not apply to a ${type} socket (only ${sockets.join(", ")})`);
  }
  const bad = (want: string) => new UsageError(`option "${name}" needs ${want}, not "${text}"`);
  switch (spec.kind) {
    case "int": {
      if (!/^[+-]?\d+$/.test(text)) throw bad("a whole number");
      return [name, Number(text)];
    }
    case "bool": {
      const t = text.toLowerCase();
      if (["true", "1", "yes", "on"].includes(t)) return [name, true];
      if (["false", "0", "no", "off"].includes(t)) return [name, false];
      throw bad("true or false");
    }
    case "int64":
    case "uint64": {
      if (!/^[+-]?\d+$/.test(text)) throw bad("a whole number");
      return [name, BigInt(text)];
    }
    case "key":
      return [name, curveKey(`option "${name}"`, text)];
    case "bytes": {
      if (/^0x([0-9a-fA-F]{2})*$/.test(text)) {
        const hex = text.slice(2);
        return [name, Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16))];
      }
      return [name, text];
    }
    default:
      return [name, text];
  }
}
