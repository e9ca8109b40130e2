#!/usr/bin/env bun
/**
 * The `zmq` command: talk to any ZeroMQ socket from a shell, run devices, generate CURVE keys and
 * measure, on Deno (`deno run -A cli.ts ...`) and Bun (`bun cli.ts ...`). It uses only the
 * library's public API (mod.ts). See docs/cli.md.
 *
 * ```sh
 * zmq pull --bind tcp://*:5557
 * echo hello | zmq push --connect tcp://localhost:5557
 * ```
 *
 * @module
 */
import process from "node:process";
import pkg from "./package.json" with { type: "json" };
import { curveKeyPair, has, version } from "./mod.ts";
import { parse, UsageError } from "./cli/args.ts";
import { runDevice } from "./cli/device.ts";
import * as help from "./cli/help.ts";
import { runPerf } from "./cli/perf.ts";
import { end, fail, Failure, installHandlers } from "./cli/run.ts";
import { runSocket, SOCKET_TYPES } from "./cli/socket.ts";

/** libzmq capabilities that `zmq version` reports. */
const CAPABILITIES = ["ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"];

function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

function keygen(args: string[]): void {
  const { values } = parse("keygen", args, { json: { type: "boolean" } });
  if (!has("curve")) throw new Failure('this libzmq has no CURVE (has("curve") is false)');
  const { publicKey, secretKey } = curveKeyPair();
  if (values.json) print(`{"public": ${JSON.stringify(publicKey)}, "secret": ${JSON.stringify(secretKey)}}`);
  else print(`public ${publicKey}\nsecret ${secretKey}`);
}

function showVersion(args: string[]): void {
  const { values } = parse("version", args, { json: { type: "boolean" } });
  const v = version();
  const libzmq = `${v.major}.${v.minor}.${v.patch}`;
  const runtime = "Bun" in globalThis
    ? `bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}`
    : `deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`;
  const caps = Object.fromEntries(CAPABILITIES.map((c) => [c, has(c)]));
  if (values.json) {
    print(JSON.stringify({ name: pkg.name, version: pkg.version, libzmq, runtime, has: caps }));
    return;
  }
  print(`${pkg.name} ${pkg.version}\nlibzmq ${libzmq}\n${runtime}`);
  print(CAPABILITIES.map((c) => `${c}: ${caps[c] ? "yes" : "no"}`).join("\n"));
}

const HELP: Record<string, string> = {
  device: help.DEVICE,
  keygen: help.KEYGEN,
  perf: help.PERF,
  version: help.VERSION,
};

function helpFor(command: string): string | undefined {
  if (Object.hasOwn(SOCKET_TYPES, command)) return help.SOCKET;
  return Object.hasOwn(HELP, command) ? HELP[command] : undefined;
}

/** Runs the command line `args`; resolves when the command is done. */
async function main(args: string[]): Promise<void> {
  const [first, ...rest] = args;
  if (first === undefined) throw new UsageError("no command given (see zmq --help)");
  if (first === "--help" || first === "-h" || first === "help") {
    const text = rest.length ? helpFor(rest[0].toLowerCase()) : help.MAIN;
    if (text === undefined) throw new UsageError(`unknown command "${rest[0]}" (see zmq --help)`);
    return print(text);
  }
  if (first === "--version" || first === "-V") return showVersion([]);
  const command = first.toLowerCase();
  const text = helpFor(command);
  if (text === undefined) {
    throw new UsageError(
      first.startsWith("-")
        ? `a command comes first, not "${first}" (see zmq --help)`
        : `unknown command or socket type "${first}" (see zmq --help)`,
    );
  }
  if (rest.includes("--help") || rest.includes("-h")) return print(text);
  if (Object.hasOwn(SOCKET_TYPES, command)) return await runSocket(command, rest);
  switch (command) {
    case "device":
      return await runDevice(rest);
    case "keygen":
      return keygen(rest);
    case "perf":
      return await runPerf(rest);
    case "version":
      return showVersion(rest);
  }
}

if (import.meta.main) {
  installHandlers();
  try {
    await main(process.argv.slice(2));
    await end(0);
  } catch (e) {
    await fail(e);
  }
}
