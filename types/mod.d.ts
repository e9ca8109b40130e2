/**
 * ZeroMQ for Deno and Bun: thin FFI bindings to the system libzmq, a typed socket layer, and
 * non-blocking I/O woven into the event loop. No compile step, no native addon.
 *
 * ```ts
 * import { Pull, Push } from "zeromq-ffi";
 *
 * using pull = new Pull();
 * const endpoint = pull.bind("tcp://127.0.0.1:*");
 * using push = new Push();
 * push.connect(endpoint);
 *
 * await push.send(["greeting", "hello"]);
 * const [topic, body] = await pull.receive();
 * console.log(new TextDecoder().decode(topic), new TextDecoder().decode(body));
 * ```
 *
 * @module
 */
export { Dealer, type Options, Pair, Publisher, Pull, Push, Reply, Request, Router, type SocketInit, Stream, Subscriber, XPublisher, XSubscriber, } from "./src/sockets.ts";
export type { Readable, Writable } from "./src/readwrite.ts";
export { DEFAULT_LINGER, Socket } from "./src/socket.ts";
export type { OperationOptions, SendOptions } from "./src/waiters.ts";
export { Context, type ContextOptions, defaultContext } from "./src/context.ts";
export { Poller, type PollEvents, type PollResult } from "./src/poller.ts";
export { latencyBudget, setLatencyBudget } from "./src/reactor.ts";
export { ZmqError } from "./src/errors.ts";
export type { Pointer } from "./src/ffi/types.ts";
export { Proxy, type ProxyOptions, type ProxySocketStatistics, type ProxyState, type ProxyStatistics, } from "./src/proxy.ts";
export { type Device, type DeviceEndpoints, type DeviceOptions, forwarder, queue, streamer } from "./src/devices.ts";
export { curveKeyPair, curvePublicKey, has, version, z85Decode, z85Encode } from "./src/capabilities.ts";
export type { Frame, Message } from "./src/frames.ts";
export { type OptionKind, type OptionName, OPTIONS, type OptionSpec, type SocketOptions, type SocketTypeName, } from "./src/options.ts";
export type { CommonOptionProperties, CommonSocketOptions, DealerOptionProperties, DealerSocketOptions, PairOptionProperties, PairSocketOptions, PublisherOptionProperties, PublisherSocketOptions, PullOptionProperties, PullSocketOptions, PushOptionProperties, PushSocketOptions, ReplyOptionProperties, ReplySocketOptions, RequestOptionProperties, RequestSocketOptions, RouterOptionProperties, RouterSocketOptions, SocketOptionsByType, StreamOptionProperties, StreamSocketOptions, SubscriberOptionProperties, SubscriberSocketOptions, XPublisherOptionProperties, XPublisherSocketOptions, XSubscriberOptionProperties, XSubscriberSocketOptions, } from "./src/option_properties.ts";
export { type MonitorAuthEvent, type MonitorErrorEvent, type MonitorEvent, type MonitorFdEvent, type MonitorPlainEvent, type MonitorProtocolEvent, type MonitorRetryEvent, type MonitorUnknownEvent, PROTOCOL_ERRORS, } from "./src/monitor_events.ts";
export { SocketEvents } from "./src/monitor.ts";
export { Authenticator, type AuthenticatorOptions, type CurveKeys, type Passwords, ZAP_ENDPOINT, type ZapHandler, type ZapReply, type ZapRequest, } from "./src/zap.ts";
export { type MessageWithMetadata, type MetadataOptions, STANDARD_PROPERTIES } from "./src/metadata.ts";
