/**
 * The three classic devices as small functions over endpoints (pyzmq's ThreadDevice, used the
 * way the guide uses it): each makes its two sockets, binds or connects them, and runs a Proxy
 * on a helper thread until stop().
 */
import type { Context } from "./context.ts";
import type { Socket } from "./socket.ts";
import { Dealer, Pull, Push, Router, XPublisher, XSubscriber } from "./sockets.ts";
import { Proxy, type ProxyStatistics } from "./proxy.ts";

/**
 * Where a device socket listens or connects: one endpoint or several. An endpoint is bound by
 * default; a leading "@" binds explicitly and a leading ">" connects instead (CZMQ's notation):
 * `"tcp://*:5559"`, `"@ipc:///tmp/queue"`, `">tcp://broker:5560"`.
 */
export type DeviceEndpoints = string | readonly string[];

/** Options of queue(), forwarder() and streamer(). */
export interface DeviceOptions {
  /** The context of the device's sockets (default: `defaultContext`); inproc peers must share it. */
  context?: Context;
  /** A socket that gets a copy of every message (see ProxyOptions.capture); not closed by stop(). */
  capture?: Socket;
}

/** A running device. */
export interface Device {
  /** The device's proxy (pause(), resume() and statistics() are there too). */
  readonly proxy: Proxy;
  /** The endpoints as bound (a "tcp://127.0.0.1:*" comes back with its port) or connected. */
  readonly endpoints: { readonly frontend: readonly string[]; readonly backend: readonly string[] };
  /**
   * Settles when the device has stopped and its sockets are closed: resolves after stop(),
   * rejects if libzmq's proxy failed. Observed by the device itself, so a failure never becomes
   * an unhandled rejection.
   */
  readonly done: Promise<void>;
  /** The proxy's counters (final ones after the device stopped). */
  statistics(): Promise<ProxyStatistics>;
  /** Terminates the proxy and closes both sockets (each keeps its linger); idempotent. */
  stop(): Promise<void>;
}

/**
 * ROUTER frontend (clients, e.g. Request or Dealer) and DEALER backend (workers, e.g. Reply):
 * the shared queue. Requests are spread over the workers, replies go back to the client that asked.
 *
 * @example A broker between clients and workers
 * ```ts
 * import { queue, Reply, Request } from "zeromq-ffi";
 *
 * const broker = queue("tcp://127.0.0.1:*", "tcp://127.0.0.1:*");
 * using worker = new Reply();
 * worker.connect(broker.endpoints.backend[0]);
 * using client = new Request();
 * client.connect(broker.endpoints.frontend[0]);
 * await client.send("ping");
 * const [ping] = await worker.receiveText();
 * await worker.send(`${ping}: pong`);
 * console.log(await client.receiveText()); // [ "ping: pong" ]
 * await broker.stop();
 * ```
 */
export function queue(frontend: DeviceEndpoints, backend: DeviceEndpoints, options: DeviceOptions = {}): Device {
  return device(
    new Router({ context: options.context }),
    new Dealer({ context: options.context }),
    frontend,
    backend,
    options,
  );
}

/**
 * XSUB frontend (publishers connect or are connected to) and XPUB backend (subscribers): the
 * forwarder. Subscriptions travel upstream, so publishers filter at the source and subscribers
 * that join late get what they subscribed to from then on.
 *
 * @example A forwarder publishers and subscribers both connect to
 * ```ts ignore
 * const hub = forwarder("tcp://*:5570", "tcp://*:5571");
 * // publishers: new Publisher().connect("tcp://hub:5570"); subscribers: new Subscriber().connect("tcp://hub:5571")
 * await hub.stop();
 * ```
 */
export function forwarder(frontend: DeviceEndpoints, backend: DeviceEndpoints, options: DeviceOptions = {}): Device {
  return device(
    new XSubscriber({ context: options.context }),
    new XPublisher({ context: options.context }),
    frontend,
    backend,
    options,
  );
}

/**
 * PULL frontend (pushers) and PUSH backend (pullers): the streamer, one pipeline stage.
 *
 * @example Collect from pushers that bind, hand out to pullers that connect
 * ```ts ignore
 * const stage = streamer(">tcp://ventilator:5557", "tcp://*:5558"); // ">" connects
 * await stage.stop();
 * ```
 */
export function streamer(frontend: DeviceEndpoints, backend: DeviceEndpoints, options: DeviceOptions = {}): Device {
  return device(
    new Pull({ context: options.context }),
    new Push({ context: options.context }),
    frontend,
    backend,
    options,
  );
}

function attach(socket: Socket, endpoints: DeviceEndpoints, role: string): string[] {
  const list = typeof endpoints === "string" ? [endpoints] : endpoints;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(`the ${role} endpoints must be a string or a non-empty array of strings`);
  }
  return list.map((endpoint: unknown) => {
    if (typeof endpoint !== "string") {
      throw new TypeError(`a ${role} endpoint must be a string, not ${typeof endpoint}`);
    }
    if (endpoint.startsWith(">")) {
      socket.connect(endpoint.slice(1));
      return endpoint.slice(1);
    }
    return socket.bind(endpoint.startsWith("@") ? endpoint.slice(1) : endpoint);
  });
}

function device(
  frontend: Socket,
  backend: Socket,
  frontendEndpoints: DeviceEndpoints,
  backendEndpoints: DeviceEndpoints,
  options: DeviceOptions,
): Device {
  let proxy: Proxy;
  let endpoints: Device["endpoints"];
  try {
    if (typeof options !== "object" || options === null) throw new TypeError("device options must be an object");
    endpoints = {
      frontend: attach(frontend, frontendEndpoints, "frontend"),
      backend: attach(backend, backendEndpoints, "backend"),
    };
    proxy = new Proxy(frontend, backend, { capture: options.capture });
  } catch (e) {
    frontend.close();
    backend.close();
    throw e;
  }
  const run = proxy.run();
  let ended = false;
  const done = run.finally(() => {
    ended = true;
    frontend.close();
    backend.close();
  });
  done.catch(() => {});
  let stopping: Promise<void> | null = null;
  return {
    proxy,
    endpoints,
    done,
    statistics: () => proxy.statistics(),
    stop(): Promise<void> {
      stopping ??= (async () => {
        // terminate() only refuses (EFSM) a proxy that already ended: nothing left to stop.
        if (!ended && proxy.state !== "ended") await proxy.terminate().catch(() => {});
        await done.catch(() => {});
      })();
      return stopping;
    },
  };
}
