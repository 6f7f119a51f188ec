// The browser's reactions store: one update per frame however many events,
// versions that make duplicates and late answers harmless, changes heard
// while a page's summary loads kept, and optimistic toggles undone on refusal.
import { describe, expect, it } from "vitest";
import { ReactionStore } from "@/lib/reactions/reaction-store";
import { reactedBy, type ReactionChanged, type ReactionSummary } from "@/lib/reactions/reactions";

const me = { id: "me", name: "Me" };

function change(over: Partial<ReactionChanged> & { version: number; count: number }): ReactionChanged {
  return { subject: { kind: "message", id: "m1" }, emoji: "👍", reacted: true, user: { id: "u1", name: "Ann" }, ...over };
}

function setup(summaries: ReactionSummary[] = [{ id: "m1", version: 10, reactions: [] }]) {
  const frames: (() => void)[] = [];
  const loads: string[][] = [];
  let answer: (value: ReactionSummary[]) => void = () => undefined;
  const store = new ReactionStore({
    viewerId: me.id,
    load: (_kind, ids) => {
      loads.push(ids);
      return new Promise((resolve) => (answer = resolve));
    },
    schedule: (fn) => void frames.push(fn),
  });
  const frame = () => frames.splice(0).forEach((f) => f());
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { store, frame, loads, tick, answer: (s = summaries) => answer(s) };
}

describe("ReactionStore", () => {
  it("asks once for the subjects a page shows together, and keeps changes heard while loading", async () => {
    const { store, frame, loads, tick, answer } = setup([
      { id: "m1", version: 10, reactions: [{ emoji: "👍", count: 2, mine: false, names: ["Ann", "Bo"] }] },
      { id: "m2", version: 10, reactions: [] },
    ]);
    store.want("message", "m1");
    store.want("message", "m2");
    await tick();
    expect(loads).toEqual([["m1", "m2"]]);
    expect(store.get("message", "m1")).toBeUndefined();
    // Heard before the answer: one the summary includes (version 9), one it does not (11).
    store.receive(change({ version: 9, count: 2, user: { id: "u2", name: "Bo" } }));
    store.receive(change({ version: 11, count: 3, user: { id: "u3", name: "Cy" } }));
    frame();
    answer();
    await tick();
    frame();
    expect(store.get("message", "m1")).toEqual([{ emoji: "👍", count: 3, mine: false, names: ["Ann", "Bo", "Cy"] }]);
    expect(store.get("message", "m2")).toEqual([]);
  });

  it("applies a burst in one update, skips duplicates and older versions", async () => {
    const { store, frame, tick, answer } = setup();
    store.want("message", "m1");
    await tick();
    answer();
    await tick();
    frame();
    let renders = 0;
    store.subscribe(() => renders++);
    for (let v = 11; v <= 110; v++) store.receive(change({ version: v, count: v - 10, user: { id: `u${v}`, name: `P${v}` } }));
    store.receive(change({ version: 50, count: 40 })); // late duplicate
    frame();
    expect(renders).toBe(1);
    expect(store.get("message", "m1")![0]).toMatchObject({ count: 100, mine: false });
    // Unchanged subjects keep their snapshot (React skips them).
    const before = store.get("message", "m1");
    frame();
    expect(store.get("message", "m1")).toBe(before);
  });

  it("shows a toggle at once, settles on the answer, and undoes a refused one", async () => {
    const { store, frame, tick, answer } = setup();
    store.want("message", "m1");
    await tick();
    answer();
    await tick();
    frame();

    let resolve!: (c: ReactionChanged) => void;
    const done = store.toggle("message", "m1", "🎉", () => new Promise((r) => (resolve = r)));
    frame();
    expect(store.get("message", "m1")).toEqual([{ emoji: "🎉", count: 1, mine: true, names: [] }]);
    // Someone else's event before the answer: their count does not include mine yet.
    store.receive(change({ emoji: "🎉", version: 11, count: 1 }));
    frame();
    expect(store.get("message", "m1")).toEqual([{ emoji: "🎉", count: 2, mine: true, names: ["Ann"] }]);
    await tick(); // sent once the previous toggle of 🎉 (none) settled
    resolve(change({ emoji: "🎉", version: 12, count: 2, user: me }));
    await done;
    frame();
    expect(store.get("message", "m1")).toEqual([{ emoji: "🎉", count: 2, mine: true, names: ["Ann"] }]);

    const refused = store.toggle("message", "m1", "🎉", () => Promise.reject(new Error("You are reacting too fast.")));
    frame();
    expect(store.get("message", "m1")![0]).toMatchObject({ count: 1, mine: false });
    await expect(refused).rejects.toThrow("too fast");
    frame();
    expect(store.get("message", "m1")![0]).toMatchObject({ count: 2, mine: true });
  });

  it("knows a new message has none (no query), and ignores subjects nobody shows", async () => {
    const { store, frame, loads, tick } = setup();
    store.applyEvent({
      id: 5,
      type: "message.created",
      channel: "presence-room.r",
      at: "",
      data: { message: { id: "new", roomId: "r", body: "hi", author: { id: "u1", name: "Ann" }, createdAt: "", editedAt: null } },
    });
    store.want("message", "new");
    store.receive(change({ subject: { kind: "message", id: "new" }, version: 6, count: 1 }));
    store.receive(change({ subject: { kind: "message", id: "elsewhere" }, version: 7, count: 1 }));
    frame();
    await tick();
    expect(loads).toEqual([]);
    expect(store.get("message", "new")).toEqual([{ emoji: "👍", count: 1, mine: false, names: ["Ann"] }]);
    expect(store.get("message", "elsewhere")).toBeUndefined();
  });
});

describe("reactedBy", () => {
  it("names the first few, you first, and counts the rest", () => {
    expect(reactedBy({ names: ["Alice"], count: 1, mine: false })).toBe("Alice");
    expect(reactedBy({ names: [], count: 1, mine: true })).toBe("You");
    expect(reactedBy({ names: ["Alice"], count: 2, mine: true })).toBe("You and Alice");
    expect(reactedBy({ names: ["Alice", "Bob", "Cy", "Di"], count: 5, mine: false })).toBe("Alice, Bob, Cy and 2 others");
    expect(reactedBy({ names: ["Alice", "Bob"], count: 4, mine: false })).toBe("Alice, Bob and 2 others");
    expect(reactedBy({ names: ["Alice", "Bob"], count: 3, mine: true })).toBe("You, Alice and Bob");
    expect(reactedBy({ names: [], count: 3, mine: false })).toBe("3 people");
  });
});
