/**
 * `zmq <type> (--bind EP | --connect EP)... [flags]`: one socket, cat-like. Sending types send
 * each line of stdin; receiving types print each message as a line; req and rep go in lock-step.
 */
import {
  curveKeyPair,
  Dealer,
  has,
  type MonitorEvent,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  type Socket,
  type SocketTypeName,
  Subscriber,
  XPublisher,
  XSubscriber,
} from "../mod.ts";
import { curveKey, integer, parse, publicOf, socketOption, UsageError } from "./args.ts";
import { blank, type Format, format, InputError, read, reply as parseReply, show } from "./format.ts";
import { ended, Failure, info, isTimeout, note, onEnd, setQuiet, setup, stdinLines, writeLine } from "./run.ts";

interface Sender {
  send(message: Uint8Array[], options?: { timeout?: number }): Promise<void>;
}
interface Receiver {
  receive(options?: { timeout?: number }): Promise<Uint8Array[]>;
}
type AnySocket = Socket & Partial<Sender & Receiver> & { subscribe?(...prefixes: string[]): void };

interface TypeInfo {
  make: (options: Record<string, unknown>) => AnySocket;
  type: SocketTypeName;
  send: boolean;
  receive: boolean;
}

// deno-lint-ignore no-explicit-any
const make = (cls: new (options: any) => Socket) => (options: Record<string, unknown>) => new cls(options) as AnySocket;

/** The socket types of the command, by their lower-case name. */
export const SOCKET_TYPES: Record<string, TypeInfo> = {
  pub: { make: make(Publisher), type: "PUB", send: true, receive: false },
  sub: { make: make(Subscriber), type: "SUB", send: false, receive: true },
  push: { make: make(Push), type: "PUSH", send: true, receive: false },
  pull: { make: make(Pull), type: "PULL", send: false, receive: true },
  req: { make: make(Request), type: "REQ", send: true, receive: true },
  rep: { make: make(Reply), type: "REP", send: true, receive: true },
  dealer: { make: make(Dealer), type: "DEALER", send: true, receive: true },
  router: { make: make(Router), type: "ROUTER", send: true, receive: true },
  pair: { make: make(Pair), type: "PAIR", send: true, receive: true },
  xpub: { make: make(XPublisher), type: "XPUB", send: true, receive: true },
  xsub: { make: make(XSubscriber), type: "XSUB", send: true, receive: true },
};

const FLAGS = {
  bind: { type: "string", short: "b", multiple: true },
  connect: { type: "string", short: "c", multiple: true },
  format: { type: "string", short: "f" },
  subscribe: { type: "string", short: "s", multiple: true },
  option: { type: "string", short: "o", multiple: true },
  count: { type: "string", short: "n" },
  timeout: { type: "string", short: "t" },
  events: { type: "boolean" },
  reply: { type: "string" },
  "curve-server": { type: "string" },
  "curve-client": { type: "string" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

interface Settings {
  format: Format;
  count?: number;
  timeout?: number;
}

/** One monitor event as a line: `event: <type> <endpoint>` and the details it carries. */
export function eventLine(e: MonitorEvent): string {
  let detail = "";
  if ("error" in e) detail = ` error=${e.error}`;
  else if ("interval" in e) detail = ` interval=${e.interval}`;
  else if ("status" in e) detail = ` status=${e.status}`;
  else if (e.type === "unknown") detail = ` event=${e.event} value=${e.value}`;
  return `event: ${e.type}${e.endpoint ? ` ${e.endpoint}` : ""}${detail}`;
}

/** Runs `zmq <type> ...`; resolves when the work is done (the caller ends the process). */
export async function runSocket(name: string, args: string[]): Promise<void> {
  const kind = SOCKET_TYPES[name];
  const { values: v } = parse(name, args, FLAGS);
  setQuiet(v.quiet === true);
  const binds = (v.bind as string[] | undefined) ?? [];
  const connects = (v.connect as string[] | undefined) ?? [];
  if (binds.length + connects.length === 0) {
    throw new UsageError(`${name} needs at least one --bind or --connect endpoint (see zmq ${name} --help)`);
  }
  const settings: Settings = { format: format(v.format as string | undefined) };
  if (v.count !== undefined) settings.count = integer("--count", v.count as string, 0);
  if (v.timeout !== undefined) settings.timeout = integer("--timeout", v.timeout as string, 1, 0x7fffffff);
  const prefixes = (v.subscribe as string[] | undefined) ?? [];
  if (prefixes.length && name !== "sub" && name !== "xsub") {
    throw new UsageError("--subscribe applies to sub and xsub only");
  }
  if (v.reply !== undefined && name !== "rep") throw new UsageError("--reply applies to rep only");
  const replyFrames = v.reply === undefined ? null : parseReply(v.reply as string, settings.format);

  const options: Record<string, unknown> = {};
  for (const pair of (v.option as string[] | undefined) ?? []) {
    const [key, value] = socketOption(kind.type, pair);
    options[key] = value;
  }
  curve(v, options);

  const socket = setup(() => kind.make(options));
  let events: Promise<void> = Promise.resolve();
  onEnd(async (why) => {
    // A usage error sent nothing; every other end honours the linger.
    if (why === "usage") {
      try {
        (socket as unknown as { linger: number }).linger = 0;
      } catch {
        // closed already
      }
    }
    socket.close();
    await events;
  });
  if (v.events) {
    events = (async () => {
      for await (const e of socket.events) note(eventLine(e));
    })().catch(() => {});
  }
  if (name === "sub") setup(() => socket.subscribe!(...prefixes));
  for (const ep of binds) info(`bound ${setup(() => socket.bind(ep))}`);
  for (const ep of connects) setup(() => socket.connect(ep));
  if (name === "xsub" && prefixes.length) setup(() => socket.subscribe!(...prefixes));

  if (name === "req") return await requests(socket as AnySocket & Sender & Receiver, settings);
  if (name === "rep") return await replies(socket as AnySocket & Sender & Receiver, settings, replyFrames);
  // A type that does both sends stdin only with --count 0 (nothing to receive).
  const receive = kind.receive && !(kind.send && settings.count === 0);
  const receiving = receive ? receiveLoop(socket as AnySocket & Receiver, settings) : null;
  const sending = kind.send
    ? sendLoop(socket as AnySocket & Sender, kind.receive ? { ...settings, count: undefined } : settings)
    : null;
  if (receiving === null) return await sending!;
  if (sending === null) return await receiving;
  // Both ways: the end of stdin ends sending only; receiving goes on (--count, --timeout, a signal).
  sending.catch(() => {});
  await Promise.race([receiving, sending.then(() => receiving)]);
}

/** --curve-server SECRET (or "-": a new pair) and --curve-client SERVER_PUBLIC, into socket options. */
function curve(v: Record<string, unknown>, options: Record<string, unknown>): void {
  const server = v["curve-server"] as string | undefined;
  const client = v["curve-client"] as string | undefined;
  if (server === undefined && client === undefined) return;
  if (server !== undefined && client !== undefined) {
    throw new UsageError("--curve-server and --curve-client exclude each other");
  }
  if (server !== undefined && server !== "-" && server !== "generate") publicOf("--curve-server", server);
  if (client !== undefined) curveKey("--curve-client", client);
  if (!has("curve")) throw new Failure('this libzmq has no CURVE (has("curve") is false)');
  if (server !== undefined) {
    let secret = server;
    if (server === "-" || server === "generate") secret = curveKeyPair().secretKey;
    info(`curve-server public ${publicOf("--curve-server", secret)}`);
    options.curveServer = true;
    options.curveSecretKey = secret;
  } else {
    options.curveServerKey = client;
    if (options.curveSecretKey === undefined) {
      const pair = curveKeyPair();
      options.curvePublicKey = pair.publicKey;
      options.curveSecretKey = pair.secretKey;
    } else if (options.curvePublicKey === undefined) {
      options.curvePublicKey = publicOf('option "curveSecretKey"', options.curveSecretKey as string);
    }
  }
}

function timeoutOf(s: Settings): { timeout: number } | undefined {
  return s.timeout === undefined ? undefined : { timeout: s.timeout };
}

async function receiveOne(socket: Receiver, s: Settings, what: string): Promise<Uint8Array[]> {
  try {
    return await socket.receive(timeoutOf(s));
  } catch (e) {
    if (isTimeout(e)) throw new Failure(`--timeout: no ${what} arrived for ${s.timeout} ms`);
    throw e;
  }
}

async function sendOne(socket: Sender, frames: Uint8Array[], s: Settings): Promise<void> {
  try {
    await socket.send(frames, timeoutOf(s));
  } catch (e) {
    if (isTimeout(e)) throw new Failure(`--timeout: a message could not be sent for ${s.timeout} ms (no peer ready?)`);
    throw e;
  }
}

/** Prints every message received, up to --count. */
async function receiveLoop(socket: Receiver, s: Settings): Promise<void> {
  for (let n = 0; s.count === undefined || n < s.count; n++) {
    const frames = await receiveOne(socket, s, "message");
    const wait = writeLine(show(frames, s.format));
    if (wait) await wait;
  }
}

/** The messages of stdin, one a line, as frames (up to --count). */
async function* messages(s: Settings): AsyncGenerator<Uint8Array[]> {
  if (s.count === 0) return;
  let lineNo = 0;
  let n = 0;
  for await (const line of stdinLines()) {
    lineNo++;
    if (blank(line, s.format)) continue;
    try {
      yield read(line, s.format);
    } catch (e) {
      if (e instanceof InputError) throw new Failure(`stdin line ${lineNo}: ${e.message} (--format ${s.format})`);
      throw e;
    }
    if (s.count !== undefined && ++n >= s.count) return;
  }
}

/** Sends every line of stdin until it ends (or --count lines). */
async function sendLoop(socket: Sender, s: Settings): Promise<void> {
  for await (const frames of messages(s)) {
    if (ended()) return;
    await sendOne(socket, frames, s);
  }
}

/** req: each line of stdin is a request; its reply is printed. */
async function requests(socket: Sender & Receiver, s: Settings): Promise<void> {
  for await (const frames of messages(s)) {
    await sendOne(socket, frames, s);
    const wait = writeLine(show(await receiveOne(socket, s, "reply"), s.format));
    if (wait) await wait;
  }
}

/** rep: each request is printed and answered with --reply, or echoed. */
async function replies(socket: Sender & Receiver, s: Settings, reply: Uint8Array[] | null): Promise<void> {
  for (let n = 0; s.count === undefined || n < s.count; n++) {
    const request = await receiveOne(socket, s, "request");
    const wait = writeLine(show(request, s.format));
    await sendOne(socket, reply ?? request, s);
    if (wait) await wait;
  }
}
