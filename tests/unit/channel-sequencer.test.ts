import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventEnvelope } from "@/lib/events";
import { ChannelSequencer, type CatchUpAnswer, type EventSource } from "@/lib/realtime/channel-sequencer";

const CHANNEL = "private-user.u1";

function created(id: number, channel = CHANNEL) {
  return {
    id,
    type: "notification.created",
    channel,
    at: new Date(0).toISOString(),
    data: {
      notification: {
        id: `n${id}`,
        type: "admin.message",
        title: `Title ${id}`,
        body: "",
        link: null,
        senderName: null,
        createdAt: new Date(0).toISOString(),
        readAt: null,
      },
      unreadCount: id,
    },
  };
}

type Deferred<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void };
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks (the sequencer's awaits) run. */
async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/**
 * A sequencer whose catch-up and reload answers the test gives by hand:
 * each call waits in `catchUps` / `reloads` until resolved.
 */
function setup(baselineId = 0) {
  const applied: { id: number; source: EventSource }[] = [];
  const catchUps: { afterId: number; answer: Deferred<CatchUpAnswer> }[] = [];
  const reloads: Deferred<number>[] = [];
  const errors: unknown[] = [];
  const sequencer = new ChannelSequencer({
    channel: CHANNEL,
    baselineId,
    apply: (event: EventEnvelope, source) => applied.push({ id: event.id, source }),
    catchUp: (afterId) => {
      const answer = deferred<CatchUpAnswer>();
      catchUps.push({ afterId, answer });
      return answer.promise;
    },
    reload: () => {
      const answer = deferred<number>();
      reloads.push(answer);
      return answer.promise;
    },
    onError: (error) => errors.push(error),
    retryDelayMs: () => 1_000,
  });
  const ids = () => applied.map((a) => a.id);
  return { sequencer, applied, ids, catchUps, reloads, errors };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("ChannelSequencer: events in order", () => {
  it("applies each next id at once, without asking the server", () => {
    const { sequencer, ids, applied, catchUps } = setup(0);
    sequencer.receive("notification.created", created(1));
    sequencer.receive("notification.created", created(2));
    sequencer.receive("notification.created", created(3));
    expect(ids()).toEqual([1, 2, 3]);
    expect(applied.every((a) => a.source === "live")).toBe(true);
    expect(sequencer.lastAppliedId).toBe(3);
    expect(catchUps).toHaveLength(0);
  });

  it("starts after the baseline: events the loaded state includes are not applied again", () => {
    const { sequencer, ids, catchUps } = setup(5);
    sequencer.receive("notification.created", created(4));
    sequencer.receive("notification.created", created(5));
    sequencer.receive("notification.created", created(6));
    expect(ids()).toEqual([6]);
    expect(catchUps).toHaveLength(0);
  });

  it("accepts the envelope as a JSON string too", () => {
    const { sequencer, ids } = setup(0);
    sequencer.receive("notification.created", JSON.stringify(created(1)));
    expect(ids()).toEqual([1]);
  });

  it("ignores other channels' events and things that are not envelopes", () => {
    const { sequencer, ids, catchUps } = setup(0);
    sequencer.receive("notification.created", created(1, "private-user.someone-else"));
    sequencer.receive("notification.created", null);
    sequencer.receive("notification.created", "not json");
    sequencer.receive("notification.created", { id: "1", type: "notification.created", channel: CHANNEL });
    sequencer.receive("notification.created", { id: 0, type: "notification.created", channel: CHANNEL });
    expect(ids()).toEqual([]);
    expect(catchUps).toHaveLength(0);
  });
});

describe("ChannelSequencer: duplicates", () => {
  it("drops an id it already applied", () => {
    const { sequencer, ids } = setup(0);
    sequencer.receive("notification.created", created(1));
    sequencer.receive("notification.created", created(1));
    sequencer.receive("notification.created", created(2));
    sequencer.receive("notification.created", created(1));
    sequencer.receive("notification.created", created(2));
    expect(ids()).toEqual([1, 2]);
  });

  it("keeps one copy of a buffered id pushed twice", async () => {
    const { sequencer, ids, catchUps } = setup(0);
    sequencer.receive("notification.created", created(2));
    sequencer.receive("notification.created", created(2));
    sequencer.receive("notification.created", created(1));
    expect(ids()).toEqual([1, 2]);
    // The catch-up asked for when 2 arrived first answers with what is now old.
    catchUps[0]!.answer.resolve({ events: [created(1), created(2)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2]);
  });
});

describe("ChannelSequencer: gaps", () => {
  it("holds an early event back and fills the gap from the server", async () => {
    const { sequencer, ids, catchUps } = setup(1);
    sequencer.receive("notification.created", created(4));
    expect(ids()).toEqual([]);
    expect(catchUps.map((c) => c.afterId)).toEqual([1]);

    catchUps[0]!.answer.resolve({ events: [created(2), created(3), created(4)], reset: false });
    await settle();
    expect(ids()).toEqual([2, 3, 4]);
    expect(catchUps).toHaveLength(1);
  });

  it("applies buffered events once the missing one arrives live, before the catch-up answers", async () => {
    const { sequencer, ids, catchUps } = setup(0);
    sequencer.receive("notification.created", created(2));
    sequencer.receive("notification.created", created(3));
    sequencer.receive("notification.created", created(1)); // late, but delivered after all
    expect(ids()).toEqual([1, 2, 3]);

    catchUps[0]!.answer.resolve({ events: [created(1), created(2), created(3)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2, 3]);
    expect(catchUps).toHaveLength(1);
  });

  it("asks once per gap, not once per early event", () => {
    const { sequencer, catchUps } = setup(0);
    sequencer.receive("notification.created", created(3));
    sequencer.receive("notification.created", created(4));
    sequencer.receive("notification.created", created(5));
    expect(catchUps).toHaveLength(1);
  });

  it("tells apply how each event arrived", async () => {
    const { sequencer, applied, catchUps } = setup(0);
    sequencer.receive("notification.created", created(3));
    catchUps[0]!.answer.resolve({ events: [created(1), created(2), created(3)], reset: false });
    await settle();
    expect(applied).toEqual([
      { id: 1, source: "catch-up" },
      { id: 2, source: "catch-up" },
      { id: 3, source: "live" }, // pushed, held until 1 and 2 came
    ]);
  });

  it("asks again when a catch-up ends with a gap still open", async () => {
    const { sequencer, ids, catchUps } = setup(0);
    sequencer.receive("notification.created", created(3));
    // The answer was read before 5 existed; 5 arrived while it travelled, 4 never came.
    sequencer.receive("notification.created", created(5));
    catchUps[0]!.answer.resolve({ events: [created(1), created(2), created(3)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2, 3]);
    expect(catchUps.map((c) => c.afterId)).toEqual([0, 3]);

    catchUps[1]!.answer.resolve({ events: [created(4), created(5)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2, 3, 4, 5]);
  });

  it("waits before asking again when the server has nothing to fill the gap", async () => {
    vi.useFakeTimers();
    const { sequencer, ids, catchUps } = setup(0);
    sequencer.receive("notification.created", created(2));
    catchUps[0]!.answer.resolve({ events: [], reset: false });
    await settle();
    expect(catchUps).toHaveLength(1); // no tight loop

    await vi.advanceTimersByTimeAsync(1_000);
    expect(catchUps.map((c) => c.afterId)).toEqual([0, 0]);
    catchUps[1]!.answer.resolve({ events: [created(1), created(2)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2]);
  });

  it("retries a failed catch-up after a pause and reports the failure", async () => {
    vi.useFakeTimers();
    const { sequencer, ids, catchUps, errors } = setup(0);
    sequencer.receive("notification.created", created(2));
    catchUps[0]!.answer.reject(new Error("network down"));
    await settle();
    expect(errors).toHaveLength(1);
    expect(catchUps).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(catchUps).toHaveLength(2);
    catchUps[1]!.answer.resolve({ events: [created(1), created(2)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2]);
  });
});

describe("ChannelSequencer: reconnecting", () => {
  it("catches up from the last applied id when the subscription (re)starts", async () => {
    const { sequencer, ids, applied, catchUps } = setup(0);
    sequencer.receive("notification.created", created(1));
    sequencer.receive("notification.created", created(2));
    sequencer.resync();
    expect(catchUps.map((c) => c.afterId)).toEqual([2]);

    catchUps[0]!.answer.resolve({ events: [created(3), created(4)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2, 3, 4]);
    expect(applied.slice(2).every((a) => a.source === "catch-up")).toBe(true);
  });

  it("applies each event once when live pushes and the catch-up overlap", async () => {
    const { sequencer, ids, catchUps } = setup(2);
    sequencer.resync();
    // While the catch-up is in flight, the server pushes 3 and 4 live.
    sequencer.receive("notification.created", created(3));
    sequencer.receive("notification.created", created(4));
    expect(ids()).toEqual([3, 4]);

    catchUps[0]!.answer.resolve({ events: [created(3), created(4), created(5)], reset: false });
    await settle();
    sequencer.receive("notification.created", created(5)); // the late push of what the catch-up gave
    sequencer.receive("notification.created", created(6));
    expect(ids()).toEqual([3, 4, 5, 6]);
  });

  it("runs another catch-up when reconnecting during one, from where the first left off", async () => {
    const { sequencer, ids, catchUps } = setup(0);
    sequencer.resync();
    sequencer.resync(); // reconnected again before the answer: it may be too old
    expect(catchUps).toHaveLength(1);

    catchUps[0]!.answer.resolve({ events: [created(1)], reset: false });
    await settle();
    expect(catchUps.map((c) => c.afterId)).toEqual([0, 1]);
    catchUps[1]!.answer.resolve({ events: [created(2)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2]);
    expect(catchUps).toHaveLength(2);
  });

  it("with nothing missed, a catch-up applies nothing", async () => {
    const { sequencer, ids, catchUps } = setup(7);
    sequencer.resync();
    catchUps[0]!.answer.resolve({ events: [], reset: false });
    await settle();
    expect(ids()).toEqual([]);
    expect(sequencer.lastAppliedId).toBe(7);
  });
});

describe("ChannelSequencer: reset", () => {
  it("reloads the state when the server cannot fill the gap, then continues from the new baseline", async () => {
    const { sequencer, ids, catchUps, reloads } = setup(0);
    sequencer.resync();
    catchUps[0]!.answer.resolve({ events: [], reset: true });
    await settle();
    expect(reloads).toHaveLength(1);

    // Pushed while the state reloads: held until the new baseline is known.
    sequencer.receive("notification.created", created(250));
    sequencer.receive("notification.created", created(251));
    expect(ids()).toEqual([]);

    reloads[0]!.resolve(250); // the snapshot already includes 250
    await settle();
    expect(ids()).toEqual([251]);
    expect(sequencer.lastAppliedId).toBe(251);
    expect(catchUps).toHaveLength(1);
  });

  it("fetches events between the new baseline and those held during the reload", async () => {
    const { sequencer, ids, catchUps, reloads } = setup(0);
    sequencer.resync();
    catchUps[0]!.answer.resolve({ events: [], reset: true });
    await settle();
    sequencer.receive("notification.created", created(303));
    reloads[0]!.resolve(300);
    await settle();
    expect(catchUps.map((c) => c.afterId)).toEqual([0, 300]);
    catchUps[1]!.answer.resolve({ events: [created(301), created(302), created(303)], reset: false });
    await settle();
    expect(ids()).toEqual([301, 302, 303]);
  });

  it("catches up after the reload when the connection came back during it", async () => {
    const { sequencer, catchUps, reloads } = setup(0);
    sequencer.resync();
    catchUps[0]!.answer.resolve({ events: [], reset: true });
    await settle();
    sequencer.resync(); // reconnected while reloading
    expect(catchUps).toHaveLength(1);
    reloads[0]!.resolve(40);
    await settle();
    expect(catchUps.map((c) => c.afterId)).toEqual([0, 40]);
  });

  it("retries a failed reload", async () => {
    vi.useFakeTimers();
    const { sequencer, ids, catchUps, reloads, errors } = setup(0);
    sequencer.resync();
    catchUps[0]!.answer.resolve({ events: [], reset: true });
    await settle();
    reloads[0]!.reject(new Error("database busy"));
    await settle();
    expect(errors).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(reloads).toHaveLength(2);
    reloads[1]!.resolve(10);
    await settle();
    sequencer.receive("notification.created", created(11));
    expect(ids()).toEqual([11]);
  });

  it("reloads instead of skipping an event it cannot read", async () => {
    const { sequencer, ids, reloads, errors } = setup(0);
    sequencer.receive("notification.created", created(1));
    sequencer.receive("notification.created", { ...created(2), data: { from: "the future" } });
    sequencer.receive("notification.created", created(3)); // held: the state is being reloaded
    expect(ids()).toEqual([1]);
    expect(errors).toHaveLength(1);
    expect(reloads).toHaveLength(1);

    reloads[0]!.resolve(2);
    await settle();
    expect(ids()).toEqual([1, 3]);
  });

  it("ignores the answer of a catch-up that was in flight when the reload began", async () => {
    const { sequencer, ids, catchUps, reloads } = setup(0);
    sequencer.receive("notification.created", created(3)); // gap: catch-up #0 in flight
    sequencer.receive("notification.created", created(1));
    sequencer.receive("notification.created", { ...created(2), data: { from: "the future" } });
    expect(reloads).toHaveLength(1);
    catchUps[0]!.answer.resolve({ events: [created(1), created(2), created(3), created(4)], reset: false });
    await settle();
    expect(ids()).toEqual([1]);

    reloads[0]!.resolve(3);
    await settle();
    sequencer.receive("notification.created", created(4));
    expect(ids()).toEqual([1, 4]);
  });
});

describe("ChannelSequencer: replaced state and disposal", () => {
  it("re-applies events after an older snapshot's baseline", async () => {
    const { sequencer, ids, catchUps } = setup(0);
    sequencer.receive("notification.created", created(1));
    sequencer.receive("notification.created", created(2));
    sequencer.receive("notification.created", created(3));
    sequencer.rewindTo(1);
    expect(catchUps.map((c) => c.afterId)).toEqual([1]);
    catchUps[0]!.answer.resolve({ events: [created(2), created(3)], reset: false });
    await settle();
    expect(ids()).toEqual([1, 2, 3, 2, 3]);
  });

  it("needs nothing for a newer snapshot", () => {
    const { sequencer, catchUps } = setup(0);
    sequencer.receive("notification.created", created(1));
    sequencer.rewindTo(5);
    expect(sequencer.lastAppliedId).toBe(1);
    expect(catchUps).toHaveLength(0);
  });

  it("applies nothing after dispose, not even a late catch-up answer", async () => {
    const { sequencer, ids, catchUps } = setup(0);
    sequencer.resync();
    sequencer.dispose();
    catchUps[0]!.answer.resolve({ events: [created(1)], reset: false });
    await settle();
    sequencer.receive("notification.created", created(2));
    expect(ids()).toEqual([]);
  });
});

describe("ChannelSequencer: a reset in the channel (an event the server could not deliver)", () => {
  const reset = (id: number) => ({ id, type: "channel.reset", channel: CHANNEL, at: new Date(0).toISOString(), data: { reason: "undeliverable" } });

  it("reloads the state instead of applying the reset, then goes on from the reload's baseline", async () => {
    const { sequencer, ids, reloads } = setup(0);
    sequencer.receive("notification.created", created(1));
    sequencer.receive("channel.reset", reset(2));
    expect(ids()).toEqual([1]);
    expect(reloads).toHaveLength(1);
    // Pushed while reloading; the reload already includes 3.
    sequencer.receive("notification.created", created(3));
    sequencer.receive("notification.created", created(4));
    reloads[0]!.resolve(3);
    await settle();
    expect(ids()).toEqual([1, 4]);
    expect(reloads).toHaveLength(1);
  });

  it("reloads for a reset that arrives by catch-up, and never below the reset's id", async () => {
    const { sequencer, ids, catchUps, reloads } = setup(0);
    sequencer.receive("notification.created", created(3)); // 1 and 2 missed
    expect(catchUps).toHaveLength(1);
    catchUps[0]!.answer.resolve({ events: [created(1), reset(2), created(3)], reset: false });
    await settle();
    expect(ids()).toEqual([1]);
    expect(reloads).toHaveLength(1);
    // A view whose snapshot says an older id must not fetch the reset and
    // reload again: it goes on after the reset (3, pushed earlier, applies).
    reloads[0]!.resolve(1);
    await settle();
    expect(ids()).toEqual([1, 3]);
    expect(sequencer.lastAppliedId).toBe(3);
    expect(catchUps).toHaveLength(1);
    expect(reloads).toHaveLength(1);
  });
});
