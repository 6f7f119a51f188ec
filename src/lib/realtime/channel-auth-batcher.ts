// pusher-js asks for one channel's signature at a time: when a socket
// connects it subscribes every channel the page holds, one authorization
// request each, and each request reads the session again on the server.
// This authorizer (pusher-js's `channelAuthorization.customHandler`) gathers
// the requests pusher-js makes in one turn of the event loop into one call
// to /api/realtime/auth/batch, which asks each channel exactly as the
// one-channel route does, and answers each subscription its own way:
// a signature, or a refusal (pusher:subscription_error). Framework-free.

/** The most channels one batch request may carry (the route refuses more). */
export const CHANNEL_AUTH_BATCH_MAX = 50;

export type ChannelAuthData = { auth: string; channel_data?: string; shared_secret?: string };
type Callback = (error: Error | null, data: ChannelAuthData | null) => void;
type Answer = { status: number; auth?: string; channel_data?: string; error?: string };
type Waiting = { socketId: string; channelName: string; callback: Callback };

export class ChannelAuthError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ChannelAuthError";
  }
}

export class ChannelAuthBatcher {
  private pending: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly options: {
      endpoint?: string;
      /** The HTTP call (tests pass their own); defaults to the browser's fetch. */
      fetch?: (url: string, init: RequestInit) => Promise<Response>;
    } = {},
  ) {}

  /** pusher-js's customHandler. */
  readonly authorize = (params: { socketId: string; channelName: string }, callback: Callback): void => {
    this.pending.push({ ...params, callback });
    if (this.scheduled) return;
    this.scheduled = true;
    // pusher-js subscribes a connection's channels in one loop, and a React
    // commit runs every effect's subscribe in one go: a microtask later all
    // of them are here, with no delay added.
    queueMicrotask(() => this.flush());
  };

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    // A reconnect gives a new socket id: each request is for one socket.
    const bySocket = new Map<string, Waiting[]>();
    for (const w of batch) bySocket.set(w.socketId, [...(bySocket.get(w.socketId) ?? []), w]);
    for (const [socketId, waiting] of bySocket) {
      for (let i = 0; i < waiting.length; i += CHANNEL_AUTH_BATCH_MAX) {
        void this.send(socketId, waiting.slice(i, i + CHANNEL_AUTH_BATCH_MAX));
      }
    }
  }

  private async send(socketId: string, waiting: Waiting[]): Promise<void> {
    const channelNames = [...new Set(waiting.map((w) => w.channelName))];
    let answers: Record<string, Answer>;
    try {
      const doFetch = this.options.fetch ?? ((url, init) => fetch(url, init));
      const response = await doFetch(this.options.endpoint ?? "/api/realtime/auth/batch", {
        method: "POST",
        headers: { "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ socket_id: socketId, channel_names: channelNames }),
      });
      const body = (await response.json().catch(() => null)) as { channels?: Record<string, Answer>; error?: string } | null;
      if (!response.ok || !body?.channels) {
        const error = new ChannelAuthError(body?.error ?? `Channel authorization failed (${response.status})`, response.status);
        for (const w of waiting) w.callback(error, null);
        return;
      }
      answers = body.channels;
    } catch (error) {
      const failure = new ChannelAuthError(`Channel authorization failed: ${String(error)}`, 0);
      for (const w of waiting) w.callback(failure, null);
      return;
    }
    for (const w of waiting) {
      const answer = answers[w.channelName];
      if (answer?.status === 200 && typeof answer.auth === "string") {
        w.callback(null, { auth: answer.auth, ...(answer.channel_data ? { channel_data: answer.channel_data } : {}) });
      } else {
        w.callback(new ChannelAuthError(answer?.error ?? "You may not subscribe to this channel.", answer?.status ?? 403), null);
      }
    }
  }
}
