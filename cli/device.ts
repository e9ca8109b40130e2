/**
 * `zmq device queue|forwarder|streamer FRONTEND BACKEND [--capture EP] [--stats SECONDS]`: the
 * library's devices, run until SIGINT or SIGTERM.
 */
import { type Device, forwarder, type ProxyStatistics, Publisher, queue, streamer } from "../mod.ts";
import { parse, positive, UsageError } from "./args.ts";
import { info, note, onEnd, setQuiet, setup } from "./run.ts";

const DEVICES = { queue, forwarder, streamer } as const;

const FLAGS = {
  capture: { type: "string" },
  stats: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

function side(name: string, s: ProxyStatistics["frontend"]): string {
  return `${name}: received ${s.messagesReceived} msg ${s.bytesReceived} B, sent ${s.messagesSent} msg ${s.bytesSent} B`;
}

/** The statistics line printed by --stats. */
export function statsLine(s: ProxyStatistics): string {
  return `stats ${side("frontend", s.frontend)}; ${side("backend", s.backend)}`;
}

/** Endpoints as given: a comma separates several; ">" connects, "@" or nothing binds. */
function endpoints(text: string): string[] {
  const list = text.split(",").filter((e) => e !== "");
  if (list.length === 0) throw new UsageError(`"${text}" names no endpoint`);
  return list;
}

function announce(role: string, given: string[], resolved: readonly string[]): void {
  given.forEach((ep, i) => {
    if (!ep.startsWith(">")) info(`${role} bound ${resolved[i]}`);
  });
}

/** Runs the device until the process is told to end; rejects if libzmq's proxy fails. */
export async function runDevice(args: string[]): Promise<void> {
  const { values: v, positionals } = parse("device", args, FLAGS, true);
  setQuiet(v.quiet === true);
  const [kind, front, back, ...rest] = positionals;
  if (kind === undefined) {
    throw new UsageError("device needs a kind: queue, forwarder or streamer (see zmq device --help)");
  }
  const start = DEVICES[kind as keyof typeof DEVICES];
  if (!Object.hasOwn(DEVICES, kind)) throw new UsageError(`unknown device "${kind}" (queue, forwarder or streamer)`);
  if (front === undefined || back === undefined) {
    throw new UsageError(`device ${kind} needs FRONTEND and BACKEND endpoints`);
  }
  if (rest.length) throw new UsageError(`device ${kind}: unexpected argument "${rest[0]}"`);
  const every = v.stats === undefined ? null : positive("--stats", v.stats as string);
  const frontends = endpoints(front);
  const backends = endpoints(back);

  let capture: Publisher | undefined;
  if (v.capture !== undefined) {
    const ep = v.capture as string;
    capture = setup(() => new Publisher());
    onEnd(() => capture!.close());
    if (ep.startsWith(">")) setup(() => capture!.connect(ep.slice(1)));
    else info(`capture bound ${setup(() => capture!.bind(ep.startsWith("@") ? ep.slice(1) : ep))}`);
  }
  const device: Device = setup(() => start(frontends, backends, { capture }));
  let timer: ReturnType<typeof setInterval> | undefined;
  onEnd(async () => {
    clearInterval(timer);
    await device.stop();
    if (every !== null) note(statsLine(await device.statistics()));
  });
  announce("frontend", frontends, device.endpoints.frontend);
  announce("backend", backends, device.endpoints.backend);
  if (every !== null) {
    timer = setInterval(() => {
      device.statistics().then((s) => note(statsLine(s)), () => {});
    }, every * 1000);
  }
  await device.done;
}
