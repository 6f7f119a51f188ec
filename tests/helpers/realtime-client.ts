// A pusher-js client as a browser tab has it: it connects to the run's Soketi,
// signs in as its user and authorizes private channels through the app's
// real route handlers.
import Pusher from "pusher-js";
import type { SessionUser } from "@/server/auth";
import { parseEnvelope, type EventEnvelope } from "@/lib/events";
import { ChannelSequencer, type CatchUpAnswer, type EventSource } from "@/lib/realtime/channel-sequencer";
import { requestChannelAuth, requestChannelAuthWithToken, requestUserAuth, requestUserAuthWithToken } from "./channel-auth";

export type SubscriptionOutcome = { ok: true } | { ok: false; status: number };

/** A protocol frame as Soketi sent it to this socket (user_id only on presence channels' client events). */
export type Frame = { event: string; channel?: string; data: unknown; user_id?: string };

export class RealtimeTestClient {
  readonly pusher: Pusher;
  /** Every event received, in arrival order, per channel. */
  readonly received = new Map<string, EventEnvelope[]>();
  /** Every frame received for a channel, unfiltered: what an attacker's events look like on the wire. */
  readonly frames: Frame[] = [];
  /** Every refused (re)subscription, with the auth route's status, per channel. */
  readonly refusals = new Map<string, number[]>();

  /** `token`: authorize as a program holding this personal access token instead of `user`'s session. */
  constructor(user: SessionUser | null, options: { port?: number; token?: string } = {}) {
    const { token } = options;
    this.pusher = new Pusher(process.env.PUSHER_KEY!, {
      cluster: "mt1",
      wsHost: "127.0.0.1",
      wsPort: options.port ?? Number(process.env.PUSHER_PORT),
      forceTLS: false,
      enabledTransports: ["ws"],
      channelAuthorization: {
        endpoint: "/api/realtime/auth",
        transport: "ajax",
        customHandler: async ({ socketId, channelName }, callback) => {
          const res = token
            ? await requestChannelAuthWithToken(token, channelName, socketId)
            : await requestChannelAuth(user, channelName, socketId);
          if (res.ok) callback(null, await res.json());
          // pusher-js passes a custom handler's error on as its message only.
          else callback(new Error(`auth route answered ${res.status}`), null);
        },
      },
      userAuthentication: {
        endpoint: "/api/realtime/user-auth",
        transport: "ajax",
        customHandler: async ({ socketId }, callback) => {
          const res = token ? await requestUserAuthWithToken(token, socketId) : await requestUserAuth(user, socketId);
          if (res.ok) callback(null, await res.json());
          else callback(new Error(`user-auth route answered ${res.status}`), null);
        },
      },
    });
    this.pusher.connection.bind("message", (frame: Frame) => {
      if (frame.channel) this.frames.push(frame);
    });
    // As the browser does for a signed-in person (realtime-provider.tsx).
    if (user || token) this.pusher.signin();
  }

  /**
   * Writes a frame to the socket as it is (`{ event, channel, data }`), as
   * anyone holding a subscription can: what a forger sends, not what the app does.
   */
  sendRaw(channel: string, event: string, data: unknown): void {
    this.pusher.send_event(event, data, channel);
  }

  /**
   * Follows a channel as the browser's useChannelEvents does: every event
   * pusher-js delivers goes to a ChannelSequencer starting at `baselineId`,
   * and every (re)subscription starts with a catch-up (pusher-js resubscribes
   * after a reconnect; what was sent meanwhile is gone). Returns what it
   * applied, and whether each came live or by catch-up.
   */
  followLikeBrowser(
    channelName: string,
    options: {
      baselineId: number;
      catchUp: (afterId: number) => Promise<CatchUpAnswer>;
      /** Reloads the view (a reset); without it, a reload is an error. */
      reload?: () => Promise<number>;
    },
  ): { applied: EventEnvelope[]; sources: EventSource[]; sequencer: ChannelSequencer; stop: () => void } {
    const applied: EventEnvelope[] = [];
    const sources: EventSource[] = [];
    const sequencer = new ChannelSequencer({
      channel: channelName,
      baselineId: options.baselineId,
      apply: (event, source) => {
        applied.push(event);
        sources.push(source);
      },
      catchUp: options.catchUp,
      reload: options.reload ?? (() => Promise.reject(new Error(`${channelName} asked for a reload`))),
      onError: (error) => console.warn(error),
    });
    const channel = this.pusher.channel(channelName) ?? this.pusher.subscribe(channelName);
    const onMessage = (name: string, data: unknown) => sequencer.receive(name, data);
    const onSubscribed = () => sequencer.resync();
    channel.bind_global(onMessage);
    channel.bind("pusher:subscription_succeeded", onSubscribed);
    if (channel.subscribed) sequencer.resync();
    return {
      applied,
      sources,
      sequencer,
      stop: () => {
        channel.unbind_global(onMessage);
        channel.unbind("pusher:subscription_succeeded", onSubscribed);
        sequencer.dispose();
      },
    };
  }

  /** Resolves once the connection is signed in as its user (after every reconnect too). */
  async signedIn(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.pusher.user.user_data) {
      if (Date.now() > deadline) throw new Error("the connection never signed in");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Connects again after the server closed the connection (what the browser's provider does). */
  reconnect(): void {
    this.pusher.connect();
  }

  /** Subscribes and resolves once Soketi confirms, or with the refusal. */
  subscribe(channelName: string): Promise<SubscriptionOutcome> {
    const channel = this.pusher.subscribe(channelName);
    this.received.set(channelName, this.received.get(channelName) ?? []);
    channel.bind_global((eventName: string, data: unknown) => {
      if (eventName.startsWith("pusher:")) return;
      const envelope = parseEnvelope(data);
      if (envelope) this.received.get(channelName)!.push(envelope);
    });
    return new Promise((resolve) => {
      channel.bind("pusher:subscription_succeeded", () => resolve({ ok: true }));
      channel.bind("pusher:subscription_error", (error: { status?: number; error?: string }) => {
        const status = error.status ?? Number(/answered (\d{3})/.exec(error.error ?? "")?.[1]);
        this.refusals.set(channelName, [...(this.refusals.get(channelName) ?? []), status]);
        resolve({ ok: false, status });
      });
    });
  }

  events(channelName: string): EventEnvelope[] {
    return this.received.get(channelName) ?? [];
  }

  /** Waits until `count` events arrived on the channel (or fails after `timeoutMs`). */
  async waitForEvents(channelName: string, count: number, timeoutMs = 10_000): Promise<EventEnvelope[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events(channelName).length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `expected ${count} events on ${channelName}, got ${this.events(channelName).length}: ` +
            JSON.stringify(this.events(channelName).map((e) => [e.id, e.type])),
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.events(channelName);
  }

  /** Waits until the channel is subscribed (again, after a reconnect). */
  async waitForSubscribed(channelName: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.pusher.channel(channelName)?.subscribed) {
      if (Date.now() > deadline) throw new Error(`${channelName} was never subscribed`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until a (re)subscription to the channel was refused (or fails after `timeoutMs`). */
  async waitForRefusal(channelName: string, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!this.refusals.get(channelName)?.length) {
      if (Date.now() > deadline) throw new Error(`no refusal of ${channelName}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.refusals.get(channelName)!.at(-1)!;
  }

  waitForState(state: string, timeoutMs = 15_000): Promise<void> {
    if (this.pusher.connection.state === state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connection never reached "${state}"`)), timeoutMs);
      const listener = ({ current }: { current: string }) => {
        if (current !== state) return;
        clearTimeout(timer);
        this.pusher.connection.unbind("state_change", listener);
        resolve();
      };
      this.pusher.connection.bind("state_change", listener);
    });
  }

  disconnect(): void {
    this.pusher.disconnect();
  }
}
