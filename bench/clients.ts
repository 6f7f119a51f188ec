// The benchmark's clients. Each reports the benchmark index of every event it
// receives (events carry the title "b<index>") through one callback.
//  - LightPusherClient: a bare WebSocket speaking the Pusher protocol, which
//    finds the index with a regular expression in the raw frame, so that a
//    thousand of them in one process measure the server, not JSON parsing;
//  - pusherJsClient: pusher-js, as a browser tab has it (parses everything);
//  - socketIoClient: socket.io-client, for the Socket.IO references;
//  - PayloadProbe: one client that measures the size of what arrives.
import { createHmac } from "node:crypto";
import PusherJs from "pusher-js";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { jsonBytes } from "./payload";

export type Arrival = (index: number) => void;
export type Credentials = { key: string; secret: string };

/** What the app's auth route answers for an allowed private channel. */
export function signChannel(credentials: Credentials, socketId: string, channel: string): string {
  const signature = createHmac("sha256", credentials.secret).update(`${socketId}:${channel}`).digest("hex");
  return `${credentials.key}:${signature}`;
}

/**
 * What the app's user-authentication route answers: the Soketi the app
 * starts closes a connection that has not signed in within 30 s.
 */
export function signUser(credentials: Credentials, socketId: string): { auth: string; user_data: string } {
  const userData = JSON.stringify({ id: `bench-${socketId}` });
  const signature = createHmac("sha256", credentials.secret).update(`${socketId}::user::${userData}`).digest("hex");
  return { auth: `${credentials.key}:${signature}`, user_data: userData };
}

// The title inside the event's JSON data, itself a JSON string in the frame.
const TITLE = /\\"title\\":\\"b(\d+)\\"/;

// Soketi closes a connection that is silent for 120 s; like pusher-js, a
// client that has nothing to say pings now and then.
const PING_EVERY_MS = 30_000;

export class LightPusherClient {
  private readonly pinger: NodeJS.Timeout;

  private constructor(private readonly ws: WebSocket) {
    this.pinger = setInterval(() => ws.send(JSON.stringify({ event: "pusher:ping", data: {} })), PING_EVERY_MS);
  }

  static connect(port: number, credentials: Credentials, channels: string[], onArrival: Arrival): Promise<LightPusherClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${credentials.key}?protocol=7&client=bench&version=1.0`);
    return new Promise((resolve, reject) => {
      let pending = channels.length;
      ws.once("error", reject);
      ws.on("message", (raw) => {
        const text = raw.toString();
        const match = TITLE.exec(text);
        if (match) return onArrival(Number(match[1]));
        if (text.includes("pusher:connection_established")) {
          const socketId = (JSON.parse((JSON.parse(text) as { data: string }).data) as { socket_id: string }).socket_id;
          ws.send(JSON.stringify({ event: "pusher:signin", data: signUser(credentials, socketId) }));
          for (const channel of channels) {
            const auth = signChannel(credentials, socketId, channel);
            ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth } }));
          }
        } else if (text.includes("subscription_succeeded")) {
          if (--pending === 0) resolve(new LightPusherClient(ws));
        } else if (text.includes("pusher:ping")) {
          ws.send(JSON.stringify({ event: "pusher:pong", data: {} }));
        } else if (text.includes("pusher:error") || text.includes("subscription_error")) {
          reject(new Error(`Soketi refused: ${text}`));
        }
      });
    });
  }

  close(): void {
    clearInterval(this.pinger);
    this.ws.close();
  }
}

// pusher-js as a browser has it, except that it signs private subscriptions
// itself (the benchmark holds the secret) instead of asking the app's auth
// route: the benchmarks measure delivery, not the auth route.
export function pusherJs(port: number, credentials: Credentials) {
  const client = new PusherJs(credentials.key, {
    cluster: "mt1",
    wsHost: "127.0.0.1",
    wsPort: port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      endpoint: "/unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) =>
        callback(null, { auth: signChannel(credentials, socketId, channelName) }),
    },
    userAuthentication: {
      endpoint: "/unused",
      transport: "ajax",
      customHandler: ({ socketId }, callback) => callback(null, signUser(credentials, socketId)),
    },
  });
  client.signin();
  return client;
}

export function pusherJsClient(port: number, credentials: Credentials, channel: string, onArrival: Arrival) {
  const client = pusherJs(port, credentials);
  const subscription = client.subscribe(channel);
  subscription.bind_global((name: string, data: unknown) => {
    if (name.startsWith("pusher")) return;
    const envelope = data as { data?: { notification?: { title?: string } } };
    const title = envelope.data?.notification?.title;
    if (title) onArrival(Number(title.slice(1)));
  });
  return new Promise<{ close(): void }>((resolve, reject) => {
    subscription.bind("pusher:subscription_succeeded", () => resolve({ close: () => client.disconnect() }));
    subscription.bind("pusher:subscription_error", (e: unknown) => reject(new Error(JSON.stringify(e))));
  });
}

export function socketIoClient(port: number, rooms: string[], onArrival: Arrival): Promise<Socket> {
  const socket = io(`http://127.0.0.1:${port}`, { transports: ["websocket"], query: { room: rooms.join(",") } });
  socket.on("n", (message: { title: string }) => onArrival(Number(message.title.slice(1))));
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

/**
 * A client that measures what arrives rather than when: the size in bytes of
 * each event's payload as JSON (the Pusher event's data; the Socket.IO
 * message), for the payload sizes the benchmark prints.
 */
export class PayloadProbe {
  private readonly waiting: ((bytes: number) => void)[] = [];

  private constructor(readonly close: () => void) {}

  /** The size of the next event to arrive; ask before sending it. */
  next(): Promise<number> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private readonly seen = (data: unknown) => this.waiting.shift()?.(jsonBytes(data));

  static async pusher(port: number, credentials: Credentials, channels: string[]): Promise<PayloadProbe> {
    const client = pusherJs(port, credentials);
    const probe = new PayloadProbe(() => client.disconnect());
    await Promise.all(
      channels.map((channel) => {
        const subscription = client.subscribe(channel);
        subscription.bind_global((name: string, data: unknown) => {
          if (!name.startsWith("pusher")) probe.seen(data);
        });
        return new Promise<void>((resolve, reject) => {
          subscription.bind("pusher:subscription_succeeded", () => resolve());
          subscription.bind("pusher:subscription_error", (e: unknown) => reject(new Error(JSON.stringify(e))));
        });
      }),
    );
    return probe;
  }

  static async socketIo(port: number, rooms: string[]): Promise<PayloadProbe> {
    const socket = await socketIoClient(port, rooms, () => {});
    const probe = new PayloadProbe(() => socket.disconnect());
    socket.on("n", probe.seen);
    return probe;
  }
}
