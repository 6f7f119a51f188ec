import { describe, expect, it } from "vitest";
import { CHANNEL_AUTH_BATCH_MAX, ChannelAuthBatcher, ChannelAuthError, type ChannelAuthData } from "@/lib/realtime/channel-auth-batcher";

type Sent = { socket_id: string; channel_names: string[] };

/** A batcher whose "server" signs every channel but those of user "other", and records each request. */
function recordingBatcher(options: { status?: number } = {}) {
  const sent: Sent[] = [];
  const batcher = new ChannelAuthBatcher({
    fetch: async (_url, init) => {
      const body = JSON.parse(String(init.body)) as Sent;
      sent.push(body);
      if (options.status) return Response.json({ error: "Sign in again." }, { status: options.status });
      const channels = Object.fromEntries(
        body.channel_names.map((name) => [
          name,
          name.includes("other") ? { status: 403, error: "You may not subscribe to this channel." } : { status: 200, auth: `key:${body.socket_id}:${name}` },
        ]),
      );
      return Response.json({ channels });
    },
  });
  return { batcher, sent };
}

/** pusher-js's side: asks for one channel and resolves with what its callback got. */
function ask(batcher: ChannelAuthBatcher, socketId: string, channelName: string) {
  return new Promise<{ error: Error | null; data: ChannelAuthData | null }>((resolve) =>
    batcher.authorize({ socketId, channelName }, (error, data) => resolve({ error, data })),
  );
}

describe("ChannelAuthBatcher", () => {
  it("authorises every channel asked for in one turn with one request and answers each its own way", async () => {
    const { batcher, sent } = recordingBatcher();
    const [mine, feed, other] = await Promise.all([
      ask(batcher, "1.2", "private-user.me"),
      ask(batcher, "1.2", "private-feed"),
      ask(batcher, "1.2", "private-user.other"),
    ]);
    expect(sent).toEqual([{ socket_id: "1.2", channel_names: ["private-user.me", "private-feed", "private-user.other"] }]);
    expect(mine).toEqual({ error: null, data: { auth: "key:1.2:private-user.me" } });
    expect(feed.data).toEqual({ auth: "key:1.2:private-feed" });
    expect(other.data).toBeNull();
    expect(other.error).toBeInstanceOf(ChannelAuthError);
    expect((other.error as ChannelAuthError).status).toBe(403);
  });

  it("makes one request per socket and splits a long list", async () => {
    const { batcher, sent } = recordingBatcher();
    const names = Array.from({ length: CHANNEL_AUTH_BATCH_MAX + 3 }, (_, i) => `private-post.${i}`);
    await Promise.all([...names.map((n) => ask(batcher, "1.2", n)), ask(batcher, "3.4", "private-feed")]);
    expect(sent.map((s) => [s.socket_id, s.channel_names.length])).toEqual([
      ["1.2", CHANNEL_AUTH_BATCH_MAX],
      ["1.2", 3],
      ["3.4", 1],
    ]);
  });

  it("asks again in a later turn, and refuses every channel of a refused request", async () => {
    const { batcher, sent } = recordingBatcher();
    await ask(batcher, "1.2", "private-feed");
    await ask(batcher, "1.2", "private-user.me");
    expect(sent).toHaveLength(2);

    const refused = recordingBatcher({ status: 401 }).batcher;
    const answers = await Promise.all([ask(refused, "1.2", "private-feed"), ask(refused, "1.2", "private-user.me")]);
    for (const answer of answers) {
      expect(answer.data).toBeNull();
      expect((answer.error as ChannelAuthError).status).toBe(401);
    }
  });
});
