// After a reconnect every subscription of a tab asks what it missed, each
// as its subscription comes back: a few milliseconds apart. The batcher
// gathers the requests of a short window into one call for all channels
// (tRPC `realtime.catchUpMany`) and hands each channel its own answer.
import type { CatchUpAnswer } from "./channel-sequencer";

export type CatchUpRequest = { channel: string; afterId: number };
export type ChannelAnswer =
  | { channel: string; refused: true }
  | ({ channel: string; refused: false } & CatchUpAnswer);

type Waiting = { afterId: number; resolve: (answer: CatchUpAnswer) => void; reject: (error: unknown) => void }[];

export class CatchUpRefusedError extends Error {
  constructor(channel: string) {
    super(`Catching up on ${channel} was refused`);
    this.name = "CatchUpRefusedError";
  }
}

export class CatchUpBatcher {
  private pending = new Map<string, Waiting>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fetchMany: (requests: CatchUpRequest[]) => Promise<readonly ChannelAnswer[]>,
    private readonly options: { windowMs?: number; maxPerCall?: number } = {},
  ) {}

  /** What `channel` missed after `afterId`; answered with the next call for all channels. */
  request(channel: string, afterId: number): Promise<CatchUpAnswer> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(channel) ?? [];
      waiting.push({ afterId, resolve, reject });
      this.pending.set(channel, waiting);
      this.timer ??= setTimeout(() => this.flush(), this.options.windowMs ?? 25);
    });
  }

  private flush(): void {
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    const entries = [...batch.entries()];
    const perCall = this.options.maxPerCall ?? 50;
    for (let i = 0; i < entries.length; i += perCall) void this.send(entries.slice(i, i + perCall));
  }

  private async send(entries: [string, Waiting][]): Promise<void> {
    // Two askers of one channel in a window get the answer for the older id:
    // each applier skips what its state already has.
    const requests = entries.map(([channel, waiting]) => ({
      channel,
      afterId: Math.min(...waiting.map((w) => w.afterId)),
    }));
    let answers: readonly ChannelAnswer[];
    try {
      answers = await this.fetchMany(requests);
    } catch (error) {
      for (const [, waiting] of entries) for (const w of waiting) w.reject(error);
      return;
    }
    const byChannel = new Map(answers.map((answer) => [answer.channel, answer]));
    for (const [channel, waiting] of entries) {
      const answer = byChannel.get(channel);
      for (const w of waiting) {
        if (!answer || answer.refused) w.reject(new CatchUpRefusedError(channel));
        else w.resolve({ events: answer.events, reset: answer.reset });
      }
    }
  }
}
